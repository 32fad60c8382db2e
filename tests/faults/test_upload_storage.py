"""Upload storage full or unwritable: a clear message, nothing half-written."""

import errno
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from league import staging
from league.models import ImportBatch, MetricValue, PublishedFigure
from tests.league import factories

pytestmark = pytest.mark.django_db
ROWS = (
    "Quarter,Region,Trust_type,Trust_subtype,Trust_code,Trust_name,Domain,Sub-domain,Metric_ID,"
    "Metric_description,Reporting_date,Units,Value,Median_value,Lower_quartile,Upper_quartile,"
    "Rank\r\nQ4 2025/26,London,Mental health and community trust,Community,RYX,Central London "
    "Community Healthcare NHS Trust,People and workforce,Retention and culture,OF0082,Sickness "
    "absence rate,Dec-25,%,5.1,5.2,4.6,5.8,20.0\r\n"
)


def _upload(client: Client):
    upload = SimpleUploadedFile("data.csv", ROWS.encode(), "text/csv")
    return client.post(reverse("admin:league_importbatch_import"), {"files": [upload]})


def _nothing_written(media_root: Path) -> None:
    assert not MetricValue.objects.exists() and not PublishedFigure.objects.exists()
    assert not ImportBatch.objects.exists()
    staged = media_root / "nof-staging"
    assert not staged.is_dir() or not any(staged.iterdir())


@pytest.fixture
def importer() -> Client:
    client = Client()
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    return client


def test_a_full_disk_gives_a_clear_message(importer, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(staging, "_copy", full)
    response = _upload(importer)

    assert response.status_code == 200
    assert "could not be stored for checking (No space left on device)" in response.text
    _nothing_written(tmp_path)


def test_unwritable_storage_gives_a_clear_message(importer, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the upload folder should be")
    settings.MEDIA_ROOT = blocker / "uploads"

    response = _upload(importer)

    assert response.status_code == 200
    assert "could not be stored for checking" in response.text
    assert not MetricValue.objects.exists() and not ImportBatch.objects.exists()
