"""The built site in a real browser: Debian's Chromium driven by Playwright, over HTTP on 127.0.0.1.

docs/ is built once (conftest's docs_html) and served from a thread; one browser serves every test.
Nothing is downloaded: Playwright launches /usr/bin/chromium (``require_tool`` skips these tests
on a machine without it, and fails them in CI), and every request for another host is refused.
"""

from __future__ import annotations

import functools
import re
import shutil
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from helpers import BASE_CONF, LEGAL_SENTENCE, REPO_ROOT, Site, require_tool
from playwright.sync_api import sync_playwright

pytestmark = [pytest.mark.build, pytest.mark.docs, pytest.mark.browser]

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WIDTHS = {"desktop": 1280, "mobile": 375}
#: How a reader gets each colour scheme: the system setting (Furo follows it by default).
SCHEMES = ("light", "dark")
#: axe-core's rules for WCAG 2.0, 2.1 and 2.2, levels A and AA, and its best practices (region,
#: landmark-unique, heading order...), which an NHS accessibility audit expects to pass too.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
#: The narrowest screen WCAG 1.4.10 asks content to reflow into: also 1280 px at 400 % zoom.
NARROWEST = 320
SCREENSHOTS = REPO_ROOT / "_build" / "screenshots"


# -- Serving and browsing ------------------------------------------------------------------------


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves a directory without logging every request to the test output."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve *directory* on 127.0.0.1 from a thread; yield its base URL (ending in "/")."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture(scope="module")
def chromium() -> str:
    """Debian's Chromium; never a browser Playwright would download."""
    return require_tool("chromium", "the browser tests drive Debian's Chromium")


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
    """One headless Chromium for the whole module."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


@dataclass
class Reader:
    """A browser tab with a viewport and colour scheme, that may only reach 127.0.0.1."""

    page: Any
    refused: list[str] = field(default_factory=list)

    def open(self, url: str) -> None:
        self.page.goto(url, wait_until="load")


@pytest.fixture
def open_reader(browser: Any) -> Iterator[Any]:
    """``open_reader(width=..., scheme=...)`` opens a tab; all are closed after the test."""
    contexts = []

    def factory(width: int = WIDTHS["desktop"], scheme: str = "light") -> Reader:
        context = browser.new_context(
            viewport={"width": width, "height": 800}, color_scheme=scheme, service_workers="block"
        )
        contexts.append(context)
        reader = Reader(context.new_page())

        def only_this_machine(route: Any) -> None:
            if urlsplit(route.request.url).hostname == "127.0.0.1":
                route.continue_()
            else:
                reader.refused.append(route.request.url)
                route.abort()

        context.route("**/*", only_this_machine)
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


def test_the_contrast_arithmetic_agrees_with_wcag() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    # The well-known limits: #767676 is the lightest grey that passes AA on white, #777777 fails.
    assert contrast((0x76, 0x76, 0x76), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)
    assert contrast((0x77, 0x77, 0x77), (255, 255, 255)) < 4.5
    assert composite([[0, 0, 0, 0.5], [255, 255, 255, 1]]) == pytest.approx((127.5,) * 3)


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


# -- The Clinical Safety page ----------------------------------------------------------------------


def set_scheme(reader: Reader, how: str) -> None:
    """Switch the open page to dark mode the way a reader would, and check that it took."""
    if how == "toggle":
        # Furo's button cycles auto -> dark -> light; with a light system, one press is dark.
        reader.page.locator("button.theme-toggle:visible").first.click()
        assert reader.page.locator("body").get_attribute("data-theme") == "dark"
    body = look(reader.page.locator("body"))
    expected_dark = how in {"toggle", "system-dark"}
    assert (luminance(body.background) < 0.2) == expected_dark


@pytest.mark.parametrize("how", ["light", "toggle", "system-dark"])
def test_the_mandatory_box_stands_out_and_stays_readable(
    site_url: str, open_reader: Any, how: str
) -> None:
    reader = open_reader(scheme="dark" if how == "system-dark" else "light")
    reader.open(site_url + "clinical_safety.html")
    set_scheme(reader, how)
    page = reader.page

    for anchor in ("dcb0129", "dcb0160"):
        entry = page.locator(f"div.nhs-standard#{anchor}")
        assert entry.is_visible()
        assert entry.locator("a.nhs-standard-id").inner_text() == anchor.upper()
        assert "Clinical Risk Management" in entry.locator(".nhs-standard-title").inner_text()
    box = page.locator(".admonition.mandatory")
    assert box.is_visible()
    title = box.locator(".admonition-title")
    # Seen as "Mandatory"; "Important: " is there for screen readers only (a 1 px clipped box).
    assert title.inner_text().split() == ["Important:", "Mandatory"]
    hidden = title.locator(".nhs-visually-hidden").bounding_box()
    assert hidden["width"] <= 1 and hidden["height"] <= 1
    assert " ".join(box.locator("p:not(.admonition-title)").inner_text().split()) == LEGAL_SENTENCE

    note = page.locator(".admonition.note")
    box_look, note_look = look(box), look(note)
    box_title, note_title = (
        look(box.locator(".admonition-title")),
        look(note.locator(".admonition-title")),
    )
    # Told apart from a note at a glance: its panel, its border and its title bar differ.
    assert box_look.background != note_look.background
    assert box_look.border != note_look.border
    assert box_title.background != note_title.background
    # ... and readable: WCAG AA contrast for the text and for the title.
    text = look(box.locator("p:not(.admonition-title)"))
    assert text.contrast >= 4.5, text
    assert box_title.contrast >= 4.5, box_title


def test_search_lists_the_clinical_safety_page(site_url: str, open_reader: Any) -> None:
    reader = open_reader()
    reader.open(site_url + "index.html")
    search = reader.page.locator("input.sidebar-search:visible")
    search.click()
    search.press_sequentially("DCB0160")
    search.press("Enter")
    # Sphinx adds the results one by one (a timer each) and titles the list "Search Results"
    # once the last is in: read them then, not as soon as the first appears.
    reader.page.locator("#search-results h2", has_text="Search Results").wait_for()
    results = reader.page.locator("#search-results ul.search li a")
    found = {link.inner_text(): link.get_attribute("href") for link in results.all()}
    assert "Clinical Safety" in found
    assert found["Clinical Safety"].startswith("clinical_safety.html")


@pytest.mark.parametrize("how", ["light", "toggle", "system-dark"])
def test_a_controls_verification_reads_in_words_at_aa_contrast(
    chromium: str, request: pytest.FixtureRequest, open_reader: Any, how: str
) -> None:
    # The handbook's Hazard log page: CTL-901 and CTL-902, on their entries and in the list.
    with serve(request.getfixturevalue("handbook_html")) as url:
        reader = open_reader(scheme="dark" if how == "system-dark" else "light")
        reader.open(url + "hazard_log.html")
        set_scheme(reader, how)
        states = reader.page.locator(".nhs-verification")
        assert states.count() >= 4
        looks = []
        for index in range(states.count()):
            state = states.nth(index)
            words = state.inner_text()
            # Its state in words, never a tint alone ...
            assert words.split(":")[0] in {"Verified", "Failed", "Missing", "Evidence", "None"}
            seen = look(state)
            # ... readable: WCAG AA contrast.
            assert seen.contrast >= 4.5, (words, seen)
            looks.append((words, seen.background))
        # Two states look different as well as reading differently.
        assert len(set(looks)) >= 2 and len({background for _, background in looks}) >= 2


# -- Accessibility ---------------------------------------------------------------------------------


@pytest.mark.parametrize("width", list(WIDTHS.values()), ids=list(WIDTHS))
@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_nothing_on_any_page(
    every_site: tuple[Path, str], open_reader: Any, scheme: str, width: int
) -> None:
    built_site, site_url = every_site
    pages = site_pages(built_site)
    assert "index.html" in pages and len(pages) >= 6
    reader = open_reader(width=width, scheme=scheme)
    axe = Axe()
    report = []
    for name in pages:
        reader.open(site_url + name)
        results = axe.run(reader.page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        if results.violations_count:
            report.append(f"{name}:\n{results.generate_report()}")
    assert report == [], "\n\n".join(report)
    assert reader.refused == []  # no page asks for anything from another host


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_keyboard_reaches_every_standard_with_a_visible_focus(
    site_url: str, open_reader: Any, scheme: str
) -> None:
    reader = open_reader(scheme=scheme)
    reader.open(site_url + "clinical_safety.html")
    page = reader.page
    links = page.locator("a.nhs-standard-id")
    wanted = {link.get_attribute("href") for link in links.all()}
    assert len(wanted) == 2
    unfocused = {link.get_attribute("href"): look(link) for link in links.all()}

    reached: dict[str, dict[str, Any]] = {}
    for _ in range(60):  # from the top of the page, as a keyboard user would
        page.keyboard.press("Tab")
        focused = page.locator(":focus")
        href = focused.get_attribute("href")
        if href in wanted and href not in reached:
            style = focused.evaluate(
                "(e) => { const s = getComputedStyle(e); return {outline: s.outlineStyle,"
                " width: parseFloat(s.outlineWidth), colour: s.outlineColor, shadow: s.boxShadow}; }"
            )
            reached[href] = {"style": style, "look": look(focused)}
        if set(reached) == wanted:
            break
    assert set(reached) == wanted

    for href, focus in reached.items():
        style, seen = focus["style"], focus["look"]
        # A ring of 2 px or more in a colour one can see, or a drawn shadow (NHS.UK's underline).
        transparent = style["colour"].replace(" ", "").endswith(",0)")
        outlined = style["outline"] != "none" and style["width"] >= 2 and not transparent
        assert outlined or style["shadow"] != "none", style
        # The focused link looks different from the unfocused one, and is still readable.
        assert seen.background != unfocused[href].background
        assert seen.contrast >= 4.5, seen


# -- Keyboard, focus and reflow ------------------------------------------------------------------

#: Resolves once nothing on the page moves: no transition or animation running (a drawer
#: sliding, the skip link dropping in) and the page no longer scrolling (Furo scrolls smoothly).
SETTLED_JS = """
async () => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    let still = 0, last = [scrollX, scrollY];
    for (let i = 0; i < 240 && still < 3; i++) {
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
    """Wait until nothing on the page moves."""
    reader.page.evaluate(SETTLED_JS)


def focused(reader: Reader, step: int | None = None) -> dict[str, Any] | None:
    """The focused element, once the page has settled, as a sighted keyboard user sees it;
    *step* marks it as a stop of a keyboard walk."""
    settle(reader)
    return reader.page.evaluate(FOCUSED_JS, step)


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


def keyboard_walk(reader: Reader, width: int, limit: int = 400) -> list[str]:
    """Tab from the top of the page to its end; what is wrong with each focus stop.

    Each stop must be visible where it is, and look different when focused: the styles read
    while it has focus are compared with the same element's once focus has moved on.
    """
    problems: list[str] = []
    stops: list[tuple[str, str]] = []  # each stop's name and its styles while focused
    for step in range(1, limit + 1):
        reader.page.keyboard.press("Tab")
        seen = focused(reader, step)
        if stops:  # the previous stop has lost focus: it must look different now
            name, focus_style = stops[-1]
            if reader.page.evaluate(FOCUS_STYLE_JS, step - 1) == focus_style:
                problems.append(f"{name}: focus does not change how it looks")
        if seen is None or seen.get("again"):
            return problems  # past the last stop: to the browser, or round again
        name = f"#{step} {seen['tag']} {seen['name']!r}"
        stops.append((name, reader.page.evaluate(FOCUS_STYLE_JS, step)))
        failure = where_focus_fails(seen, width)
        if failure:
            problems.append(f"{name}: {failure}")
    problems.append(f"no end to the Tab order after {limit} stops")
    return problems


@pytest.mark.parametrize("width", list(WIDTHS.values()), ids=list(WIDTHS))
def test_a_keyboard_walk_through_every_page_always_shows_where_focus_is(
    every_site: tuple[Path, str], open_reader: Any, width: int
) -> None:
    """Tab from top to bottom of each page: every stop on screen, uncovered, and marked.

    At 1280 px "On this page" is a drawer (below 1312 px) and at 375 px the navigation is one
    too: their links were focused off-screen while the drawers were closed.
    """
    built_site, site_url = every_site
    reader = open_reader(width=width)
    report = {}
    for name in site_pages(built_site):
        reader.open(site_url + name)
        problems = keyboard_walk(reader, width)
        if problems:
            report[name] = problems
    assert report == {}


#: Each drawer: its toggle, and the widths at which it is a drawer (Furo: the navigation below
#: 1008 px, "On this page" below 1312 px).
DRAWERS = {
    "navigation": ("button.nav-overlay-icon", ".sidebar-drawer", (NARROWEST, 375)),
    "contents": ("button.toc-overlay-icon", ".toc-drawer", (NARROWEST, 375, 1280)),
}


def tab_to(reader: Reader, selector: str, limit: int = 60) -> None:
    """Press Tab until the visible element *selector* finds has focus."""
    for _ in range(limit):
        reader.page.keyboard.press("Tab")
        if reader.page.evaluate(
            "(s) => document.activeElement.matches(s) && document.activeElement.checkVisibility()",
            selector,
        ):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize(
    ("drawer", "width"),
    [(drawer, width) for drawer, (_, _, widths) in DRAWERS.items() for width in widths],
)
def test_the_drawers_open_and_close_from_the_keyboard(
    site_url: str, open_reader: Any, drawer: str, width: int
) -> None:
    toggle_selector, drawer_selector, _ = DRAWERS[drawer]
    reader = open_reader(width=width)
    reader.open(site_url + "accessibility_statement.html")  # a page with "On this page"
    page = reader.page
    toggle = page.locator(f"{toggle_selector}:visible")
    panel = page.locator(drawer_selector)
    assert toggle.get_attribute("aria-controls") == panel.get_attribute("id")
    assert panel.get_attribute("aria-label")
    # Closed, its links are out of reach: hidden, not only moved off-screen.
    assert not panel.evaluate("(e) => e.checkVisibility({visibilityProperty: true})")

    tab_to(reader, toggle_selector)
    assert toggle.get_attribute("aria-expanded") == "false"
    for opening_key in ("Enter", "Space"):
        page.keyboard.press(opening_key)
        assert toggle.get_attribute("aria-expanded") == "true"
        # Focus goes into the drawer (which covers the toggle), and stays in sight in it.
        links = panel.locator(":is(a[href], input:not([type=hidden]), button):visible").count()
        assert links >= 5
        for step in range(links):
            seen = focused(reader)
            assert panel.evaluate("(e) => e.contains(document.activeElement)"), seen
            assert where_focus_fails(seen, width) is None, seen
            if step < links - 1:
                page.keyboard.press("Tab")
        if opening_key == "Enter":
            page.keyboard.press("Escape")  # closes, focus back on the toggle
        else:
            page.keyboard.press("Tab")  # past the last link: closes, focus back on the toggle
        settle(reader)
        assert toggle.get_attribute("aria-expanded") == "false"
        assert toggle.evaluate("(e) => e === document.activeElement")
        assert where_focus_fails(focused(reader), width) is None
        assert not panel.evaluate("(e) => e.checkVisibility({visibilityProperty: true})")


def test_no_page_scrolls_sideways_at_320_px(every_site: tuple[Path, str], open_reader: Any) -> None:
    """WCAG 1.4.10: at 320 px (a phone, or 1280 px at 400 % zoom) nothing makes the page or
    its content column scroll sideways; a wide table scrolls inside its own region."""
    built_site, site_url = every_site
    reader = open_reader(width=NARROWEST)
    wide = {}
    for name in site_pages(built_site):
        reader.open(site_url + name)
        widths = reader.page.evaluate(
            """() => ({
                page: document.scrollingElement.scrollWidth,
                content: document.querySelector(".content").scrollWidth,
                column: document.querySelector(".content").clientWidth,
                tables: [...document.querySelectorAll("table")].map((t) => {
                    const r = t.closest(".table-wrapper");
                    return r && r.scrollWidth > r.clientWidth
                        ? [r.getAttribute("role"), r.tabIndex, r.getAttribute("aria-label")]
                        : null;
                }).filter(Boolean),
            })"""
        )
        assert widths["page"] <= NARROWEST, (name, widths)
        assert widths["content"] <= widths["column"], (name, widths)
        for role, tabindex, label in widths["tables"]:
            assert (role, tabindex) == ("region", 0) and label, (name, widths)
        wide[name] = len(widths["tables"])
    # A table wider than the column is among those that scroll in their own region: the
    # guidance's table of standards (481 px wide), the handbook's hazard log.
    guidance = (built_site / "clinical_safety.html").is_file()
    assert wide["standards.html" if guidance else "hazard_log.html"] >= 1


# -- What a screen reader meets -------------------------------------------------------------------


def accessibility_tree(reader: Reader) -> list[dict[str, Any]]:
    """Chromium's accessibility tree of the open page (what a screen reader is given)."""
    session = reader.page.context.new_cdp_session(reader.page)
    session.send("Accessibility.enable")
    return session.send("Accessibility.getFullAXTree")["nodes"]


def announced(tree: list[dict[str, Any]]) -> list[tuple[str, str, dict[str, Any]]]:
    """Each node a screen reader announces: its role, name and properties (text runs aside)."""
    quiet = {"StaticText", "InlineTextBox", "none", "generic", "LineBreak"}
    result = []
    for node in tree:
        role = node.get("role", {}).get("value", "")
        if node.get("ignored") or role in quiet:
            continue
        properties = {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
        result.append((role, node.get("name", {}).get("value", ""), properties))
    return result


def test_a_screen_reader_meets_a_standard_and_a_mandatory_note_as_headings(
    site_url: str, open_reader: Any
) -> None:
    reader = open_reader()
    reader.open(site_url + "clinical_safety.html")
    nodes = announced(accessibility_tree(reader))
    headings = [(name, props.get("level")) for role, name, props in nodes if role == "heading"]
    # A standard entry: a level-3 heading under "Resources" (level 2), named by ID and title.
    assert ("Resources", 2) in headings
    assert (
        "DCB0129 \N{EN DASH} Clinical Risk Management: its Application in the Manufacture of Health IT "
        "Systems",
        3,
    ) in headings
    # The mandatory note: a heading that says what it is, announced once (no role="note",
    # no region named "Mandatory" around it as well).
    assert ("Important: Mandatory", 3) in headings
    mentions = [(role, name) for role, name, _ in nodes if "Mandatory" in name]
    assert mentions == [("heading", "Important: Mandatory")]


def test_the_two_complementary_landmarks_have_names_of_their_own(
    site_url: str, open_reader: Any
) -> None:
    def asides(width: int) -> list[str]:
        reader = open_reader(width=width)
        reader.open(site_url + "accessibility_statement.html")  # a page with "On this page"
        nodes = announced(accessibility_tree(reader))
        return sorted(name for role, name, _ in nodes if role == "complementary")

    # Wide enough for Furo to show both sidebars ...
    assert asides(1400) == ["On this page", "Site navigation"]
    # ... and at 1280 px, where "On this page" is a closed drawer, a screen reader skips it.
    assert asides(1280) == ["Site navigation"]


def test_a_screen_reader_meets_each_wide_table_as_a_named_region(
    site_url: str, open_reader: Any
) -> None:
    reader = open_reader(width=375)
    reader.open(site_url + "standards.html")
    regions = [name for role, name, _ in announced(accessibility_tree(reader)) if role == "region"]
    assert regions == ["Standards", "Compliance register"]


# -- Redirects ---------------------------------------------------------------------------------------


def test_an_old_address_takes_the_browser_to_the_moved_page(site: Site, open_reader: Any) -> None:
    site.conf = BASE_CONF + 'extensions.append("sphinx_reredirects")\n'
    site.write_pages(
        {
            "moved": "---\nredirect_from:\n  - old_name.html\n  - old/folder/\n---\n"
            "# Moved page\n\n## Details\n\nText.\n"
        }
    )
    result = site.build()
    assert result.warning_lines() == []
    reader = open_reader()
    with serve(result.outdir) as url:
        reader.open(url + "old_name.html#details")
        reader.page.wait_for_url(url + "moved.html#details")
        assert reader.page.locator("article h1").inner_text().startswith("Moved page")
        reader.open(url + "old/folder/")
        reader.page.wait_for_url(url + "moved.html")


# -- Screenshots ---------------------------------------------------------------------------------------


def png_size(path: Path) -> tuple[int, int]:
    """The width and height of a PNG image, from its header."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


def test_screenshots_of_every_page(built_site: Path, site_url: str, open_reader: Any) -> None:
    """Full-page screenshots for people to look at, in _build/screenshots/.

    A page that scrolls sideways on a phone would make its screenshot wider than the phone.
    """
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    pages = site_pages(built_site)
    for scheme in SCHEMES:
        for device, width in WIDTHS.items():
            reader = open_reader(width=width, scheme=scheme)
            for name in pages:
                reader.open(site_url + name)
                stem = re.sub(r"[^\w.-]", "_", name.removesuffix(".html"))
                path = SCREENSHOTS / f"{stem}-{scheme}-{device}.png"
                reader.page.screenshot(path=str(path), full_page=True)
                assert png_size(path)[0] == width, f"{name} scrolls sideways at {width} px"
    assert len(list(SCREENSHOTS.glob("*.png"))) == len(pages) * len(SCHEMES) * len(WIDTHS)
