"""The shape of the code: rules with one home.

Views, presenters, the API, feeds and template tags read league data only through
`league.selectors` (which knows which releases the public may see), never by querying the
league's models themselves.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READERS = [
    "league/views",
    "league/presenters",
    "league/api",
    "league/feeds.py",
    "league/tables.py",
    "league/templatetags",
    "league/context_processors.py",
    "improvement/views",
    "improvement/api.py",
    "improvement/api_learning.py",
    "improvement/templatetags",
]
QUERIED = re.compile(r"\b(Assessment|Release|MetricValue|Period)\.objects\b")


def _files(entry: str) -> list[Path]:
    path = ROOT / entry
    return sorted(path.rglob("*.py")) if path.is_dir() else [path]


def test_pages_api_and_feeds_read_league_data_through_the_selectors():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for entry in READERS
        for path in _files(entry)
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if QUERIED.search(line)
    ]
    assert found == [], "query these through league/selectors/:\n" + "\n".join(found)


def test_the_check_sees_a_direct_query():
    assert QUERIED.search("rows = Assessment.objects.filter(release=release)")
    assert not QUERIED.search("rows = selectors.release_assessments(release)")
