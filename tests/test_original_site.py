"""Links written the original site's way, `[text](page.html)`, never break."""

from __future__ import annotations

import pytest
from helpers import Site, page_with

pytestmark = pytest.mark.build

LINKS = page_with(
    """
    See the [compliance approach](assure_compliance_approach.html), the
    [special terms](assure_special_terms.html#terms) and the [other page](other.html).
    """
)


def links(result, page: str = "page") -> dict[str, str]:
    return {a.get_text(): a["href"] for a in result.main(page).select("p a")}


def test_link_to_a_page_this_site_lacks_goes_to_the_original_site(site: Site) -> None:
    site.write_pages({"page": LINKS, "other": page_with("Other.")})
    result = site.build()
    hrefs = links(result)
    assert hrefs["compliance approach"] == (
        "https://original.example/site/assure_compliance_approach.html"
    )
    assert hrefs["special terms"] == "https://original.example/site/assure_special_terms.html#terms"
    assert result.warning_lines() == []


def test_link_to_a_page_this_site_has_stays_internal(site: Site) -> None:
    site.write_pages({"page": LINKS, "other": page_with("Other.")})
    result = site.build()
    assert links(result)["other page"] == "other.html"


def test_the_base_url_is_one_setting(site: Site) -> None:
    site.write_pages({"page": LINKS, "other": page_with("Other.")})
    result = site.build(
        confoverrides={"nhs_assurance_original_site": "https://archive.example/e-RS"}
    )
    assert links(result)["compliance approach"] == (
        "https://archive.example/e-RS/assure_compliance_approach.html"
    )


def test_without_a_base_url_the_missing_page_is_reported(site: Site) -> None:
    site.write_pages({"page": LINKS, "other": page_with("Other.")})
    result = site.build(confoverrides={"nhs_assurance_original_site": ""})
    assert any("assure_compliance_approach.html" in line for line in result.warning_lines())


def test_adding_the_page_later_turns_the_link_internal_without_a_clean_build(site: Site) -> None:
    site.write_pages({"page": LINKS, "other": page_with("Other.")})
    site.build()
    site.write_pages(
        {
            "page": LINKS,
            "other": page_with("Other."),
            "assure_compliance_approach": page_with("Ported.", title="Compliance approach"),
        }
    )
    result = site.build()
    assert links(result)["compliance approach"] == "assure_compliance_approach.html"

    site.remove("assure_compliance_approach.md")
    site.write_pages({"page": LINKS, "other": page_with("Other.")})
    result = site.build()
    assert links(result)["compliance approach"] == (
        "https://original.example/site/assure_compliance_approach.html"
    )
