import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from trusts.models import ICB, Region, Trust
from trusts.services import RegisterImportError, trust_register_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def register_bytes(shared_data) -> bytes:
    return (shared_data / "nhs_trusts_england_2025_26.csv").read_bytes()


def _table_state() -> list[tuple]:
    return (
        list(Trust.objects.order_by("ods_code").values_list())
        + list(Region.objects.order_by("code").values_list())
        + list(ICB.objects.order_by("code").values_list())
    )


def test_the_published_register_gives_205_trusts_in_three_leagues(register_bytes):
    result = trust_register_import(stream=io.BytesIO(register_bytes))

    assert len(result.created) == 205
    assert Trust.objects.filter(league="acute").count() == 134
    assert Trust.objects.filter(league="non-acute").count() == 61
    assert Trust.objects.filter(league="ambulance").count() == 10
    assert not Trust.objects.filter(region__isnull=True).exists()
    assert Region.objects.count() == 7
    moorfields = Trust.objects.get(ods_code="RP6")
    assert moorfields.name == "Moorfields Eye Hospital NHS Foundation Trust"
    assert moorfields.subtype == "Acute - Specialist"
    assert moorfields.region.name == "London"
    assert Trust.objects.get(ods_code="G6V2S").trust_type == "Mental health and community trust"


def test_a_closed_trust_keeps_its_dates(register_bytes):
    trust_register_import(stream=io.BytesIO(register_bytes))
    closed = Trust.objects.exclude(closed=None)
    assert closed.count() == 4
    assert all(trust.closed > trust.opened for trust in closed if trust.opened)


def test_reimporting_the_register_changes_nothing(register_bytes):
    trust_register_import(stream=io.BytesIO(register_bytes))
    before = _table_state()

    result = trust_register_import(stream=io.BytesIO(register_bytes))

    assert not result.changed
    assert result.unchanged == 205
    assert _table_state() == before


def test_a_file_with_a_missing_column_is_refused_and_nothing_written(register_bytes):
    text = register_bytes.decode("utf-8-sig").splitlines()
    header = text[0].split(",")
    index = header.index("region_code")
    broken = "\n".join(
        ",".join(c for i, c in enumerate(line.split(",")) if i != index) for line in text[:5]
    )

    with pytest.raises(RegisterImportError) as error:
        trust_register_import(stream=io.BytesIO(broken.encode()))

    assert [str(problem) for problem in error.value.problems] == [
        "row 1, column region_code: This column is missing from the header row."
    ]
    assert not Trust.objects.exists()


def test_a_malformed_code_is_refused_with_its_row_and_nothing_written(register_bytes):
    lines = register_bytes.decode("utf-8-sig").splitlines()
    lines[7] = "R!6" + lines[7][lines[7].index(",") :]

    with pytest.raises(RegisterImportError) as error:
        trust_register_import(stream=io.BytesIO("\n".join(lines).encode()))

    messages = [str(problem) for problem in error.value.problems]
    assert len(messages) == 1
    assert messages[0].startswith("row 8, column trust_code: “R!6” is not an ODS code")
    assert not Trust.objects.exists() and not Region.objects.exists()


def test_a_bad_file_leaves_an_existing_register_untouched(register_bytes):
    trust_register_import(stream=io.BytesIO(register_bytes))
    before = _table_state()
    rows = list(csv.reader(io.StringIO(register_bytes.decode("utf-8-sig"))))
    rows[3][rows[0].index("nof_league_table")] = "hospital"
    out = io.StringIO()
    csv.writer(out).writerows(rows)

    with pytest.raises(RegisterImportError) as error:
        trust_register_import(stream=io.BytesIO(out.getvalue().encode()))

    assert [str(problem) for problem in error.value.problems] == [
        "row 4, column nof_league_table: “hospital” is not one of acute, non-acute, ambulance."
    ]
    assert _table_state() == before


def test_a_trust_missing_from_a_later_file_is_kept(register_bytes):
    trust_register_import(stream=io.BytesIO(register_bytes))
    lines = register_bytes.decode("utf-8-sig").splitlines()
    trust_register_import(stream=io.BytesIO("\n".join(lines[:10]).encode()))
    assert Trust.objects.count() == 205


def test_text_that_is_not_utf8_is_refused_plainly():
    with pytest.raises(RegisterImportError) as error:
        trust_register_import(
            stream=io.BytesIO("trust_code,trust_name\nRP6,Caf\xe9".encode("cp1252"))
        )
    assert "not UTF-8" in str(error.value.problems[0])


def test_the_command_reports_every_problem_and_fails(tmp_path, register_bytes, capsys):
    lines = register_bytes.decode("utf-8-sig").splitlines()
    lines[2] = "BAD CODE" + lines[2][lines[2].index(",") :]
    lines[5] = lines[5].replace("2025", "20x5", 0)
    path = tmp_path / "register.csv"
    path.write_text("\n".join(lines))

    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("import_trusts", str(path))

    assert "row 3, column trust_code" in capsys.readouterr().err
    assert not Trust.objects.exists()


def test_the_command_imports_the_register(tmp_path, register_bytes, capsys):
    path = tmp_path / "register.csv"
    path.write_bytes(register_bytes)
    call_command("import_trusts", str(path))
    assert "205 trusts added" in capsys.readouterr().out
