"""What the browser tests share: Debian's headless Chromium driven by Playwright, over HTTP on
127.0.0.1.

Its fixtures (``browser``, ``open_reader``, ``site_url``, ``every_site``...) reach every test file
as a pytest plugin (conftest.py's ``pytest_plugins``): one Chromium for each test file a worker
runs, launched the first time a test asks for it. The checks of every page over both products
(``every_site``) are the longest work of the suite: the tests of test_browser_axe.py and
test_browser_keyboard.py are handed to the workers one by one (conftest.py's SPLIT_FILES).

docs/ and the handbook are built once per run (conftest's docs_html and handbook_html) and served
from a thread. Nothing is downloaded: Playwright launches Debian's chromium-headless-shell
(``require_tool`` skips the tests on a machine without it, and fails them in CI), and every
request for another host is refused.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_core import installed
from helpers import HOST, REPO_ROOT, QuietRequests, missing, require_tool, serving
from playwright.sync_api import sync_playwright

#: The browser can reach no host but HOST: every other name, and every other address, is
#: unresolvable to it (``net::ERR_NAME_NOT_RESOLVED``), so no test reaches outside the machine.
#: (Not Playwright's request routing: a route, whatever it matches, turns the browser's cache
#: off and stops every request on its way, which doubled the processor time of loading a page.)
ONLY_THIS_MACHINE = f"--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE {HOST}"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", ONLY_THIS_MACHINE,
]  # fmt: skip
WIDTHS = {"desktop": 1280, "mobile": 375}
#: How a reader gets each colour scheme: the system setting (Furo follows it by default).
SCHEMES = ("light", "dark")
#: axe-core's rules for WCAG 2.0, 2.1 and 2.2, levels A and AA, and its best practices (region,
#: landmark-unique, heading order...), which an NHS accessibility audit expects to pass too.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
#: axe-core's options: those rules, and details of the violations only (the test reads nothing
#: else), which halves the time axe takes on a long page.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
#: The narrowest screen WCAG 1.4.10 asks content to reflow into: also 1280 px at 400 % zoom.
NARROWEST = 320
SCREENSHOTS = REPO_ROOT / "_build" / "screenshots"


# -- Serving and browsing ------------------------------------------------------------------------


class SiteHandler(QuietRequests, SimpleHTTPRequestHandler):
    """Serves the files of a directory, quietly."""


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve *directory* on HOST from a thread; yield its base URL (ending in "/")."""
    with serving(functools.partial(SiteHandler, directory=str(directory))) as url:
        yield url + "/"


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's headless Chromium; never a browser Playwright would download.

    The headless shell (Chromium's own headless browser, the one Playwright runs headless tests
    in) renders with the same Blink as ``chromium``, without the desktop browser's window layer
    around it: the same checks took two thirds of the processor time (a keyboard walk through
    the handbook 29 s to 19 s; the browser process 7.4 s to 2 s).
    """
    return require_tool("chromium-headless-shell", "the browser tests drive Debian's Chromium")


@pytest.fixture(scope="session")
def axe_core() -> Path:
    """The venv's axe-core (axe_core.py): its ``axe.min.js``, licence and ``lock.json``, which
    `make test` fetches."""
    folder = installed()
    if not (folder / "axe.min.js").is_file():
        missing(f"no axe-core in {folder}: run the tests with `make test`, which fetches it")
    return folder


@pytest.fixture(scope="session")
def axe_script(axe_core: Path) -> str:
    """axe-core itself (``axe.min.js``); a reader with ``axe=True`` is given it once for its
    tab, and runs it in every page as the page is made (sent with every page instead, it cost a
    tenth of a second of processor time a page, half as much as loading the page)."""
    return (axe_core / "axe.min.js").read_text("utf-8")


@pytest.fixture(scope="module")
def built_site(chromium: str, request: pytest.FixtureRequest) -> Path:
    """docs/ built as `make html` builds it, strictly: the session's ``docs_html``.

    Asked for only once Chromium is found, so that a machine without it skips before building.
    """
    return request.getfixturevalue("docs_html")


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


#: The two products, each built once for the session (conftest): the guidance and the handbook.
PRODUCTS = {"guidance": "docs_html", "handbook": "handbook_html"}


@pytest.fixture(scope="module", params=list(PRODUCTS))
def every_site(chromium: str, request: pytest.FixtureRequest) -> Iterator[tuple[Path, str]]:
    """Each product's built site and the address it is served at: the checks of every page
    run over both."""
    root = request.getfixturevalue(PRODUCTS[request.param])
    with serve(root) as url:
        yield root, url


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Any]:
    """One headless Chromium for the browser tests of a file. Not for the session: Playwright's
    driver and threads alive in a worker that later forks (a Sphinx ``-j`` build) left the forked
    readers deadlocked on a lock held at the fork."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


