"""The register of assessed organisations: NHS trusts and, from 2026/27, integrated care
boards (ICBs): who is ranked, where they are, and which table they are in.

An ICB is both a place in the register (`ICB`, which trusts belong to) and, once a framework
year assesses ICBs, an organisation ranked in its own table: a `Trust` row of the "icb" league
with the ICB's code, linked to its own `ICB` entry (docs/adr/0009).
This app knows nothing of scores or plans; the league and improvement apps point at it.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse


class League(models.TextChoices):
    ACUTE = "acute", "Acute trusts"
    NON_ACUTE = "non-acute", "Mental health and community trusts"
    AMBULANCE = "ambulance", "Ambulance trusts"
    ICB = "icb", "Integrated care boards"

    @property
    def noun(self) -> str:
        """What one organisation of this table is called: "trust" or "ICB"."""
        return "ICB" if self is League.ICB else "trust"

    @property
    def nouns(self) -> str:
        return f"{self.noun}s"


TRUST_LEAGUES = (League.ACUTE, League.NON_ACUTE, League.AMBULANCE)
"""The tables of trusts (every framework year so far has them; ICBs are ranked from 2026/27)."""

# NHS England's Trust_type for each league, as written in its published files.
TRUST_TYPE_BY_LEAGUE = {
    League.ACUTE: "Acute trust",
    League.NON_ACUTE: "Mental health and community trust",
    League.AMBULANCE: "Ambulance trust",
    League.ICB: "Integrated care board",
}
LEAGUE_BY_TRUST_TYPE = {label: league for league, label in TRUST_TYPE_BY_LEAGUE.items()}


def profile_path(ods_code: str, league: str) -> str:
    """An organisation's public page: /trusts/<code>/, or /icbs/<code>/ for an ICB (the public
    pages' URL names, which the league app serves)."""
    return reverse("league:icb" if league == League.ICB else "league:trust", args=[ods_code])


class Region(models.Model):
    code = models.CharField(max_length=8, unique=True, help_text="ODS code, e.g. Y56.")
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ICB(models.Model):
    code = models.CharField(max_length=8, unique=True, help_text="ODS code, e.g. QMJ.")
    name = models.CharField(max_length=200)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "integrated care board"

    def __str__(self) -> str:
        return self.name


class TrustQuerySet(models.QuerySet):
    def open_on(self, day) -> "TrustQuerySet":
        return self.filter(Q(opened__isnull=True) | Q(opened__lte=day)).filter(
            Q(closed__isnull=True) | Q(closed__gt=day)
        )

    def in_league(self, league: str) -> "TrustQuerySet":
        return self.filter(league=league)

    def trusts(self) -> "TrustQuerySet":
        """Trusts only, without the ICBs assessed as organisations."""
        return self.exclude(league=League.ICB)


class TrustManager(models.Manager.from_queryset(TrustQuerySet)):
    def get_by_natural_key(self, ods_code: str) -> "Trust":
        return self.get(ods_code=ods_code)


class Trust(models.Model):
    ods_code = models.CharField("ODS code", max_length=5, unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=160)
    league = models.CharField(max_length=10, choices=League.choices, db_index=True)
    trust_type = models.CharField(
        max_length=60, help_text="NHS England's Trust_type, e.g. “Acute trust”."
    )
    subtype = models.CharField(
        max_length=80,
        blank=True,
        help_text="NHS England's Trust_subtype, e.g. “Acute - Specialist”.",
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="trusts")
    icb = models.ForeignKey(
        ICB,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trusts",
        verbose_name="ICB",
    )
    postcode = models.CharField(max_length=10, blank=True)
    opened = models.DateField(null=True, blank=True)
    closed = models.DateField(null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text="The trust that took over this one's services when it closed or merged.",
    )
    is_demo = models.BooleanField(
        default=False, help_text="Fictional trust generated as demonstration data."
    )

    objects = TrustManager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed__isnull=True)
                | Q(opened__isnull=True)
                | Q(closed__gt=models.F("opened")),
                name="trust_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.ods_code})"

    def natural_key(self) -> tuple[str]:
        return (self.ods_code,)

    @property
    def is_specialist(self) -> bool:
        return self.subtype.endswith("Specialist")

    @property
    def is_icb(self) -> bool:
        return self.league == League.ICB

    @property
    def noun(self) -> str:
        """ "trust" or "ICB", for the words of its pages."""
        return League(self.league).noun

    @property
    def profile_path(self) -> str:
        return profile_path(self.ods_code, self.league)
