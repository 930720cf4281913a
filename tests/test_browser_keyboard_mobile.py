"""Every page of both products (the guidance and the handbook) from the keyboard at 375 px, where
the navigation is a drawer: a keyboard walk that always shows where focus is. (The walk at
1280 px is test_browser_keyboard.py; the two files run on two workers.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_support import WIDTHS, keyboard_walk, site_pages

pytestmark = [pytest.mark.build, pytest.mark.docs, pytest.mark.browser]


def test_a_keyboard_walk_through_every_page_at_375_px_always_shows_where_focus_is(
    every_site: tuple[Path, str], open_reader: Any
) -> None:
    """Tab from top to bottom of each page: every stop on screen, uncovered, and marked; the
    navigation's links were focused off-screen while its drawer was closed."""
    built_site, site_url = every_site
    reader = open_reader(width=WIDTHS["mobile"])
    report = {}
    for name in site_pages(built_site):
        reader.open(site_url + name)
        problems = keyboard_walk(reader, WIDTHS["mobile"])
        if problems:
            report[name] = problems
    assert report == {}
