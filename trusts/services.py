"""Writes to the trust register. Every change to regions, ICBs and trusts goes through here."""

from dataclasses import dataclass, field
from typing import IO

from django.db import transaction
from django.utils.text import slugify

from trusts.models import ICB, TRUST_TYPE_BY_LEAGUE, League, Region, Trust
from trusts.names import display_name, same_name, short_name
from trusts.register_file import Problem, RegisterRow, read_register


class RegisterImportError(Exception):
    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the register file")
        self.problems = problems


@dataclass
class RegisterImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


TRUST_FIELDS = (
    "name",
    "short_name",
    "slug",
    "league",
    "trust_type",
    "subtype",
    "region",
    "icb",
    "postcode",
    "opened",
    "closed",
)


def trust_register_import(*, stream: IO[bytes], demo: bool = False) -> RegisterImportResult:
    """Load a register CSV: check every row first, then write all of it or nothing.

    Trusts missing from the file are left alone: a trust that has data is never deleted.
    `demo` marks the trusts it creates as fictional demonstration data.
    """
    register = read_register(stream)
    if not register.ok:
        raise RegisterImportError(register.problems)
    with transaction.atomic():
        regions = _upsert_regions(register.rows)
        icbs = _upsert_icbs(register.rows, regions)
        return _upsert_trusts(register.rows, regions, icbs, demo=demo)


def _upsert_regions(rows: tuple[RegisterRow, ...]) -> dict[str, Region]:
    wanted = {row.region_code: row.region_name for row in rows}
    existing = {region.code: region for region in Region.objects.filter(code__in=wanted)}
    for code, name in wanted.items():
        region = existing.get(code)
        if region is None:
            existing[code] = Region.objects.create(code=code, name=name)
        elif region.name != name:
            region.name = name
            region.save(update_fields=["name"])
    return existing


def _upsert_icbs(rows: tuple[RegisterRow, ...], regions: dict[str, Region]) -> dict[str, ICB]:
    wanted = {
        row.icb_code: (row.icb_name, regions[row.region_code]) for row in rows if row.icb_code
    }
    existing = {icb.code: icb for icb in ICB.objects.filter(code__in=wanted)}
    missing = [
        ICB(code=code, name=name, region=region)
        for code, (name, region) in wanted.items()
        if code not in existing
    ]
    ICB.objects.bulk_create(missing)
    changed = []
    for code, (name, region) in wanted.items():
        icb = existing.get(code)
        if icb and (icb.name, icb.region_id) != (name, region.pk):
            icb.name, icb.region = name, region
            changed.append(icb)
    ICB.objects.bulk_update(changed, ["name", "region"])
    return {icb.code: icb for icb in ICB.objects.filter(code__in=wanted)}


