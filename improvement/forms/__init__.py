"""Forms for /manage/ and the public filters. Each form names the fields a user may send (an
allow-list): trust, status and NHS England's review never come from a trust leader's form."""
