"""axe-core over every page of both products (the guidance and the handbook) in the dark
colour scheme, on a desktop and a phone (test_browser_axe_light.py: the other scheme; one file
each so that two workers share the suite's longest check).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_support import WIDTHS, axe_report

pytestmark = [pytest.mark.build, pytest.mark.docs, pytest.mark.browser]


@pytest.mark.parametrize("width", list(WIDTHS.values()), ids=list(WIDTHS))
def test_axe_finds_nothing_on_any_page(
    every_site: tuple[Path, str], open_reader: Any, width: int
) -> None:
    report = axe_report(every_site, open_reader(width=width, scheme="dark"))
    assert report == "", report
