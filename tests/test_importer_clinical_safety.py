"""The original Clinical Safety page, imported, renders as the hand-ported docs/ page does.

The importer cannot know a standard's status or who it applies to (a person added those to
docs/clinical_safety.md), so the comparison leaves them out, and checks that the imported page
does not invent them.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from importer_support import ERS_SITE, ORIGINAL_PAGE, article, build_strict, run_importer, text_of

pytestmark = pytest.mark.build


@dataclass
class Built:
    status: int
    stderr: str
    html: Path
    dest: Path | None = None
    stdout: str = ""

    def page(self):
        return article(self.html / "clinical_safety.html")


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The original page in a Jekyll site of its own, imported and built strictly."""
    root = tmp_path_factory.mktemp("clinical-safety")
    (root / "site" / "pages").mkdir(parents=True)
    shutil.copy(ORIGINAL_PAGE, root / "site" / "pages" / "clinical_safety.md")
    process = run_importer(root / "site", root / "dest", "--original-site", ERS_SITE)
    assert process.returncode == 0, process.stderr
    status, stderr = build_strict(root / "dest", root / "html")
    return Built(status, stderr, root / "html", root / "dest", process.stdout)


@pytest.fixture(scope="module")
def hand_ported(docs_html: Path) -> Built:
    """docs/ as the project builds it: ``docs_html``, which exits 0 with nothing on stderr."""
    return Built(0, "", docs_html)


def test_the_imported_page_builds_without_a_warning(imported: Built) -> None:
    assert (imported.status, imported.stderr) == (0, "")
    assert (imported.html / "clinical_safety.html").is_file()  # its permalink


def entries(built: Built) -> list[tuple[str, str, str, str, str]]:
    return [
        (
            entry["id"],
            text_of(entry.select_one("a.nhs-standard-id")),
            entry.select_one("a.nhs-standard-id")["href"],
            text_of(entry.select_one(".nhs-standard-title")),
            text_of(entry.select_one(".nhs-standard-body")),
        )
        for entry in built.page().select("div.nhs-standard")
    ]


@pytest.mark.docs
def test_same_standard_entries(imported: Built, hand_ported: Built) -> None:
    assert [entry[0] for entry in entries(imported)] == ["dcb0129", "dcb0160"]
    assert entries(imported) == entries(hand_ported)


@pytest.mark.docs
def test_no_status_or_audience_is_invented(imported: Built, hand_ported: Built) -> None:
    assert imported.page().select(".nhs-standard-facts") == []
    assert len(hand_ported.page().select(".nhs-standard-facts")) == 2  # a person added them


def mandatory(built: Built) -> tuple[str, str, list[tuple[str, str]]]:
    (box,) = built.page().select("div.admonition.mandatory")
    return (
        text_of(box.select_one(".admonition-title")),
        text_of(box.select_one("p:not(.admonition-title)")),
        [(a.get_text(), a["href"]) for a in box.select("a")],
    )


@pytest.mark.docs
def test_same_mandatory_note(imported: Built, hand_ported: Built) -> None:
    assert mandatory(imported) == (
        "Important: Mandatory",  # as a screen reader reads the title
        "Compliance with DCB0129 and DCB0160 is mandatory under the Health and Social care "
        "Act 2012.",
        [("DCB0129", "#dcb0129"), ("DCB0160", "#dcb0160")],
    )
    assert mandatory(imported) == mandatory(hand_ported)


def external_links(built: Built) -> set[tuple[str, str]]:
    return {
        (text_of(a), a["href"])
        for a in built.page().select("a[href]")
        if a["href"].startswith(("http://", "https://"))
    }


@pytest.mark.docs
def test_same_links(imported: Built, hand_ported: Built) -> None:
    assert external_links(imported) == external_links(hand_ported)
    # The source's 6 web addresses (2 of them the IDs' links), and the compliance approach.
    assert len(external_links(imported)) == 7


def test_the_compliance_approach_link_goes_to_the_original_site(imported: Built) -> None:
    link = next(a for a in imported.page().select("a") if a.get_text() == "compliance approach")
    assert (
        link["href"] == "https://developer.nhs.uk/apis/e-Referrals/assure_compliance_approach.html"
    )


@pytest.mark.docs
def test_same_headings_note_and_text(imported: Built, hand_ported: Built) -> None:
    def headings(built: Built) -> list[str]:
        return [text_of(h) for h in built.page().select("h1, h2, h3")]

    assert headings(imported) == headings(hand_ported)

    def note(built: Built) -> str:
        return text_of(built.page().select_one("div.admonition.note"))

    assert note(imported) == note(hand_ported)
    assert note(imported).endswith("remains the responsibility of the commissioning party.")

    def text(built: Built) -> str:
        page = built.page()
        for facts in page.select(".nhs-standard-facts"):
            facts.decompose()
        return text_of(page)

    assert text(imported) == text(hand_ported)


def test_the_report_says_what_a_person_should_check(imported: Built) -> None:
    assert imported.dest is not None
    report = (imported.dest / "import-report.md").read_text("utf-8")
    rows = re.findall(r"^\| (\d+) \| ([\w-]+) \| (.*) \|$", report, re.MULTILINE)
    assert [(line, kind) for line, kind, _message in rows] == [
        ("11", "link"),
        ("15", "standard"),
        ("18", "standard"),
        ("38", "markup"),
    ]
    assert "add `:status:` and `:applies-to:`" in rows[1][2]
    assert "DCB0160" in rows[2][2]
    assert "stray `_`" in rows[3][2]
