"""The NOF import in Django admin, and the league admin pages around it.

Clients sign in with `force_login`: django-axes needs a request that `client.login` never passes.
NHS England's published files are read where they lie; broken copies are made here.
"""

import csv
import hashlib
import io
import os
import re
import time
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from league import staging
from league.models import (
    ImportBatch,
    ImportOutcome,
    MetricValue,
    PeriodStatus,
    PublishedFigure,
    RecomputeRun,
)
from league.nof_files import NofFile
from league.services.imports import NofImportRefused, nof_import, nof_preview
from tests.league import factories
from trusts.models import Trust

pytestmark = pytest.mark.django_db

ACUTE = "acute-trust-data-q1-2025-26.csv"
ACUTE_ROWS = 7265
VALUE_COLUMN = "Value"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


@pytest.fixture
def acute_bytes(shared_data: Path) -> bytes:
    path = shared_data / "nof-official" / ACUTE
    if not path.is_file():
        pytest.skip(f"{path} is absent: NHS England's acute trust data file is needed")
    return path.read_bytes()


@pytest.fixture
def acute_rows(acute_bytes: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(acute_bytes.decode("utf-8-sig"))))


@pytest.fixture
def small_acute(acute_rows: list[list[str]]) -> bytes:
    """The header and first 40 rows of the official file: valid, and quick to import."""
    return _csv(acute_rows[:41])


@pytest.fixture
def importer() -> Client:
    client = Client()
    client.force_login(factories.staff_importer())
    return client


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def _import_url() -> str:
    return reverse("admin:league_importbatch_import")


def _confirm_url() -> str:
    return reverse("admin:league_importbatch_import_confirm")


def _upload(client: Client, *files: tuple[str, bytes], period: str = "Q1 2025/26", **extra):
    uploads = [SimpleUploadedFile(name, content, "text/csv") for name, content in files]
    return client.post(_import_url(), {"files": uploads, "period": period, **extra})


def _staged_folders() -> list[Path]:
    root = staging.staging_root()
    return sorted(root.iterdir()) if root.is_dir() else []


