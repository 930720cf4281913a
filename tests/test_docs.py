# ruff: noqa: RUF001 -- the model statement's headings have typographic apostrophes, as readers get them.
"""The project's own docs/: built strictly, and the Clinical Safety page as readers get it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from helpers import (
    DCB0129_TITLE,
    DCB0129_URL,
    DCB0160_TITLE,
    DCB0160_URL,
    LEGAL_SENTENCE,
    REPO_ROOT,
    soup,
)
from nhs_assurance.core.standard import schema

SOURCE_PAGE = REPO_ROOT / "tests" / "fixtures" / "clinical_safety.md"  # the original, unchanged

pytestmark = [pytest.mark.build, pytest.mark.docs]


def test_clinical_safety_keeps_its_permalink(docs_html: Path) -> None:
    assert (docs_html / "clinical_safety.html").is_file()


@pytest.mark.parametrize(
    ("anchor", "url", "title"),
    [
        ("dcb0129", DCB0129_URL, DCB0129_TITLE),
        ("dcb0160", DCB0160_URL, DCB0160_TITLE),
    ],
)  # fmt: skip
def test_both_dcb_entries_link_to_their_standard(
    docs_html: Path, anchor: str, url: str, title: str
) -> None:
    entry = soup(docs_html / "clinical_safety.html").select_one(f"div.nhs-standard#{anchor}")
    assert entry is not None
    link = entry.select_one("a.nhs-standard-id")
    assert link.get_text() == anchor.upper()
    assert link["href"] == url
    assert entry.select_one(".nhs-standard-title").get_text() == title


def test_legal_sentence_is_a_mandatory_admonition(docs_html: Path) -> None:
    box = soup(docs_html / "clinical_safety.html").select_one("div.admonition.mandatory")
    # Its title as a screen reader reads it: the "Important: " before it is visually hidden.
    assert box.select_one(".admonition-title").get_text() == "Important: Mandatory"
    assert " ".join(box.select_one("p:not(.admonition-title)").get_text().split()) == LEGAL_SENTENCE


def test_closing_note_is_a_note(docs_html: Path) -> None:
    note = soup(docs_html / "clinical_safety.html").select_one("div.admonition.note")
    assert (
        note.get_text().strip().endswith("remains the responsibility of the commissioning party.")
    )


def test_meta_description_keywords_and_lead_summary(docs_html: Path) -> None:
    html = soup(docs_html / "clinical_safety.html")
    assert html.select_one('meta[name="description"]')["content"] == (
        "Guidance on Clinical Safety requirements"
    )
    assert html.select_one('meta[name="keywords"]')["content"] == "assurance, clinical safety"
    lead = html.select_one("article h1").find_next_sibling()
    assert lead.get_text() == "Summary: Guidance on Clinical Safety requirements"
    assert "no-toc" in html.select_one("aside.toc-drawer")["class"]


def test_compliance_approach_link_goes_to_the_original_site(docs_html: Path) -> None:
    article = soup(docs_html / "clinical_safety.html").select_one("article")
    link = next(a for a in article.select("a") if a.get_text() == "compliance approach")
    assert (
        link["href"] == "https://developer.nhs.uk/apis/e-Referrals/assure_compliance_approach.html"
    )


def source_body() -> str:
    """The original Jekyll page's Markdown, without its front matter."""
    return SOURCE_PAGE.read_text("utf-8").split("---", 2)[2]


def test_every_link_of_the_source_page_is_kept(docs_html: Path) -> None:
    source_urls = set(re.findall(r"\]\((https?://[^)\s]+)\)", source_body()))
    hrefs = {a["href"] for a in soup(docs_html / "clinical_safety.html").select("article a[href]")}
    assert len(source_urls) == 6
    assert source_urls <= hrefs


def test_every_sentence_and_heading_of_the_source_page_is_kept(docs_html: Path) -> None:
    text = " ".join(
        soup(docs_html / "clinical_safety.html").select_one("article").get_text().split()
    )
    markdown = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", source_body())  # links to their text
    pieces = []
    for line in markdown.splitlines():
        line = re.sub(r"^#+\s*|\*\*|<br>|_$", "", line).strip()
        line = line.removeprefix("Note: ")  # the closing note is now a `note` titled "Note"
        # An entry heading "DCB0129 - Title." is now an ID and a title.
        pieces += [piece.strip().removesuffix(".") for piece in line.split(" - ") if piece.strip()]
    assert len(pieces) > 15
    missing = [piece for piece in pieces if piece not in text]
    assert missing == []


def test_landing_page_leads_to_the_guidance_and_the_accessibility_statement(
    docs_html: Path,
) -> None:
    cards = soup(docs_html / "index.html").select("article .sd-card a.sd-stretched-link")
    assert {a["href"] for a in cards} == {
        "clinical_safety.html",
        "standards.html",
        "accessibility_statement.html",
    }


