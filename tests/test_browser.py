"""The built guidance in a real browser: its Clinical Safety page, drawers, screen reader,
redirects and screenshots (the checks of every page of both products are in test_browser_axe_*.py,
test_browser_keyboard.py and test_browser_keyboard_mobile.py; what they share is browser_support.py).
"""

from __future__ import annotations

import re
import shutil
import struct
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    NARROWEST,
    SCHEMES,
    SCREENSHOTS,
    WIDTHS,
    Reader,
    composite,
    contrast,
    focused,
    look,
    luminance,
    serve,
    settle,
    site_pages,
    where_focus_fails,
)
from helpers import BASE_CONF, LEGAL_SENTENCE, Site

pytestmark = [pytest.mark.build, pytest.mark.docs, pytest.mark.browser]


def test_the_contrast_arithmetic_agrees_with_wcag() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    # The well-known limits: #767676 is the lightest grey that passes AA on white, #777777 fails.
    assert contrast((0x76, 0x76, 0x76), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)
    assert contrast((0x77, 0x77, 0x77), (255, 255, 255)) < 4.5
    assert composite([[0, 0, 0, 0.5], [255, 255, 255, 1]]) == pytest.approx((127.5,) * 3)


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


# -- Keyboard ------------------------------------------------------------------------------------

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
