"""Real-browser tests: the system Chromium driven by Playwright, with axe-core for WCAG 2.2 AA.

Every test in this folder is marked `browser`, and the folder is skipped when Chromium or
node_modules/axe-core is missing. Pages are served by pytest-django's `live_server`, which only
sees data committed by a transactional test: use the `demo_site` fixture.

    def test_something(demo_site, page, page_log):
        demo_site.visit(page, "/")
        assert_page_ok(page, page_log)
"""

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections

HERE = Path(__file__).resolve().parent
AXE_JS = HERE.parent.parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium")
SKIP_REASON = (
    None
    if CHROMIUM and AXE_JS.is_file()
    else "browser tests need Debian `chromium` on PATH and node_modules/axe-core (`npm ci`)"
)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
NHS_BLUE = "rgb(0, 94, 184)"
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 375, "height": 812}
LOCAL_HOSTS = {"localhost", "127.0.0.1"}  # requests elsewhere are blocked: tests stay offline
# Response types that must load for the page to look and behave as designed.
ASSET_TYPES = {"stylesheet", "script", "font", "image", "manifest", "media"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)
            if SKIP_REASON:
                item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    args += ["--disable-component-update", "--disable-sync", "--no-first-run"]
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": args}


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    """The live server, so `page.goto("/")` works. Also replaces pytest-playwright's own fixture,
    an instance method that pytest 9.2 deprecates with a warning."""
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": DESKTOP, "locale": "en-GB"}


@dataclass
class PageLog:
    """What a page did: every HTTP response, console errors (CSP violations land here), uncaught
    script errors, and the requests to other hosts that were blocked to keep the tests offline
    (the NHS.UK CSS loads its Frutiger fonts from assets.nhs.uk)."""

    responses: list = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def watch(self, page):
        page.route("**/*", self._route)
        page.on("response", lambda response: self.responses.append(response))
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(f"pageerror: {error}"))
        return self

    def _route(self, route):
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort("blockedbyclient")

    def _console(self, message):
        url = message.location.get("url", "")
        if message.type == "error" and not (url in self.blocked and "BLOCKED" in message.text):
            self.console_errors.append(f"{message.text} ({url})")


@pytest.fixture
def page_log(page) -> PageLog:
    """Records the responses and console errors of pytest-playwright's `page`.

    For a page of another context (no JavaScript, say) use `PageLog().watch(other_page)`."""
    return PageLog().watch(page)


@dataclass
class Site:
    url: str

    def visit(self, page, path: str, status: int = 200):
        """Open `path` on the live server and wait until the page and its files have loaded."""
        response = page.goto(self.url + path, wait_until="load")
        assert response is not None, f"{path}: no response"
        assert response.status == status, f"{path} returned {response.status}, not {status}"
        return response


@pytest.fixture(scope="session")
def migrated_rows(django_db_setup, django_db_blocker) -> str:
    """The rows migrations create (the metrics catalogue), serialised by pytest-django."""
    connection = connections[DEFAULT_DB_ALIAS]
    with django_db_blocker.unblock():
        return getattr(connection, "_test_serialized_contents", None) or (
            connection.creation.serialize_db_to_string()
        )


@pytest.fixture(scope="session")
def playwright(migrated_rows, playwright):
    """Start Playwright only after the rows above are read. Sync Playwright keeps an asyncio loop
    running in this thread, so from then on Django (asgiref Local) hands the tests a new
    connection object: one without pytest-django's serialised rows, so the serialised rollback of
    a transactional test silently stops restoring them."""
    return playwright


@pytest.fixture
def empty_site(transactional_db, django_db_serialized_rollback, migrated_rows, live_server):
    """The live server with only what migrations create.

    Transactional tests end by emptying every table: the serialised rollback puts back the rows
    migrations create. Playwright's event loop defeats Django's own restore (see `playwright`)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if not hasattr(connection, "_test_serialized_contents"):
        connection._test_serialized_contents = migrated_rows  # Django restores from now on
        connection.creation.deserialize_db_from_string(migrated_rows)
    cache.clear()  # the "demo data present" flag is cached for a minute
    yield Site(live_server.url)
    cache.clear()


@pytest.fixture
def demo_site(empty_site) -> Site:
    """The live server with the demonstration data (205 fictional trusts) committed."""
    call_command("seed_demo", verbosity=0)
    cache.clear()
    return empty_site


def assert_static_ok(log: PageLog, require_css: bool = True, require_js: bool = True):
    """Every static file, stylesheet, script, font and image the page fetched returned < 400."""
    static = [
        r
        for r in log.responses
        if r.request.resource_type in ASSET_TYPES or settings.STATIC_URL in r.url
    ]
    failed = [f"{r.status} {r.url}" for r in static if r.status >= 400]
    if failed:
        raise AssertionError("static files failed:\n" + "\n".join(failed))
    fetched = {r.request.resource_type for r in static}
    assert not require_css or "stylesheet" in fetched, "no stylesheet was loaded"
    assert not require_js or "script" in fetched, "no script was loaded"


def assert_styled(page):
    """The NHS.UK stylesheet applied: the header has the NHS blue background."""
    header = page.locator(".nhsuk-header").first
    colour = header.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour == NHS_BLUE, f".nhsuk-header background is {colour}, not {NHS_BLUE}: unstyled?"


def assert_no_console_errors(log: PageLog):
    if log.console_errors:
        raise AssertionError("console errors:\n" + "\n".join(log.console_errors))


_axe = None


def assert_accessible(page, context=None, disable: tuple[str, ...] = ()):
    """Run axe-core (npm, newer than the one bundled with axe-playwright-python) for WCAG 2.2 AA.

    `disable` turns off named rules; give the reason next to the call. Needs JavaScript enabled in
    the page's context: without it timers never fire and axe.run() would wait for ever."""
    global _axe
    _axe = _axe or Axe.from_file(AXE_JS)
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    if disable:
        options["rules"] = {rule: {"enabled": False} for rule in disable}
    violations = _axe.run(page, context=context, options=options).response["violations"]
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
        lines += [f"    {', '.join(map(str, n['target']))}: {n['html'][:160]}" for n in v["nodes"]]
    if violations:
        heading = f"axe found {len(violations)} violation(s) on {page.url}:"
        raise AssertionError("\n".join([heading, *lines]))


def assert_page_ok(page, log: PageLog, js: bool = True):
    """The full check for one page at the current viewport (axe only when JavaScript is on)."""
    assert_static_ok(log, require_js=js)
    assert_styled(page)
    assert_no_console_errors(log)
    if js:
        assert_accessible(page)