def _text(html: str) -> str:
    """The page's words, as a reader sees them."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _data_rows() -> int:
    return MetricValue.objects.count() + PublishedFigure.objects.count()


# Who may import


def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    response = client.get(_import_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_without_the_import_permission_are_refused(client):
    client.force_login(factories.staff_user("league.view_importbatch"))
    assert client.get(_import_url()).status_code == 403
    assert _upload(client, ("a.csv", b"x")).status_code == 403
    assert client.post(_confirm_url(), {"token": "0" * 32}).status_code == 403
    changelist = client.get(reverse("admin:league_importbatch_changelist"))
    assert changelist.status_code == 200
    assert "Import NOF files" not in changelist.text


def test_the_history_list_links_to_the_import_page_for_importers(importer):
    response = importer.get(reverse("admin:league_importbatch_changelist"))
    assert response.status_code == 200
    assert _import_url() in response.text
    form = importer.get(_import_url())
    assert form.status_code == 200
    assert 'type="file"' in form.text and "multiple" in form.text


# The whole journey with NHS England's file


def test_official_file_previews_then_imports_on_confirm(
    importer, acute_bytes, django_capture_on_commit_callbacks
):
    preview = _upload(importer, (ACUTE, acute_bytes))

    assert preview.status_code == 200
    assert f"{ACUTE_ROWS:,} rows" in preview.text
    assert "134 trusts" in preview.text
    assert preview.context["problem_count"] == 0
    assert "Confirm and import" in preview.text
    assert _data_rows() == 0 and not ImportBatch.objects.exists()
    [folder] = _staged_folders()

    with django_capture_on_commit_callbacks(execute=True):  # the recompute queued by the import
        response = importer.post(_confirm_url(), {"token": folder.name})

    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:league_importbatch_change", args=[batch.pk])
    assert _data_rows() == ACUTE_ROWS
    assert batch.outcome == ImportOutcome.IMPORTED
    assert batch.source == "admin"
    assert batch.files[0]["name"] == ACUTE
    assert batch.files[0]["sha256"] == hashlib.sha256(acute_bytes).hexdigest()
    assert batch.period_labels == "Q1 2025/26"
    assert _staged_folders() == []
    # (Inside the test's transaction the queue is only reached after the response, so the page
    # may also say the recompute is waiting.)
    message = next(iter(get_messages(response.wsgi_request)))
    assert f"{ACUTE_ROWS:,} rows added" in str(message)
    assert RecomputeRun.objects.get(period__label="Q1 2025/26").state == "succeeded"
    change = importer.get(response["Location"])
    assert change.status_code == 200
    assert batch.files[0]["sha256"] in change.text


def test_a_preview_is_confirmed_once_only(importer, small_acute):
    _upload(importer, ("small.csv", small_acute))
    [folder] = _staged_folders()
    importer.post(_confirm_url(), {"token": folder.name})

    again = importer.post(_confirm_url(), {"token": folder.name}, follow=True)

    assert ImportBatch.objects.count() == 1
    assert "no longer available" in again.text


# Files that cannot be imported


def test_a_bad_number_is_shown_with_its_row_and_column_and_cannot_be_confirmed(
    importer, acute_rows
):
    value = acute_rows[0].index(VALUE_COLUMN)
    acute_rows[10][value] = "abc"  # the 11th line: spreadsheet row 11
    response = _upload(importer, ("broken.csv", _csv(acute_rows)))

    assert response.status_code == 200
    problems = response.context["preview"].problems
    assert [(p.file, p.row, p.column) for p in problems] == [("broken.csv", 11, VALUE_COLUMN)]
    assert "abc" in problems[0].message
    assert "abc" in response.text and "<td>11</td>" in response.text
    assert "Confirm and import" not in response.text
    assert 'name="token"' not in response.text
    assert "Upload corrected files" in response.text
    assert _staged_folders() == []  # never confirmable, so not kept

    forged = importer.post(_confirm_url(), {"token": "0" * 32})

    assert forged.status_code == 302
    assert _data_rows() == 0 and not ImportBatch.objects.exists()


def test_a_published_quarter_is_refused_in_the_same_preview_as_the_rows_problems(
    importer, acute_rows
):
    factories.PeriodFactory(status=PeriodStatus.PUBLISHED)  # Q1 2025/26
    value = acute_rows[0].index(VALUE_COLUMN)
    acute_rows[10][value] = "abc"
    response = _upload(importer, ("broken.csv", _csv(acute_rows)))

    problems = [(p.file, p.row, p.column) for p in response.context["preview"].problems]
    assert problems == [("broken.csv", None, "Quarter"), ("broken.csv", 11, VALUE_COLUMN)]
    assert response.context["files"][0]["problem_count"] == 2
    text = _text(response.text)
    assert "broken.csv Whole file Quarter Q1 2025/26 is published" in text
    assert "broken.csv 11 Value" in text and "abc" in text
    assert "2 problems found" in text
    assert "Confirm and import" not in response.text
    assert _data_rows() == 0 and not ImportBatch.objects.exists()


def test_a_new_trust_in_two_files_is_listed_once_with_the_files_it_is_in(importer, acute_rows):
    header, metric = acute_rows[0], acute_rows[0].index("Metric_ID")
    code = header.index("Trust_code")
    first = acute_rows[1:11]
    second_metric = next(row[metric] for row in acute_rows[1:] if row[metric] != first[0][metric])
    second = [row for row in acute_rows[1:] if row[metric] == second_metric]
    codes = {row[code] for row in first} & {row[code] for row in second}
    first = [row for row in first if row[code] in codes]
    second = [row for row in second if row[code] in codes]
    assert len(codes) >= 5
    response = _upload(
        importer, ("a.csv", _csv([header, *first])), ("b.csv", _csv([header, *second]))
    )

    assert response.context["problem_count"] == 0
    new = response.context["new_trusts"]
    assert sorted(code for code, _, _ in new) == sorted(codes)
    assert all(files == ["a.csv", "b.csv"] for _, _, files in new)
    table = response.text.split("<caption>New trusts</caption>", 1)[1].split("</table>", 1)[0]
    for code in codes:
        assert table.count(f"<td>{code}</td>") == 1
    assert "<td>a.csv, b.csv</td>" in table


def test_nhs_englands_file_is_refused_on_a_site_holding_demonstration_data(importer, small_acute):
    factories.TrustFactory(ods_code="ZX1", is_demo=True)
    trusts_before = set(Trust.objects.values_list("ods_code", flat=True))

    response = _upload(importer, ("acute.csv", small_acute))

    assert response.status_code == 200
    text = _text(response.text)
    assert "This site shows demonstration data, and these files hold real NHS trusts" in text
    assert "acute.csv Whole file Trust_code This site holds demonstration data" in text
    assert "start from an empty database" in text and "delete db.sqlite3" in text
    assert "Confirm and import" not in response.text
    assert _staged_folders() == []
    assert _data_rows() == 0 and not ImportBatch.objects.exists()
    assert set(Trust.objects.values_list("ods_code", flat=True)) == trusts_before


def test_the_import_itself_refuses_real_trusts_on_a_demonstration_site(small_acute):
    factories.TrustFactory(ods_code="ZX1", is_demo=True)

    with pytest.raises(NofImportRefused) as refused:
        nof_import(files=[NofFile(io.BytesIO(small_acute), "acute.csv", "Q1 2025/26")])

    assert refused.value.preview.into_demonstration_site
    assert _data_rows() == 0 and Trust.objects.count() == 1
    assert ImportBatch.objects.get().outcome == ImportOutcome.REFUSED


def test_a_demonstration_file_is_not_refused_on_a_demonstration_site(acute_rows):
    factories.TrustFactory(ods_code="ZX1", is_demo=True)
    code = acute_rows[0].index("Trust_code")
    rows = [acute_rows[0], *[[*row[:code], "ZX2", *row[code + 1 :]] for row in acute_rows[1:2]]]

    preview = nof_preview(files=[NofFile(io.BytesIO(_csv(rows)), "demo.csv", "Q1 2025/26")])

    assert not preview.into_demonstration_site and preview.new_trusts == ["ZX2"]


def test_a_whole_file_problem_says_so(importer):
    utf16 = "Region,Trust_code\r\n".encode("utf-16")
    response = _upload(importer, ("utf16.csv", utf16))

    assert response.status_code == 200
    [problem] = response.context["preview"].problems
    assert problem.row is None
    assert "<td>Whole file</td>" in response.text and "UTF-16" in response.text
    assert "Confirm and import" not in response.text


def test_files_staged_by_another_session_cannot_be_confirmed(importer, small_acute):
    staged = staging.stage(
        uploads=[SimpleUploadedFile("small.csv", small_acute)],
        period="Q1 2025/26",
        add_metrics=False,
    )

    importer.post(_confirm_url(), {"token": staged.token})

    assert _data_rows() == 0 and not ImportBatch.objects.exists()


def test_the_import_checks_again_and_shows_a_refusal(importer, small_acute):
    period = factories.PeriodFactory()
    _upload(importer, ("small.csv", small_acute))
    [folder] = _staged_folders()
    period.status = PeriodStatus.PUBLISHED  # published between the preview and the confirm
    period.save()

    response = importer.post(_confirm_url(), {"token": folder.name})

    assert response.status_code == 200
    assert "is published" in response.text
    assert "Confirm and import" not in response.text
    batch = ImportBatch.objects.get()
    assert batch.outcome == ImportOutcome.REFUSED
    assert _data_rows() == 0
    assert _staged_folders() == []
    history = importer.get(reverse("admin:league_importbatch_change", args=[batch.pk]))
    assert history.status_code == 200
    assert "is published" in history.text and "whole file" in history.text


def test_an_unexpected_error_shows_a_plain_message(importer, small_acute, monkeypatch):
    def explode(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("league.admin.imports.nof_preview", explode)
    response = _upload(importer, ("small.csv", small_acute))

    assert response.status_code == 200
    assert "unexpected error" in response.text
    assert "secret internals" not in response.text and "Traceback" not in response.text
    assert _staged_folders() == []


def test_an_unexpected_error_on_confirm_writes_nothing_and_says_so_plainly(
    importer, small_acute, monkeypatch
):
    _upload(importer, ("small.csv", small_acute))
    [folder] = _staged_folders()

    def explode(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("league.admin.imports.nof_import", explode)
    response = importer.post(_confirm_url(), {"token": folder.name}, follow=True)

    assert "unexpected error" in response.text and "secret internals" not in response.text
    assert _data_rows() == 0 and not ImportBatch.objects.exists()
    assert _staged_folders() == []


# The form's own limits


def test_a_file_over_the_size_limit_is_refused_by_the_form(importer, settings):
    settings.NOF_IMPORT_MAX_BYTES = 1000
    response = _upload(importer, ("big.csv", b"x" * 1001))

    assert response.status_code == 200
    assert "the largest file accepted is 1000\xa0bytes" in response.text
    assert response.context["form"].errors["files"]
    assert _staged_folders() == []


def test_more_than_ten_files_are_refused(importer):
    response = _upload(importer, *[(f"{n}.csv", b"x") for n in range(11)])

    assert "at most 10 files" in response.text
    assert _staged_folders() == []


def test_a_malformed_quarter_is_refused(importer):
    response = _upload(importer, ("a.csv", b"x"), period="2025 Q1")

    assert response.context["form"].errors["period"]


def test_confirm_needs_a_csrf_token(small_acute):
    client = Client(enforce_csrf_checks=True)
    client.force_login(factories.staff_importer())
    client.get(_import_url())
    csrf = client.cookies["csrftoken"].value
    uploads = [SimpleUploadedFile("small.csv", small_acute)]
    client.post(
        _import_url(), {"files": uploads, "period": "Q1 2025/26", "csrfmiddlewaretoken": csrf}
    )
    [folder] = _staged_folders()

    forged = client.post(_confirm_url(), {"token": folder.name})
    assert forged.status_code == 403
    assert _data_rows() == 0 and not ImportBatch.objects.exists()

    genuine = client.post(_confirm_url(), {"token": folder.name, "csrfmiddlewaretoken": csrf})
    assert genuine.status_code == 302
    assert _data_rows() == 40


def test_confirm_is_post_only(importer):
    assert importer.get(_confirm_url()).status_code == 405


# Staging


def test_staged_names_are_for_display_only():
    assert staging.display_name("../../etc/passwd", 1) == "passwd"
    assert staging.display_name("C:\\Users\\me\\acute data.csv", 1) == "acute data.csv"
    assert staging.display_name("..", 2) == "file-2"
    assert staging.display_name("<script>.csv", 3) == "_script_.csv"
    staged = staging.stage(
        uploads=[SimpleUploadedFile("../../evil.csv", b"a")], period=None, add_metrics=False
    )
    [nof_file] = staged.files
    assert nof_file.name == "evil.csv"
    assert Path(nof_file.source).parent == staging.staging_root() / staged.token


def test_old_staging_folders_are_removed():
    old = staging.stage(uploads=[SimpleUploadedFile("a.csv", b"a")], period=None, add_metrics=False)
    a_day_ago = time.time() - staging.MAX_AGE_SECONDS - 60
    os.utime(staging.staging_root() / old.token, (a_day_ago, a_day_ago))

    new = staging.stage(uploads=[SimpleUploadedFile("b.csv", b"b")], period=None, add_metrics=False)

    assert [folder.name for folder in _staged_folders()] == [new.token]
    assert staging.claim(old.token) is None
    assert staging.claim("../" + new.token) is None


# The read-only data admins
