"""How the API writes its answers."""

from rest_framework.renderers import JSONRenderer


class CompactJSONRenderer(JSONRenderer):
    """UTF-8 JSON without spaces, as the API has always answered."""

    compact = True
    ensure_ascii = False
