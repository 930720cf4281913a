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
#: axe-core's rules for WCAG 2.0, 2.1 and 2.2, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
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
    assert box.locator(".admonition-title").inner_text() == "Mandatory"
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


# -- Accessibility ---------------------------------------------------------------------------------


@pytest.mark.parametrize("width", list(WIDTHS.values()), ids=list(WIDTHS))
@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_page_meets_wcag_aa(
    built_site: Path, site_url: str, open_reader: Any, scheme: str, width: int
) -> None:
    pages = site_pages(built_site)
    assert {"index.html", "clinical_safety.html", "404.html"} <= set(pages)
    reader = open_reader(width=width, scheme=scheme)
    axe = Axe()
    report = []
    for name in pages:
        reader.open(site_url + name)
        results = axe.run(reader.page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
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
