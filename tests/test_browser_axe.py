"""axe-core over every page of both products (the guidance and the handbook), in the light and
the dark colour scheme, on a desktop and a phone; and axe itself, on a page made to fail it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_support import SCHEMES, WIDTHS, axe_page, axe_report, serve

pytestmark = pytest.mark.browser


@pytest.mark.build
@pytest.mark.docs
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", list(WIDTHS.values()), ids=list(WIDTHS))
def test_axe_finds_nothing_on_any_page(
    every_site: tuple[Path, str], open_reader: Any, width: int, scheme: str
) -> None:
    report = axe_report(every_site, open_reader(width=width, scheme=scheme, axe=True))
    assert report == "", report


def test_axe_reports_what_it_finds_on_a_page(tmp_path: Path, open_reader: Any) -> None:
    """An image without a text alternative, grey text on white: axe names both rules."""
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>Axe</title></head><body><main>'
        '<h1>Axe</h1><img src="x.png"><p style="color: #bbb">Faint</p></main></body></html>',
        "utf-8",
    )
    reader = open_reader(axe=True)
    with serve(tmp_path) as url:
        reader.open(url + "index.html")
        report = axe_page(reader)
    assert "image-alt" in report and "color-contrast" in report, report
