import csv
import io

import pytest
from django.core.management import call_command

from demo.register import demo_register_csv
from trusts.models import Trust


def _rows(seed: int = 2025) -> list[dict]:
    return list(csv.DictReader(io.StringIO(demo_register_csv(seed).decode())))


def test_the_demo_register_has_realistic_league_sizes():
    leagues = [row["nof_league_table"] for row in _rows()]
    assert (leagues.count("acute"), leagues.count("non-acute"), leagues.count("ambulance")) == (
        134,
        61,
        10,
    )


def test_the_demo_register_is_the_same_every_time_for_a_seed():
    assert demo_register_csv(7) == demo_register_csv(7)
    assert demo_register_csv(7) != demo_register_csv(8)


def test_demo_codes_and_names_are_unique_and_fictional():
    rows = _rows()
    codes = [row["trust_code"] for row in rows]
    names = [row["trust_name"] for row in rows]
    assert len(set(codes)) == len(codes) and len(set(names)) == len(names)
    assert all(code.startswith("Z") and len(code) == 3 for code in codes)


def test_no_demo_trust_shares_a_code_or_name_with_a_real_trust(shared_data):
    real = list(
        csv.DictReader((shared_data / "nhs_trusts_england_2025_26.csv").open(encoding="utf-8-sig"))
    )
    real_codes = {row["trust_code"] for row in real}
    real_names = {row["trust_name"].casefold() for row in real}
    for row in _rows():
        assert row["trust_code"] not in real_codes
        assert row["trust_name"].casefold() not in real_names


def test_every_demo_subtype_is_one_nhs_england_uses():
    subtypes = {row["nof_trust_subtype"] for row in _rows()}
    assert {
        "Acute - Teaching",
        "Acute - Specialist",
        "Community",
        "Care Trust",
        "Mental Health and Learning Disability",
        "Ambulance",
    } <= subtypes


@pytest.mark.django_db
def test_seed_demo_twice_loads_the_register_once(capsys):
    call_command("seed_demo")
    first = list(Trust.objects.order_by("ods_code").values_list("ods_code", "name"))
    call_command("seed_demo")

    assert len(first) == 205 + 42  # the trusts, and the ICBs the 2026/27 files assess
    assert list(Trust.objects.order_by("ods_code").values_list("ods_code", "name")) == first
    assert Trust.objects.filter(is_demo=False).count() == 0
    assert "already loaded" in capsys.readouterr().out


def test_demo_icb_codes_are_ods_codes_no_trust_has():
    rows = _rows()
    icbs = {row["icb_code_2025_26"] for row in rows}
    trusts = {row["trust_code"] for row in rows}
    assert len(icbs) == 42 and not icbs & trusts
    # Three characters, as real ICB codes, so NHS England's layout accepts them as Trust_code.
    assert all(len(code) == 3 and code[:2] in ("ZI", "ZO") for code in icbs)
