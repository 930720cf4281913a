"""Every page of both products (the guidance and the handbook) from the keyboard, at 1280 and
375 px: a keyboard walk that always shows where focus is; at 320 px, no page that scrolls
sideways; and the walk itself, on a page made to fail it. (Each test is a unit of work of its
own for pytest-xdist: conftest.py's SPLIT_FILES.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    NARROWEST,
    WIDTHS,
    keyboard_walk_of_site,
    keyboard_walks,
    serve,
    site_pages,
)

pytestmark = pytest.mark.browser


@pytest.mark.build
@pytest.mark.docs
@pytest.mark.parametrize("width", list(WIDTHS.values()), ids=list(WIDTHS))
def test_a_keyboard_walk_through_every_page_always_shows_where_focus_is(
    every_site: tuple[Path, str], open_reader: Any, width: int
) -> None:
    """Tab from top to bottom of each page: every stop on screen, uncovered, and marked. At
    1280 px "On this page" is a drawer (below 1312 px): its links were focused off-screen while
    it was closed; at 375 px the navigation is a drawer too."""
    assert keyboard_walk_of_site(every_site, open_reader, width) == {}


@pytest.mark.build
@pytest.mark.docs
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


#: A page with one stop of each failure the walk looks for, and one stop without any.
FAILING_PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Focus</title><style>
  a:focus { outline: 3px solid black; }
  #unmarked:focus { outline: none; }
  #banner { position: fixed; top: 0; left: 0; right: 0; height: 60px; background: white; }
  main { margin-top: 120px; }
</style></head><body>
  <a id="covered" href="#1">Covered</a><div id="banner"></div>
  <main>
    <a href="#2">Marked</a>
    <a id="unmarked" href="#3">Unmarked</a>
    <a href="#4" style="position: absolute; left: -9999px; width: 50px; display: block">Off screen</a>
  </main>
</body></html>
"""


def test_the_walk_reports_focus_that_is_covered_unmarked_or_off_screen(
    tmp_path: Path, open_reader: Any
) -> None:
    """The walk itself: each stop a sighted keyboard user cannot find is reported, by name."""
    (tmp_path / "index.html").write_text(FAILING_PAGE, "utf-8")
    with serve(tmp_path) as url:
        reader = open_reader(width=WIDTHS["desktop"])
        report = keyboard_walks([reader], {"index.html": url + "index.html"}, WIDTHS["desktop"])
    assert report == {
        "index.html": [
            "#1 a 'Covered': covered by something else",
            "#3 a 'Unmarked': focus does not change how it looks",
            "#4 a 'Off screen': off-screen across (x -9999 to -9949)",
        ]
    }
