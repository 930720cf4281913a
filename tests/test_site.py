"""The hosted site as published: canonical URLs, sitemap, 404 page and Open Graph meta.

docs/ is built as Read the Docs builds it (conftest's ``docs_hosted``), with the canonical URL
the host provides in READTHEDOCS_CANONICAL_URL (a fictional one: nothing is fetched).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from defusedxml import ElementTree
from helpers import CANONICAL, DOCS_DIR, Site, soup

pytestmark = [pytest.mark.build, pytest.mark.docs]

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def source_pages() -> set[str]:
    """Every page of docs/, as its published file name."""
    return {
        f"{path.relative_to(DOCS_DIR).with_suffix('').as_posix()}.html"
        for path in DOCS_DIR.rglob("*.md")
    }


def test_every_page_names_its_canonical_address(docs_hosted: Path) -> None:
    for name in source_pages():
        canonical = soup(docs_hosted / name).select_one('link[rel="canonical"]')
        assert canonical["href"] == CANONICAL + name


def test_sitemap_lists_every_page_at_its_published_address(docs_hosted: Path) -> None:
    root = ElementTree.parse(docs_hosted / "sitemap.xml").getroot()
    locations = {loc.text for loc in root.iter(f"{SITEMAP_NS}loc")}
    assert locations == {CANONICAL + name for name in source_pages()}  # no 404, search or index


def test_404_page_works_at_any_depth(docs_hosted: Path) -> None:
    page = soup(docs_hosted / "404.html")
    assert page.title.get_text().startswith("Page not found")
    assert page.select_one("article h1").get_text(strip=True) == "Page not found"
    # Served for a missing address anywhere under the site, so every link is absolute.
    stylesheets = [link["href"] for link in page.select('link[rel="stylesheet"]')]
    assert stylesheets and all(href.startswith("/en/latest/_static/") for href in stylesheets)
    home = page.select_one("article a")
    assert home["href"] == "/en/latest/index.html"
    # The navigation is the site's, with absolute links: the same pages as on the home page.
    navigation = {a["href"] for a in soup(docs_hosted / "index.html").select(".sidebar-tree a")}
    assert "clinical_safety.html" in navigation
    assert {a["href"] for a in page.select(".sidebar-tree a")} == {
        "/en/latest/" + href for href in navigation
    }


def test_open_graph_describes_a_page_with_its_summary(docs_hosted: Path) -> None:
    page = soup(docs_hosted / "clinical_safety.html")
    description = page.select_one('meta[name="description"]')["content"]
    assert description == "Guidance on Clinical Safety requirements"
    assert page.select_one('meta[property="og:description"]')["content"] == description
    assert page.select_one('meta[property="og:title"]')["content"] == "Clinical Safety"
    assert (
        page.select_one('meta[property="og:url"]')["content"] == CANONICAL + "clinical_safety.html"
    )
    assert len(page.select('meta[name="description"]')) == 1


def test_a_page_without_summary_gets_one_description_for_both(docs_hosted: Path) -> None:
    page = soup(docs_hosted / "index.html")
    (description,) = page.select('meta[name="description"]')
    assert description["content"].startswith("The clinical safety guidance for suppliers")
    assert page.select_one('meta[property="og:description"]')["content"] == description["content"]


# -- Fixture sites ---------------------------------------------------------------------------


def test_open_graph_follows_the_authors_own_description(site: Site) -> None:
    site.conf += 'extensions.append("sphinxext.opengraph")\nogp_social_cards = {"enable": False}\n'
    site.write_pages(
        {
            "page": (
                "---\nsummary: The summary.\nmyst:\n  html_meta:\n    description: The author's own.\n"
                "---\n# Page\n\nText.\n"
            )
        }
    )
    page = site.build().html("page")
    assert page.select_one('meta[name="description"]')["content"] == "The author's own."
    assert page.select_one('meta[property="og:description"]')["content"] == "The author's own."