@dataclass
class Reader:
    """A browser tab with a viewport and colour scheme, that may only reach 127.0.0.1; what its
    pages asked of other hosts is in *refused* (the browser could not reach them:
    ONLY_THIS_MACHINE)."""

    page: Any
    refused: list[str] = field(default_factory=list)

    def open(self, url: str) -> None:
        self.page.goto(url, wait_until="load")


@pytest.fixture
def open_reader(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """``open_reader(width=..., scheme=..., axe=...)`` opens a tab (with axe-core on every page
    it opens, for ``axe_page``, if *axe*); all are closed after the test."""
    contexts = []

    def factory(width: int = WIDTHS["desktop"], scheme: str = "light", axe: bool = False) -> Reader:
        context = browser.new_context(
            viewport={"width": width, "height": 800}, color_scheme=scheme, service_workers="block"
        )
        if axe:
            context.add_init_script(script=request.getfixturevalue("axe_script"))
        contexts.append(context)
        reader = Reader(context.new_page())

        def note_other_hosts(request: Any) -> None:
            url = urlsplit(request.url)
            if url.scheme not in ("data", "blob") and url.hostname != HOST:
                reader.refused.append(request.url)

        context.on("request", note_other_hosts)
        return reader

    yield factory
    for context in contexts:
        context.close()


def site_pages(root: Path) -> list[str]:
    """Every page of a built site, found in its output: what a reader can open.

    Sphinx's own folders (``_static``, ``_sources``...) and sphinx-reredirects' redirect pages
    (which only send the browser elsewhere) are left out.
    """
    pages = []
    for path in sorted(root.rglob("*.html")):
        relative = path.relative_to(root)
        if any(part.startswith("_") for part in relative.parts):
            continue
        if 'http-equiv="refresh"' in path.read_text("utf-8"):
            continue
        pages.append(relative.as_posix())
    return pages


# -- Colour arithmetic (WCAG 2.2) ----------------------------------------------------------------

#: For an element: its text colour and the background of it and each ancestor, innermost first.
COLOURS_JS = """
(element) => {
    const rgba = (css) => {
        const parts = css.match(/rgba?\\(([^)]*)\\)/)[1].split(/[\\s,\\/]+/).filter(Boolean);
        return [0, 1, 2].map((i) => Number(parts[i])).concat([parts.length > 3 ? Number(parts[3]) : 1]);
    };
    const layers = [];
    for (let node = element; node; node = node.parentElement) {
        layers.push(rgba(getComputedStyle(node).backgroundColor));
    }
    const style = getComputedStyle(element);
    return {text: rgba(style.color), layers: layers, border: rgba(style.borderLeftColor)};
}
"""

RGB = tuple[float, float, float]


def composite(layers: list[list[float]]) -> RGB:
    """The colour a reader sees through stacked backgrounds (innermost first) over white."""
    red, green, blue = 255.0, 255.0, 255.0
    for r, g, b, alpha in reversed(layers):
        red, green, blue = (
            alpha * new + (1 - alpha) * old for new, old in ((r, red), (g, green), (b, blue))
        )
    return red, green, blue


def luminance(colour: RGB) -> float:
    """WCAG relative luminance."""

    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = map(channel, colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: RGB, second: RGB) -> float:
    """WCAG contrast ratio, from 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@dataclass(frozen=True)
class Look:
    """What a reader sees of an element: its text, background and left border colours."""

    text: RGB
    background: RGB
    border: RGB

    @property
    def contrast(self) -> float:
        return contrast(self.text, self.background)


def over(colour: list[float], background: RGB) -> RGB:
    """A colour with alpha as seen over an opaque *background*."""
    *rgb, alpha = colour
    return tuple(alpha * c + (1 - alpha) * b for c, b in zip(rgb, background, strict=True))


def look(locator: Any) -> Look:
    """The colours a reader sees of the element *locator* finds."""
    colours = locator.evaluate(COLOURS_JS)
    background = composite(colours["layers"])
    # The left border is drawn over what is behind the element, not over its own background.
    behind = composite(colours["layers"][1:])
    return Look(over(colours["text"], background), background, over(colours["border"], behind))


# -- Keyboard, focus and reflow ------------------------------------------------------------------

#: Resolves once nothing on the page moves for *frames* frames in a row: no transition or
#: animation running (a drawer sliding, the skip link dropping in) and the page no longer
#: scrolling (Furo scrolls smoothly, and the compositor may start a smooth scroll late).
SETTLED_JS = """
async (frames) => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    let still = 0, last = [scrollX, scrollY];
    for (let i = 0; i < 240 && still < frames; i++) {
        await frame();
        const now = [scrollX, scrollY];
        const moving = document.getAnimations().some((a) => a.playState === "running");
        still = !moving && now[0] === last[0] && now[1] === last[1] ? still + 1 : 0;
        last = now;
    }
}
"""

#: What a sighted keyboard user sees of the focused element: where it is, whether something
#: covers it, and the computed styles a focus indicator changes. It is marked with its place
#: in the walk, so that its unfocused styles can be read once focus has moved on.
FOCUSED_JS = """
(step) => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    if (step !== null) {  // in a walk: mark the stop, and see when the walk comes round again
        if (element.dataset.walk) return {again: true};
        element.dataset.walk = step;
    }
    const box = element.getClientRects()[0] || element.getBoundingClientRect();
    const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
    // The middle of the part on screen: an element taller than the screen (a long table's
    // region) is seen in part, which is enough (WCAG 2.4.11 asks that focus be not entirely hidden).
    const y = Math.min((Math.max(box.top, 0) + Math.min(box.bottom, innerHeight)) / 2, innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    const whole = element.getBoundingClientRect();
    return {
        name: (element.getAttribute("aria-label") || element.innerText || element.value
               || element.tagName).trim().split("\\n")[0].slice(0, 60),
        tag: element.tagName.toLowerCase(),
        left: whole.left, right: whole.right, top: whole.top, bottom: whole.bottom,
        uncovered: hit !== null && (element.contains(hit) || hit.contains(element)),
    };
}
"""

#: The styles a focus indicator may change, of the element marked *step* in the walk.
FOCUS_STYLE_JS = """
(step) => {
    const element = document.querySelector(`[data-walk="${step}"]`);
    const style = getComputedStyle(element);
    return ["outlineStyle", "outlineWidth", "outlineColor", "boxShadow", "backgroundColor",
            "color", "textDecorationLine"].map((key) => style[key]).join(" | ");
}
"""


def settle(reader: Reader) -> None:
    """Wait until nothing on the page moves, three frames in a row."""
    reader.page.evaluate(SETTLED_JS, 3)


def focused(reader: Reader) -> dict[str, Any] | None:
    """The focused element, once the page has settled, as a sighted keyboard user sees it (a
    keyboard walk reads it with WALK_STEP_JS, which marks it as a stop)."""
    settle(reader)
    return reader.page.evaluate(FOCUSED_JS, None)


def where_focus_fails(seen: dict[str, Any], width: int, height: int = 800) -> str | None:
    """Why the focused element *seen* cannot be seen, or None: it must lie inside the viewport
    (across; and down, unless it is most of the viewport's height, when it must show in part)
    with nothing covering it. A table's region can be that tall: the browser then brings it
    into view below the sticky header, and its foot may still be below the window."""
    if seen["left"] < -1 or seen["right"] > width + 1:
        return f"off-screen across (x {seen['left']:.0f} to {seen['right']:.0f})"
    tall = seen["bottom"] - seen["top"] > 0.75 * height
    if (
        (seen["bottom"] <= 0 or seen["top"] >= height)
        if tall
        else (seen["top"] < -1 or seen["bottom"] > height + 1)
    ):
        return f"off-screen down (y {seen['top']:.0f} to {seen['bottom']:.0f})"
    if not seen["uncovered"]:
        return "covered by something else"
    return None


#: Installed once a page for a keyboard walk: at each key press, starts waiting, as SETTLED_JS
#: does, until nothing on the page moves, so that the wait runs while other pages are walked.
#: Scrolling is made instant: the walk reads where focus ends up, and a smooth scroll (Furo's)
#: only animates the way there, starting when the compositor gets to it: under load, after the
#: page had looked still for three frames, so that a stop was read before it came into view.
#: With nothing scrolling smoothly, two still frames are enough: a page's scroll handlers run
#: in the first frame after the key press, before its animation-frame callbacks, and its
#: intersection observers' callbacks before the next, and a transition they start is running by
#: then.
WALK_WATCH_JS = f"""
() => {{
    if (window.__walk) return;
    const instant = document.createElement("style");
    instant.textContent = "* {{ scroll-behavior: auto !important; }}";
    document.head.append(instant);
    const settle = {SETTLED_JS};
    const walk = window.__walk = {{settled: Promise.resolve()}};
    addEventListener("keydown", () => {{ walk.settled = settle(2); }}, true);
}}
"""

#: One stop of a keyboard walk, after its Tab: once the page has settled, the focused element
#: (FOCUSED_JS) and the styles (FOCUS_STYLE_JS) of the previous stop, which has lost focus,
#: and of this one.
WALK_STEP_JS = f"""
async (step) => {{
    await window.__walk.settled;
    const styleOf = {FOCUS_STYLE_JS};
    const seen = ({FOCUSED_JS})(step);
    return {{
        seen: seen,
        previous: step > 1 ? styleOf(step - 1) : null,
        current: seen && !seen.again ? styleOf(step) : null,
    }};
}}
"""


@dataclass
class KeyboardWalk:
    """A keyboard walk through one page in a reader's tab: its stops so far and their problems."""

    reader: Reader
    width: int
    limit: int
    step: int = 0
    problems: list[str] = field(default_factory=list)
    #: Each stop's name and its styles while focused.
    stops: list[tuple[str, str]] = field(default_factory=list)
    ended: bool = False

    def press(self) -> None:
        """Tab to the next stop."""
        self.step += 1
        self.reader.page.keyboard.press("Tab")

    def take(self, report: dict[str, Any]) -> None:
        """Judge the stop just reached from WALK_STEP_JS's *report*: the previous stop must look
        different now that it has lost focus, this one must be visible where it is."""
        if self.stops:
            name, focus_style = self.stops[-1]
            if report["previous"] == focus_style:
                self.problems.append(f"{name}: focus does not change how it looks")
        seen = report["seen"]
        if seen is None or seen.get("again"):
            self.ended = True  # past the last stop: to the browser, or round again
            return
        name = f"#{self.step} {seen['tag']} {seen['name']!r}"
        self.stops.append((name, report["current"]))
        failure = where_focus_fails(seen, self.width)
        if failure:
            self.problems.append(f"{name}: {failure}")
        if self.step >= self.limit:
            self.problems.append(f"no end to the Tab order after {self.limit} stops")
            self.ended = True


def keyboard_walks(
    readers: list[Reader], pages: dict[str, str], width: int, limit: int = 400
) -> dict[str, list[str]]:
    """Tab from the top of each page (name: address) to its end; what is wrong with each focus
    stop, by page (only pages with a problem).

    Each stop must be visible where it is, and look different when focused: the styles read
    while it has focus are compared with the same element's once focus has moved on. The pages
    are walked side by side, one in each reader's tab, a Tab on each in turn, so that their waits
    for the page to settle overlap (each page counts its own frames from its own key press); a
    tab whose walk ends opens the next page. (A tab costs a renderer process: opening a page in
    a tab already open costs a third as much.)
    """
    waiting = list(pages.items())
    walking: dict[str, KeyboardWalk] = {}
    report: dict[str, list[str]] = {}

    def walk_next(reader: Reader) -> None:
        if waiting:
            name, address = waiting.pop(0)
            reader.open(address)
            reader.page.evaluate(WALK_WATCH_JS)
            walking[name] = KeyboardWalk(reader, width, limit)

    for reader in readers:
        walk_next(reader)
    while walking:
        for walk in walking.values():
            walk.press()
        for name, walk in list(walking.items()):
            walk.take(walk.reader.page.evaluate(WALK_STEP_JS, walk.step))
            if walk.ended:
                del walking[name]
                if walk.problems:
                    report[name] = walk.problems
                walk_next(walk.reader)
    return report


def focusable(page: Path) -> int:
    """About how many stops a keyboard walk meets on the built *page*: its links and buttons."""
    html = page.read_text("utf-8")
    return html.count("<a ") + html.count("<button")


#: How many tabs a keyboard walk through a site keeps open at once.
WALK_TABS = 4


def keyboard_walk_of_site(
    every_site: tuple[Path, str], open_reader: Any, width: int
) -> dict[str, list[str]]:
    """A keyboard walk (``keyboard_walks``) through every page of a served product at *width*,
    in WALK_TABS tabs side by side."""
    built_site, site_url = every_site
    # The longest walks first (a page's links and buttons foretell its stops), so that no long
    # walk is left to run alone at the end.
    names = sorted(site_pages(built_site), key=lambda name: -focusable(built_site / name))
    pages = {name: site_url + name for name in names}
    readers = [open_reader(width=width) for _ in range(min(WALK_TABS, len(pages)))]
    return keyboard_walks(readers, pages, width)


# -- Accessibility ---------------------------------------------------------------------------------


def axe_page(reader: Reader) -> str:
    """What axe-core finds on the page *reader* (opened with ``axe=True``) has open: a report of
    its violations, empty when there is none."""
    results = reader.page.evaluate("(options) => axe.run(document, options)", AXE_OPTIONS)
    return "\n".join(
        f"{violation['id']} ({violation['impact']}): {violation['help']} ({violation['helpUrl']})\n"
        + "\n".join(
            f"  {' '.join(map(str, node['target']))}: {node['html']}\n    "
            + node["failureSummary"].replace("\n", "\n    ")
            for node in violation["nodes"]
        )
        for violation in results["violations"]
    )


def axe_report(every_site: tuple[Path, str], reader: Reader) -> str:
    """What axe-core finds on every page of a served product, with *reader*'s width and colour
    scheme: a report per page with a violation, empty when there is none."""
    built_site, site_url = every_site
    pages = site_pages(built_site)
    assert "index.html" in pages and len(pages) >= 6
    report = []
    for name in pages:
        reader.open(site_url + name)
        found = axe_page(reader)
        if found:
            report.append(f"{name}:\n{found}")
    assert reader.refused == []  # no page asks for anything from another host
    return "\n\n".join(report)
