"""The trust register has no pages of its own: trust pages and the home page are the league
app's (league/urls.py), which shows each trust with its results."""

urlpatterns: list = []
