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


# What of <main> reaches sideways out of place, as a user would see it:
# - elements past the viewport's edges (outermost only, as clipped by their ancestors);
# - scrolling regions (the tables' nhsuk-scroll) whose content is wider than the region;
# - boxes wider than their container, margins included (so the grid rows' negative gutters
#   are not counted), outside scrolling regions.
OVERFLOWING = """() => {
  const main = document.querySelector("main");
  const width = document.documentElement.clientWidth;
  const name = (e) => {
    if (e.id) return `${e.tagName.toLowerCase()}#${e.id}`;
    const classes = [...e.classList].slice(0, 2).map((c) => "." + c).join("");
    const same = [...e.parentElement.children].filter((s) => s.tagName === e.tagName);
    const nth = same.length > 1 ? `:nth-of-type(${same.indexOf(e) + 1})` : "";
    return e.tagName.toLowerCase() + classes + nth;
  };
  const path = (e) => {
    const parts = [];
    for (; e && e !== main; e = e.parentElement) {
      parts.unshift(name(e));
      if (e.id) break;
    }
    return ["main", ...parts].join(" > ");
  };
  const style = (e) => getComputedStyle(e);
  const scrolls = (e) => ["auto", "scroll"].includes(style(e).overflowX);
  // The box's horizontal extent once clipped by `from` and its ancestors that clip overflow.
  const seen = (from, box) => {
    let [left, right] = [box.left, box.right];
    for (let a = from; a && a !== document.body; a = a.parentElement) {
      if (style(a).overflowX === "visible") continue;
      const clip = a.getBoundingClientRect();
      [left, right] = [Math.max(left, clip.left), Math.min(right, clip.right)];
    }
    return {left, right, shown: right - left > 0.5 && box.height > 0};
  };
  const inScroll = (e) => {
    for (let a = e.parentElement; a && a !== main; a = a.parentElement) if (scrolls(a)) return true;
    return false;
  };
  const outermost = (found, e) => !found.some((f) => f.element.contains(e));
  const viewport = [];
  for (const e of main.querySelectorAll("*")) {
    if (!outermost(viewport, e)) continue;
    const box = seen(e.parentElement, e.getBoundingClientRect());
    const beyond = Math.max(box.right - width, -box.left);
    if (box.shown && beyond > 0.5) viewport.push({element: e, beyond});
  }
  const regions = [];
  for (const e of main.querySelectorAll("*")) {
    if (!scrolls(e) || e.scrollWidth <= e.clientWidth) continue;
    if (!seen(e.parentElement, e.getBoundingClientRect()).shown) continue;
    const inner = e.children.length === 1 ? e.firstElementChild : e;
    const hidden = e.scrollWidth - e.clientWidth;
    regions.push(`${path(inner)}: ${e.scrollWidth} px wide in a scrolling region ` +
      `${e.clientWidth} px wide (${hidden} px hidden, viewport ${width} px)`);
  }
  const containers = [];
  for (const e of main.querySelectorAll("*")) {
    const own = style(e);
    const parent = style(e.parentElement);
    if (["none", "inline", "contents"].includes(own.display)) continue;
    if (own.display.startsWith("table-") || parent.display.startsWith("table-")) continue;
    if (["absolute", "fixed"].includes(own.position) || parent.overflowX !== "visible") continue;
    if (!outermost(containers, e) || inScroll(e)) continue;
    const box = e.getBoundingClientRect();
    if (!seen(e.parentElement, box).shown) continue;
    const outer = e.parentElement.getBoundingClientRect();
    const left = outer.left + parseFloat(parent.borderLeftWidth) + parseFloat(parent.paddingLeft);
    const right = outer.right - parseFloat(parent.borderRightWidth) -
      parseFloat(parent.paddingRight);
    const beyond = Math.max(
      box.right + parseFloat(own.marginRight) - right,
      left - (box.left - parseFloat(own.marginLeft)),
    );
    if (beyond > 0.5) containers.push({element: e, beyond, room: Math.round(right - left)});
  }
  return {
    page: [document.documentElement.scrollWidth, width],
    main: [main.scrollWidth, main.clientWidth],
    viewport: viewport.map((f) =>
      `${path(f.element)}: ${Math.round(f.beyond)} px beyond the viewport`),
    regions,
    containers: containers.map((f) =>
      `${path(f.element)}: ${Math.round(f.beyond)} px wider than its container ` +
      `(${name(f.element.parentElement)}, ${f.room} px)`),
  };
}"""


def assert_fits(page):
    """Neither the page nor anything in its main content reaches past the viewport or out of
    its container, and no table needs scrolling sideways."""
    found = page.evaluate(OVERFLOWING)
    problems = [*found["viewport"], *found["regions"], *found["containers"]]
    page_width, width = found["page"]
    if page_width > width:
        problems.insert(0, f"the page scrolls sideways: {page_width} px wide in {width} px")
    if problems:
        main_scroll, main_client = found["main"]
        problems.append(f"(main: scrollWidth {main_scroll} px, clientWidth {main_client} px)")
        raise AssertionError("horizontal overflow:\n" + "\n".join(problems))