def _upsert_trusts(
    rows: tuple[RegisterRow, ...], regions: dict[str, Region], icbs: dict[str, ICB], *, demo: bool
) -> RegisterImportResult:
    existing = {
        trust.ods_code: trust
        for trust in Trust.objects.filter(ods_code__in=[row.ods_code for row in rows])
    }
    result = RegisterImportResult()
    to_create, to_update = [], []
    for row in rows:
        trust = existing.get(row.ods_code)
        values = _trust_values(row, trust, regions, icbs)
        if trust is None:
            to_create.append(Trust(ods_code=row.ods_code, is_demo=demo, **values))
            result.created.append(row.ods_code)
        elif any(getattr(trust, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(trust, name, value)
            to_update.append(trust)
            result.updated.append(row.ods_code)
        else:
            result.unchanged += 1
    Trust.objects.bulk_create(to_create)
    Trust.objects.bulk_update(to_update, TRUST_FIELDS)
    return result


def _trust_values(
    row: RegisterRow, trust: Trust | None, regions: dict[str, Region], icbs: dict[str, ICB]
) -> dict:
    # Keep a name already held in ordinary capitals (e.g. from NHS England's own files) when
    # the register spells the same name in capitals.
    name = trust.name if trust and same_name(trust.name, row.name) else display_name(row.name)
    return {
        "name": name,
        "short_name": short_name(name),
        "slug": slugify(short_name(name))[:160],
        "league": row.league,
        "trust_type": row.trust_type
        or (trust.trust_type if trust else "")
        or TRUST_TYPE_BY_LEAGUE[row.league],
        "subtype": row.subtype or (trust.subtype if trust else ""),
        "region": regions[row.region_code],
        "icb": icbs.get(row.icb_code),
        "postcode": row.postcode,
        "opened": row.opened,
        "closed": row.closed,
    }


# NHS England's files name regions more briefly than the ODS register does.
REGION_CODES = {
    "London": "Y56",
    "South West": "Y58",
    "South East": "Y59",
    "Midlands": "Y60",
    "East of England": "Y61",
    "East": "Y61",
    "North West": "Y62",
    "North East and Yorkshire": "Y63",
    "North East": "Y63",
}
REGION_NAMES = {
    "Y56": "London",
    "Y58": "South West",
    "Y59": "South East",
    "Y60": "Midlands",
    "Y61": "East of England",
    "Y62": "North West",
    "Y63": "North East and Yorkshire",
}


@dataclass(frozen=True)
class PublishedTrust:
    """A trust as NHS England's own files describe it."""

    ods_code: str
    name: str
    region: str
    trust_type: str
    subtype: str
    league: str


@dataclass
class PublishedTrustsResult:
    created: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)


def region_code_for(name: str) -> str | None:
    return REGION_CODES.get(" ".join(name.split()))


def trusts_upsert_published(*, trusts: list[PublishedTrust]) -> PublishedTrustsResult:
    """Create trusts first seen in NHS England's files and take their published name and subtype.

    The register's region and ICB are kept for known trusts: NHS England's files carry only a
    region name. An ICB assessed as an organisation is linked to the register's ICB of the same
    code (made if the register lacks it), so its trusts and its own page find each other.
    Call inside the caller's transaction; nothing here commits on its own.
    """
    result = PublishedTrustsResult()
    existing = {
        trust.ods_code: trust
        for trust in Trust.objects.filter(ods_code__in=[trust.ods_code for trust in trusts])
    }
    regions = {region.code: region for region in Region.objects.all()}
    for published in trusts:
        code = region_code_for(published.region)
        if code not in regions:
            regions[code] = Region.objects.create(code=code, name=REGION_NAMES[code])
    icbs = _icbs_assessed([trust for trust in trusts if trust.league == League.ICB], regions)
    to_create, to_update = [], []
    for published in trusts:
        trust = existing.get(published.ods_code)
        if trust is None:
            code = region_code_for(published.region)
            to_create.append(
                Trust(
                    ods_code=published.ods_code,
                    name=published.name,
                    short_name=short_name(published.name),
                    slug=slugify(short_name(published.name))[:160],
                    league=published.league,
                    trust_type=published.trust_type,
                    subtype=published.subtype,
                    region=regions[code],
                    icb=icbs.get(published.ods_code),
                )
            )
            result.created.append(published.ods_code)
            continue
        changed = False
        if trust.name != published.name:
            if not same_name(trust.name, published.name):
                result.renamed.append(published.ods_code)
            trust.name = published.name
            trust.short_name = short_name(published.name)
            trust.slug = slugify(trust.short_name)[:160]
            changed = True
        if published.subtype and trust.subtype != published.subtype:
            trust.subtype = published.subtype
            changed = True
        icb = icbs.get(published.ods_code)
        if icb is not None and trust.icb_id != icb.pk:
            trust.icb = icb
            changed = True
        if changed:
            to_update.append(trust)
            result.updated.append(published.ods_code)
    Trust.objects.bulk_create(to_create)
    Trust.objects.bulk_update(to_update, ["name", "short_name", "slug", "subtype", "icb"])
    return result


def trusts_mark_demonstration(*, codes: list[str]) -> int:
    """Mark organisations first seen in generated files (the demonstration's ICBs) as fictional."""
    return Trust.objects.filter(ods_code__in=codes).update(is_demo=True)


def _icbs_assessed(published: list[PublishedTrust], regions: dict[str, Region]) -> dict[str, ICB]:
    """The register's entry for each ICB in the files, made when the register lacks it."""
    codes = [icb.ods_code for icb in published]
    existing = {icb.code: icb for icb in ICB.objects.filter(code__in=codes)}
    for icb in published:
        if icb.ods_code not in existing:
            region = regions[region_code_for(icb.region)]
            existing[icb.ods_code] = ICB.objects.create(
                code=icb.ods_code, name=icb.name, region=region
            )
    return existing
