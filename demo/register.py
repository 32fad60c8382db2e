"""A fictional trust register for demonstration, written in the register's CSV layout.

Deterministic: the same seed always gives the same trusts. Every code starts with Z, which no
real NHS trust uses, and names are built from invented place names.
"""

import csv
import io
import random

from trusts.models import League

REGIONS = (
    ("Y56", "London"),
    ("Y58", "South West"),
    ("Y59", "South East"),
    ("Y60", "Midlands"),
    ("Y61", "East of England"),
    ("Y62", "North West"),
    ("Y63", "North East and Yorkshire"),
)
ICBS_PER_REGION = 6

SUBTYPES = {
    League.ACUTE: (
        ("Acute - Teaching", 45),
        ("Acute - Large", 25),
        ("Acute - Medium", 22),
        ("Acute - Small", 20),
        ("Acute - Specialist", 16),
        ("Acute - Multi-Service", 6),
    ),
    League.NON_ACUTE: (
        ("Mental Health and Learning Disability", 40),
        ("Community", 15),
        ("Care Trust", 6),
    ),
    League.AMBULANCE: (("Ambulance", 10),),
}
TRUST_TYPES = {
    League.ACUTE: "Acute trust",
    League.NON_ACUTE: "Mental health and community trust",
    League.AMBULANCE: "Ambulance trust",
}

_STARTS = (
    "North",
    "South",
    "East",
    "West",
    "High",
    "Long",
    "Fern",
    "Ash",
    "Oak",
    "Elder",
    "Bram",
    "Wil",
    "Hart",
    "Kings",
    "Mill",
    "Stan",
    "Thorn",
    "Brook",
    "Holm",
    "Marl",
    "Quen",
    "Red",
    "Whit",
    "Good",
    "Ravens",
    "Elm",
    "Hazel",
    "Bright",
    "Lark",
    "Wren",
)
_ENDS = (
    "moor",
    "dale",
    "field",
    "bridge",
    "ford",
    "ham",
    "wick",
    "stead",
    "combe",
    "mere",
    "holt",
    "ley",
    "worth",
    "haven",
    "thwaite",
    "shaw",
    "by",
    "den",
    "gate",
    "well",
)
_KINDS = {
    "Acute - Teaching": "Teaching Hospitals",
    "Acute - Large": "Hospitals",
    "Acute - Medium": "Hospitals",
    "Acute - Small": "General Hospital",
    "Acute - Specialist": "Specialist Hospital",
    "Acute - Multi-Service": "Health and Care",
    "Mental Health and Learning Disability": "Mental Health",
    "Community": "Community Health Services",
    "Care Trust": "Care",
    "Ambulance": "Ambulance Service",
}
_SPECIALTIES = (
    "Eye",
    "Heart and Chest",
    "Orthopaedic",
    "Cancer",
    "Children's",
    "Neurosciences",
    "Women's",
)
COLUMNS = (
    "trust_code",
    "trust_name",
    "nof_league_table",
    "nof_trust_type",
    "nof_trust_subtype",
    "region_code",
    "region",
    "icb_code_2025_26",
    "icb_name_2025_26",
    "postcode",
    "open_date",
    "close_date",
)


def demo_register_csv(seed: int = 2025) -> bytes:
    """The fictional register (about 134 acute, 61 non-acute and 10 ambulance trusts) as CSV."""
    rng = random.Random(seed)
    places = _place_names(rng, 300)
    icbs = _icbs(places)
    codes = _codes(rng)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for league, subtypes in SUBTYPES.items():
        for subtype, count in subtypes:
            for _ in range(count):
                place = places.pop()
                region_code, region_name = REGIONS[rng.randrange(len(REGIONS))]
                icb_code, icb_name = rng.choice(icbs[region_code])
                writer.writerow(
                    (
                        next(codes),
                        _trust_name(rng, place, subtype),
                        league.value,
                        TRUST_TYPES[league],
                        subtype,
                        region_code,
                        region_name,
                        icb_code,
                        icb_name,
                        f"ZZ{rng.randint(1, 99)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}"
                        f"{rng.choice('LNPQRSTU')}",
                        f"{rng.randint(1991, 2022)}0401",
                        "",
                    )
                )
    return out.getvalue().encode()


def _place_names(rng: random.Random, count: int) -> list[str]:
    names = sorted({start + end for start in _STARTS for end in _ENDS})
    rng.shuffle(names)
    return names[:count]


def _icbs(places: list[str]) -> dict[str, list[tuple[str, str]]]:
    """ICB codes are three characters, as real ones: "Z", then I or O (which trust codes never
    have second), then a letter or digit."""
    icbs = {}
    for number, (region_code, _) in enumerate(REGIONS):
        icbs[region_code] = [
            (_icb_code(number * ICBS_PER_REGION + index), f"{places.pop()} and {places.pop()} ICB")
            for index in range(ICBS_PER_REGION)
        ]
    return icbs


def _icb_code(number: int) -> str:
    return f"Z{'IO'[number // len(ALPHABET)]}{ALPHABET[number % len(ALPHABET)]}"


ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXY0123456789"


def _codes(rng: random.Random):
    alphabet = ALPHABET
    codes = sorted({f"Z{a}{b}" for a in alphabet for b in alphabet})
    rng.shuffle(codes)
    yield from codes


def _trust_name(rng: random.Random, place: str, subtype: str) -> str:
    kind = _KINDS[subtype]
    if subtype == "Acute - Specialist":
        kind = f"{rng.choice(_SPECIALTIES)} Hospital"
    status = "NHS Trust" if subtype == "Ambulance" or rng.random() < 0.3 else "NHS Foundation Trust"
    return f"{place} {kind} {status}"
