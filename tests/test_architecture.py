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


# Markup written in Python: the NHS.UK components are templates/components/; code renders them
# through league/presenters/components.py, templates through the block tags of
# league/templatetags/components.py.
MARKUP = re.compile(r"\b(mark_safe|format_html|format_html_join|SafeString\()")
MARKUP_HOMES = {"league/presenters/components.py", "league/templatetags/components.py"}


def test_markup_is_written_in_templates():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for app in ("league", "improvement", "trusts", "demo")
        for path in sorted((ROOT / app).rglob("*.py"))
        if str(path.relative_to(ROOT)) not in MARKUP_HOMES and "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if MARKUP.search(line)
    ]
    assert found == [], "write this markup in templates/:\n" + "\n".join(found)


# Paths of the public pages: written once, in the URL configurations; templates use {% url %}.
LITERAL_PATH = re.compile(r'(?:href|action)="/')


def test_templates_link_through_url_names():
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        if "admin" not in path.relative_to(ROOT / "templates").parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if LITERAL_PATH.search(line)
    ]
    assert found == [], "link with {% url %}:\n" + "\n".join(found)


def test_the_checks_see_markup_and_literal_paths():
    assert MARKUP.search('return mark_safe(f"<a href={href}>")')
    assert MARKUP.search("format_html('<li>{}</li>', text)")
    assert LITERAL_PATH.search('<a class="nhsuk-link" href="/methodology/">')
    assert not LITERAL_PATH.search("<a href=\"{% url 'league:methodology' %}\">")


def test_admin_pages_of_their_own_share_one_style():
    """Custom admin pages are ModelAdmin methods routed by AdminPages.admin_urls and rendered
    by AdminPages.admin_page; the apps' admin packages register every ModelAdmin in their
    __init__.py."""
    home = ROOT / "league/admin/base.py"
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for app in ("league", "improvement")
        for path in sorted((ROOT / app / "admin").glob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if (path != home and re.search(r"admin_view\(|each_context\(|TemplateResponse\(", line))
        or (path.name != "__init__.py" and re.search(r"@admin\.register|site\.register", line))
    ]
    assert found == [], "use league.admin.base.AdminPages:\n" + "\n".join(found)


def test_pages_draw_tables_through_the_nhsuk_table_templates():
    """Tables are components/table.html (rows from code or a template tag) or, for
    django-tables2, components/django_tables2.html and the templates that extend it."""
    homes = {"components/table.html", "components/django_tables2.html"}
    found = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "templates").rglob("*.html"))
        if (name := str(path.relative_to(ROOT / "templates"))) not in homes
        and not name.startswith("admin/")
        and "<table" in path.read_text()
    ]
    assert found == [], "render these through components/table.html:\n" + "\n".join(found)