def test_the_guidance_is_its_four_pages_and_nothing_about_the_toolkit(docs_html: Path) -> None:
    """What a supplier reads, and nothing else: the toolkit's pages are the handbook's."""
    pages = sorted(path.name for path in docs_html.glob("*.html"))
    assert pages == [
        "404.html", "accessibility_statement.html", "clinical_safety.html", "genindex.html",
        "index.html", "search.html", "standards.html",
    ]  # fmt: skip
    navigation = soup(docs_html / "index.html").select(".sidebar-tree a.reference")
    assert [a.get_text() for a in navigation] == [
        "Clinical Safety", "Standards", "Accessibility statement",
    ]  # fmt: skip


#: What marks an example: the fictional IDs and words the handbook's examples use.
EXAMPLE_MARKS = re.compile(r"XYZ\d|HAZ-9\d\d|CTL-9\d\d|[Ff]ictional|example\.org")


def test_no_published_file_carries_an_example(docs_html: Path) -> None:
    """No page, export or index of the guidance holds an example, and it publishes no hazard
    log: it declares no hazard, so no hazards.json, .csv or .xlsx (not even empty ones)."""
    published = [
        path for path in docs_html.rglob("*")
        if path.is_file() and path.suffix in {".html", ".json", ".js", ".txt", ".xml", ".csv"}
        and "_static" not in path.parts
    ]  # fmt: skip
    assert len(published) > 8
    carrying = [str(p.relative_to(docs_html)) for p in published
                if EXAMPLE_MARKS.search(p.read_text("utf-8"))]  # fmt: skip
    assert carrying == []
    assert sorted(p.name for p in docs_html.glob("hazards*")) == []
    assert [p.name for p in docs_html.glob("example-*")] == []


#: The sections of GOV.UK's model accessibility statement, in its order.
MODEL_SECTIONS = [
    "Using this website",
    "How accessible this website is",
    "Feedback and contact information",
    "Reporting accessibility problems with this website",
    "Enforcement procedure",
    "Technical information about this website’s accessibility",
    "Compliance status",
    "Non-accessible content",
    "Non-compliance with the accessibility regulations",
    "Disproportionate burden",
    "Content that’s not within the scope of the accessibility regulations",
    "What we’re doing to improve accessibility",
    "Preparation of this accessibility statement",
]


def test_the_accessibility_statement_follows_the_model(docs_html: Path) -> None:
    main = soup(docs_html / "accessibility_statement.html").select_one("article")
    headings = [" ".join(h.get_text().split()).rstrip("#¶ ") for h in main.select("h2, h3")]
    assert headings == MODEL_SECTIONS
    text = " ".join(main.get_text().split())
    assert "prepared on 3 December 2026. It was last reviewed on 4 December 2026." in text
    assert "partially compliant with the Web Content Accessibility Guidelines version 2.2" in text
    # The contact and the enforcement bodies are links a reader can follow.
    hrefs = {a["href"] for a in main.select("a[href]")}
    assert "https://www.equalityadvisoryservice.com/" in hrefs
    assert "https://www.legislation.gov.uk/uksi/2018/952/contents/made" in hrefs
    contacts = [a for a in main.select("a[href^='mailto:']")]
    assert len(contacts) == 2
    assert {a.get_text() for a in contacts} == {"nhserspartners@nhs.net"}


def test_legal_note_links_both_standards(docs_html: Path) -> None:
    box = soup(docs_html / "clinical_safety.html").select_one("div.admonition.mandatory")
    links = [(a.get_text(), a["href"]) for a in box.select("a.reference")]
    assert links == [("DCB0129", "#dcb0129"), ("DCB0160", "#dcb0160")]


def test_standards_page_lists_both_standards_and_the_legal_note(docs_html: Path) -> None:
    main = soup(docs_html / "standards.html").select_one("article")
    ids = [a.get_text() for a in main.select("table.nhs-standard-list tbody td:first-child a")]
    assert ids == ["DCB0129", "DCB0160"]
    register = main.select_one("table.nhs-mandatory-list")
    assert LEGAL_SENTENCE in " ".join(register.get_text().split())
    assert register.select_one("td:last-child a")["href"] == "clinical_safety.html#mandatory-0"


def test_standards_json_holds_both_standards(docs_html: Path) -> None:
    data = json.loads((docs_html / "standards.json").read_text("utf-8"))
    jsonschema.validate(data, schema())
    assert [(s["id"], s["url"], s["page"]) for s in data["standards"]] == [
        ("DCB0129", DCB0129_URL, "clinical_safety.html#dcb0129"),
        ("DCB0160", DCB0160_URL, "clinical_safety.html#dcb0160"),
    ]
