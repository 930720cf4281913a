"""Every page of both products (the guidance and the handbook) from the keyboard at 375 px, where
the navigation is a drawer: a keyboard walk that always shows where focus is. (The walk at
1280 px is test_browser_keyboard.py; the two files run on two workers.) And the walk itself, on a
page made to fail it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_support import WIDTHS, keyboard_walk_of_site, keyboard_walks, serve

pytestmark = [pytest.mark.browser]


@pytest.mark.build
@pytest.mark.docs
def test_a_keyboard_walk_through_every_page_at_375_px_always_shows_where_focus_is(
    every_site: tuple[Path, str], open_reader: Any
) -> None:
    """Tab from top to bottom of each page: every stop on screen, uncovered, and marked; the
    navigation's links were focused off-screen while its drawer was closed."""
    assert keyboard_walk_of_site(every_site, open_reader, WIDTHS["mobile"]) == {}


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
        reader.open(url + "index.html")
        report = keyboard_walks({"index.html": reader}, WIDTHS["desktop"])
    assert report == {
        "index.html": [
            "#1 a 'Covered': covered by something else",
            "#3 a 'Unmarked': focus does not change how it looks",
            "#4 a 'Off screen': off-screen across (x -9999 to -9949)",
        ]
    }
