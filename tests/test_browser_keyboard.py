"""Every page of both products (the guidance and the handbook) from the keyboard at 1280 px and
at 320 px: a keyboard walk that always shows where focus is, and no page that scrolls sideways.
The walk at 375 px is test_browser_keyboard_mobile.py, so that two workers share the walks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_support import NARROWEST, WIDTHS, keyboard_walk_of_site, site_pages

pytestmark = [pytest.mark.build, pytest.mark.docs, pytest.mark.browser]


def test_a_keyboard_walk_through_every_page_always_shows_where_focus_is(
    every_site: tuple[Path, str], open_reader: Any
) -> None:
    """Tab from top to bottom of each page: every stop on screen, uncovered, and marked. At
    1280 px "On this page" is a drawer (below 1312 px): its links were focused off-screen while
    it was closed."""
    assert keyboard_walk_of_site(every_site, open_reader, WIDTHS["desktop"]) == {}


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
