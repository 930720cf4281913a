"""axe-core over every page of both products (the guidance and the handbook), in the light and
the dark colour scheme, on a desktop and a phone; and axe itself, on a page made to fail it. The
pages may ask nothing of another host (and the browser can reach none: the last test).
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
    """An image without a text alternative, grey text on white: the report names both rules,
    and each element with its markup and what axe says to fix."""
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>Axe</title></head><body><main>'
        '<h1>Axe</h1><img src="x.png"><p style="color: #bbb">Faint</p></main></body></html>',
        "utf-8",
    )
    reader = open_reader(axe=True)
    with serve(tmp_path) as url:
        reader.open(url + "index.html")
        report = axe_page(reader)
    assert report.startswith("color-contrast (serious): "), report
    assert "\nimage-alt (critical): Images must have alternative text (https://" in report, report
    assert '\n  img: <img src="x.png">\n    Fix any of the following:\n' in report, report
    assert '\n  p: <p style="color: #bbb">Faint</p>\n' in report, report
    assert "insufficient color contrast of 1.91" in report, report


#: What the page below asks of other hosts: by name, by address (IPv4 and IPv6, documentation
#: ranges), ``localhost`` by name, from markup and from a script.
ELSEWHERE = [
    "https://example.org/a.css",
    "http://192.0.2.1/b.js",
    "http://localhost:8000/c.png",
    "http://[2001:db8::1]/d.png",
    "http://203.0.113.9:8080/e",
]


def test_a_page_reaches_no_other_host_and_what_it_asks_of_one_is_reported(
    tmp_path: Path, open_reader: Any
) -> None:
    css, script, image, image6, fetched = ELSEWHERE
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>Elsewhere</title>'
        f'<link rel="stylesheet" href="{css}"><script src="{script}"></script></head><body>'
        f'<img src="{image}" alt="c"><img src="{image6}" alt="d">'
        f'<script>window.fetched = fetch("{fetched}").then(() => "reached", () => "not");</script>'
        "</body></html>",
        "utf-8",
    )
    reader = open_reader()
    failures: dict[str, str] = {}
    reader.page.on("requestfailed", lambda request: failures.update({request.url: request.failure}))
    with serve(tmp_path) as url:
        reader.open(url + "index.html")
        assert reader.page.evaluate("window.fetched") == "not"
    assert sorted(reader.refused) == sorted(ELSEWHERE)
    # Stopped in the browser, before any connection: the name (or address) does not resolve.
    assert failures == dict.fromkeys(ELSEWHERE, "net::ERR_NAME_NOT_RESOLVED")
