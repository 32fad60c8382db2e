"""Bad files through every door of the import: never a server error, never a row written.

Hypothesis generates the files (FUZZ_EXAMPLES, default 100; 1,000 before a release): random
bytes, NHS England's header with hostile cells, truncated and re-encoded text, duplicated or
missing columns, spreadsheet formulas, enormous rows, zips that are not workbooks, workbooks with
malformed XML, and a zip bomb.
Each goes through the admin upload (the preview), the admin confirmation (staged as if its
preview had passed, so the import that writes runs on it) and the `import_nof` command, into a
database holding the demonstration data with its published quarters: a bad file that wrote
anything, or changed a stored value, would be seen.
"""

import csv
import io
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db.models import Count, Max, Sum
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from league import staging
from league.admin.imports import SESSION_KEY
from league.models import (
    Assessment,
    Metric,
    MetricValue,
    Period,
    PublishedFigure,
    PublishedLeagueRow,
    RecomputeRun,
    Release,
)
from league.nof_files.columns import DATA_COLUMNS, LEAGUE_COLUMNS
from tests.league import factories
from trusts.models import Trust

pytestmark = pytest.mark.django_db
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))
HEADER = ["Quarter", *DATA_COLUMNS]
LEAGUE_HEADER = list(LEAGUE_COLUMNS)
PAYLOADS = [
    '=HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    "\t=1",
    "<script>alert(1)</script>",
    "Q9 2025/26",
    "RP6",
    "OF0013",
    "1e309",
    "NaN",
    "-0",
    "",
    " ",
    "\x00",
    "1.0",
    "Yes",
    "1 to 2",
    "R!6",
    "ZZZZZZZZ",
]

cells = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(max_size=40),
    st.from_regex(r"-?\d{1,3}\.\d{1,2}", fullmatch=True),
)


@st.composite
def csv_text(draw) -> str:
    header = list(draw(st.sampled_from([HEADER, HEADER[1:], LEAGUE_HEADER])))
    if draw(st.booleans()):
        header = draw(st.permutations(header))
    if draw(st.booleans()) and header:
        header.pop(draw(st.integers(0, len(header) - 1)))
    if draw(st.booleans()) and header:
        header.append(draw(st.sampled_from(header)))
    rows = draw(st.lists(st.lists(cells, min_size=0, max_size=len(header) + 2), max_size=12))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


@st.composite
def bad_file(draw) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(["bytes", "csv", "truncated", "encoded", "huge", "zip", "xlsx"]))
    if kind == "bytes":
        return "junk.csv", draw(st.binary(max_size=4000))
    text = draw(csv_text())
    if kind == "csv":
        return "data.csv", text.encode()
    if kind == "truncated":
        data = ("\ufeff" + text).encode()
        return "cut.csv", data[: draw(st.integers(0, len(data)))]
    if kind == "encoded":
        encoding = draw(st.sampled_from(["utf-16", "utf-32", "cp1252", "latin-1"]))
        return "encoded.csv", (text + "Caf\u00e9 \u00a3").encode(encoding, errors="replace")
    if kind == "huge":
        return "huge.csv", (
            ",".join(HEADER) + "\n" + "x" * draw(st.integers(10_000, 300_000)) + "," * 16 + "\n"
        ).encode()
    members = draw(
        st.dictionaries(
            st.sampled_from(
                [
                    "[Content_Types].xml",
                    "xl/workbook.xml",
                    "xl/worksheets/sheet1.xml",
                    "other.bin",
                    "xl/_rels/workbook.xml.rels",
                    "_rels/.rels",
                ]
            ),
            st.binary(max_size=300),
            max_size=5,
        )
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return ("upload.xlsx" if kind == "xlsx" else "archive.zip"), buffer.getvalue()


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    return buffer.getvalue()


MODELS = (
    MetricValue,
    PublishedFigure,
    PublishedLeagueRow,
    Assessment,
    Release,
    RecomputeRun,
    Trust,
    Period,
    Metric,
)


def _state() -> tuple:
    """Rows of every table an import writes, and a fingerprint of the stored values."""
    rows = tuple(model.objects.aggregate(n=Count("pk"), last=Max("pk")) for model in MODELS)
    values = _rounded(MetricValue.objects.aggregate(total=Sum("value"), ranks=Sum("rank")))
    figures = _rounded(PublishedFigure.objects.aggregate(total=Sum("value")))
    periods = tuple(Period.objects.order_by("pk").values_list("label", "status", "inputs_version"))
    names = Trust.objects.aggregate(longest=Max("name"))
    return rows, values, figures, periods, names


def _rounded(sums: dict) -> dict:
    """Float sums to 6 places: PostgreSQL adds rows in no fixed order, so the last digits of a
    float sum vary between two reads of the same rows."""
    return {key: None if total is None else round(total, 6) for key, total in sums.items()}


@pytest.fixture
def importer(demo, settings, tmp_path) -> Client:
    settings.MEDIA_ROOT = tmp_path / "uploads"
    client = Client(raise_request_exception=False)
    client.force_login(factories.staff_importer())
    return client


def _confirm(client: Client, name: str, content: bytes, period: str) -> int:
    """Stage the file as an upload whose preview passed and confirm it in admin."""
    staged = staging.stage(
        uploads=[_named(name, content)], period=period or None, add_metrics=False
    )
    session = client.session
    session[SESSION_KEY] = [staged.token]
    session.save()
    response = client.post(
        reverse("admin:league_importbatch_import_confirm"), {"token": staged.token}
    )
    assert b"Traceback" not in response.content
    return response.status_code


def _command(tmp_path, name: str, content: bytes, period: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    arguments = [str(path), *(["--period", period] if period else [])]
    with pytest.raises(CommandError):
        call_command("import_nof", *arguments, stdout=io.StringIO(), stderr=io.StringIO())


def test_bad_files_never_break_the_import_or_write_anything(importer, tmp_path):
    assert Period.objects.filter(status="published").count() == 6
    url = reverse("admin:league_importbatch_import")
    before = _state()
    tried = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(bad_file(), st.sampled_from(["", "Q1 2025/26", "Q5 2025/26", "=1+1"]))
    @example(("bomb.xlsx", _zip_bomb()), "")
    def upload(file, period):
        name, content = file
        response = importer.post(url, {"files": [_named(name, content)], "period": period})
        assert response.status_code in (200, 400), response.status_code
        assert b"Traceback" not in response.content
        assert _state() == before, "the upload's preview changed the database"
        assert _confirm(importer, name, content, period) in (200, 302)
        assert _state() == before, "the admin confirmation wrote a bad file"
        _command(tmp_path, name, content, period)
        assert _state() == before, "the import command wrote a bad file"
        tried.append(name)

    upload()
    print(
        f"{len(tried)} generated files tried through the admin upload, the admin confirmation "
        "and the import command; rows changed: 0"
    )
    assert len(tried) >= min(EXAMPLES, 100)


def _named(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/octet-stream")
