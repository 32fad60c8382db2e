"""Reads of the trust register used by pages."""

from itertools import groupby

from trusts.models import League, Trust


def trusts_by_league() -> list[tuple[League, list[Trust]]]:
    """Every open trust grouped by league, in the order the league tables are shown."""
    order = {league: index for index, league in enumerate(League)}
    trusts = sorted(
        Trust.objects.filter(closed__isnull=True).select_related("region"),
        key=lambda trust: (order[trust.league], trust.name),
    )
    return [
        (League(league), list(group))
        for league, group in groupby(trusts, key=lambda trust: trust.league)
    ]
