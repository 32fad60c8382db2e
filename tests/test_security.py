"""Security promises of SECURITY.md that no other test module covers."""

import io

import pytest
import tablib
from django.test import Client
from openpyxl import load_workbook

from league.services.exports import render
from tests.league import factories

pytestmark = pytest.mark.django_db
PASSWORD = "a long and correct password"


@pytest.fixture
def leader():
    user = factories.UserFactory(username="leader")
    user.set_password(PASSWORD)
    user.save()
    return user


def _sign_in(client: Client, password: str, address: str = "198.51.100.7"):
    return client.post(
        "/manage/login/", {"username": "leader", "password": password}, REMOTE_ADDR=address
    )


def test_sign_in_is_throttled_per_user_and_address(leader, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, "wrong").status_code == 200
    assert _sign_in(client, "wrong").status_code == 429  # the limit is reached

    locked = _sign_in(client, PASSWORD)  # even the right password, for the cool-off time

    assert locked.status_code == 429
    assert "Signing in is paused" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Someone else's address is not locked out by these failures (no lock-out by username alone).
    elsewhere = Client()
    assert _sign_in(elsewhere, PASSWORD, address="203.0.113.9").status_code == 302


def test_admin_sign_in_is_throttled_too(settings):
    admin = factories.UserFactory(username="admin-user", is_staff=True, is_superuser=True)
    admin.set_password(PASSWORD)
    admin.save()
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "admin-user", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "admin-user", "password": PASSWORD})
    assert response.status_code == 429


def test_downloads_neutralise_spreadsheet_formulas_in_text_cells():
    data = tablib.Dataset(headers=["Trust_name", "Average_score", "Note"])
    data.append(['=HYPERLINK("http://evil.example","x")', "-1.5", "@SUM(A1)"])
    data.append(["+cmd|' /C calc'!A0", "2.05", "\tinjected"])

    csv = render(data, "csv").decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(render(data, "xlsx")), read_only=True).active
    cells = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]

    assert "'=HYPERLINK" in csv and "'@SUM(A1)" in csv and "'+cmd" in csv
    assert ",-1.5," in csv  # numbers stay numbers
    assert cells[0][0].startswith("'=") and cells[1][2].startswith("'\t")
    assert cells[0][1] == "-1.5"


def test_uploaded_files_are_never_served(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    staged = tmp_path / "nof-staging" / ("a" * 32)
    staged.mkdir(parents=True)
    (staged / "1.upload").write_bytes(b"Region,Trust_code\n")
    for path in (
        "/uploads/nof-staging/" + "a" * 32 + "/1.upload",
        "/media/nof-staging/" + "a" * 32 + "/1.upload",
        "/static/../uploads/nof-staging/" + "a" * 32 + "/1.upload",
    ):
        assert Client().get(path).status_code == 404, path


@pytest.mark.parametrize(
    "path",
    [
        "/admin/league/importbatch/import/confirm/",
        "/manage/logout/",
        "/manage/trusts/ZZZ/plans/new/",
        "/manage/plans/1/publish/",
    ],
)
def test_state_changes_need_a_csrf_token(path):
    client = Client(enforce_csrf_checks=True)
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    assert client.post(path, {}).status_code == 403
