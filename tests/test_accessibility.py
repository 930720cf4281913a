"""Repairs to what Sphinx and the theme write, so every page can meet WCAG 2.2 AA.

test_browser.py checks the result in a real browser with axe-core; these tests pin each repair.
"""

from __future__ import annotations

import pytest
from helpers import Site, page_with
from nhs_assurance.theme.accessibility import with_heading_levels


@pytest.mark.build
def test_toctree_captions_get_a_heading_level_in_the_page_and_the_sidebar(site: Site) -> None:
    site.write_pages(
        {
            "index": "# Home\n\n```{toctree}\n:caption: Guidance\n\npage\n```\n",
            "page": page_with("Text."),
        }
    )
    result = site.build()
    in_page = result.main("index").select('p.caption[role="heading"]')
    in_sidebar = result.html("page").select('.sidebar-tree p.caption[role="heading"]')
    assert [c.get_text(strip=True) for c in in_page + in_sidebar] == ["Guidance", "Guidance"]
    assert all(caption.get("aria-level") == "2" for caption in in_page + in_sidebar)


def test_a_caption_that_has_a_level_is_left_alone() -> None:
    html = '<p aria-level="3" class="caption" role="heading"><span>Guidance</span></p>'
    assert with_heading_levels(html) == html
    named = '<p class="caption" id="guide" role="heading">'
    assert (
        with_heading_levels(named) == '<p class="caption" id="guide" role="heading" aria-level="2">'
    )


@pytest.mark.build
def test_the_accessibility_stylesheet_is_on_every_page(site: Site) -> None:
    site.write_pages({"page": page_with("Text.")})
    result = site.build()
    for page in ("index", "page", "search", "genindex"):
        stylesheets = [link["href"] for link in result.html(page).select('link[rel="stylesheet"]')]
        assert any(href.startswith("_static/nhs_accessibility.css") for href in stylesheets)
    assert (result.outdir / "_static" / "nhs_accessibility.css").is_file()
