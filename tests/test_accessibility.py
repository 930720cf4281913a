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


@pytest.mark.build
def test_every_table_scrolls_in_a_named_focusable_region_of_its_own(site: Site) -> None:
    site.write_pages(
        {
            "page": page_with(
                """
                ## Options

                | Option | Meaning |
                | --- | --- |
                | a | b |

                | Second | table |
                | --- | --- |
                | c | d |

                ```{list-table} Facts of XYZ0001
                :name: facts

                * - Fact
                  - Value
                ```

                ## Standards

                :::{standard} XYZ0001
                :title: A fictional standard
                :url: https://example.org/xyz0001
                :status: mandatory
                :::

                ```{standard-list}
                ```
                """
            )
        }
    )
    result = site.build()
    assert result.warning_lines() == []
    main = result.main("page")
    tables = main.select("table")
    assert len(tables) == 4
    regions = [table.parent for table in tables]
    for region in regions:
        assert region.name == "div" and "table-wrapper" in region["class"]
        assert (region["role"], region["tabindex"]) == ("region", "0")
    # Named after the caption, else the heading; never two regions with one name.
    assert [region["aria-label"] for region in regions] == [
        "Options",
        "Options (table 2)",
        "Facts of XYZ0001",
        "Standards",
    ]
    # The table the registry renders late is wrapped like the others ...
    assert "nhs-standard-list" in tables[3]["class"]
    # ... and a named table keeps its ID, on the table alone.
    assert main.select("#facts") == [tables[2]]


@pytest.mark.build
def test_tables_are_left_as_they_are_outside_html(site: Site) -> None:
    site.write_pages({"page": page_with("| A | B |\n| --- | --- |\n| 1 | 2 |")})
    result = site.build(buildername="text")
    assert result.warning_lines() == []
    text = (result.outdir / "page.txt").read_text("utf-8")
    lines = [line.split() for line in text.splitlines()]
    assert ["|", "A", "|", "B", "|"] in lines and ["|", "1", "|", "2", "|"] in lines
