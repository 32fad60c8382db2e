"""How the API writes its answers: compact JSON, and list answers as CSV or XLSX."""

import tablib
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer, JSONRenderer

from league.services.exports import render as render_export


class CompactJSONRenderer(JSONRenderer):
    """UTF-8 JSON without spaces, as the API has always answered."""

    compact = True
    ensure_ascii = False


class TableRenderer(BaseRenderer):
    """A list answer's `results` as a spreadsheet (`?format=csv` or `?format=xlsx`), one row
    per result and one column per field, through the downloads' own writer
    (league.services.exports.render: formulas neutralised, numbers as numbers). An error
    answer is a one-row table of its status, code and message."""

    title = "Data"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        data = data or {}
        rows = [data["error"]] if "error" in data else data.get("results", [])
        flat = [_flat(row) for row in rows]
        headers = list(dict.fromkeys(key for row in flat for key in row))
        table = tablib.Dataset(headers=headers, title=self.title)
        for row in flat:
            table.append([row.get(key) for key in headers])
        return render_export(table, self.format)


class CSVRenderer(TableRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"


class XLSXRenderer(TableRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
    charset = None
    render_style = "binary"


def _flat(row: dict, prefix: str = "") -> dict:
    """{"region": {"code": "Y56"}} -> {"region_code": "Y56"}; lists joined with "; "."""
    flat = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flat(value, f"{name}_"))
        elif isinstance(value, list):
            flat[name] = "; ".join(str(item) for item in value)
        else:
            flat[name] = value
    return flat


class JSONUnlessAsked(DefaultContentNegotiation):
    """`?format=` chooses the format; otherwise an Accept header no renderer matches (a
    browser's text/html, say) still gets JSON, as the API has always answered, not a 406."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            if request.query_params.get(self.settings.URL_FORMAT_OVERRIDE):
                raise
            return renderers[0], renderers[0].media_type
