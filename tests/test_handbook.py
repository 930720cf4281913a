"""The handbook (handbook/, ``make handbook``): a project of its own whose examples stay in it.

Its standards, notes and hazards are fictional examples: every file it exports is named as an
example (``example-hazards.json`` ...), and no file without that name holds one. Its links to
the guidance resolve through the guidance's own inventory.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from helpers import soup
from nhs_assurance.core.hazard_export import schema as hazards_schema
from nhs_assurance.core.standard import schema as standards_schema

pytestmark = [pytest.mark.build, pytest.mark.docs]

EXAMPLE_HAZARDS = [f"HAZ-90{n}" for n in range(1, 7)]


def test_the_exports_are_named_as_examples(handbook_html: Path) -> None:
    exports = sorted(
        p.name for p in handbook_html.glob("*") if p.suffix in {".json", ".csv", ".xlsx"}
    )
    assert exports == [
        "example-hazards.csv", "example-hazards.json", "example-hazards.xlsx",
        "example-standards.json",
    ]  # fmt: skip
    hazards = json.loads((handbook_html / "example-hazards.json").read_text("utf-8"))
    jsonschema.validate(hazards, hazards_schema())
    assert [hazard["id"] for hazard in hazards["hazards"]] == EXAMPLE_HAZARDS
    rows = list(csv.reader(io.StringIO((handbook_html / "example-hazards.csv").read_text("utf-8"))))
    assert [row[0] for row in rows[1:]] == EXAMPLE_HAZARDS
    sheet = openpyxl.load_workbook(handbook_html / "example-hazards.xlsx").worksheets[0]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == EXAMPLE_HAZARDS
    standards = json.loads((handbook_html / "example-standards.json").read_text("utf-8"))
    jsonschema.validate(standards, standards_schema())
    assert [standard["id"] for standard in standards["standards"]] == ["XYZ0001"]


def test_the_hazard_log_offers_the_example_files(handbook_html: Path) -> None:
    page = soup(handbook_html / "hazard_log.html")
    links = {a["href"] for a in page.select("p.nhs-hazard-downloads a")}
    assert links == {"example-hazards.csv", "example-hazards.xlsx", "example-hazards.json"}


def test_no_file_but_the_marked_exports_holds_an_example_hazard_as_data(
    handbook_html: Path,
) -> None:
    """Pages show the examples; as data, only files named as examples carry them."""
    data = [
        path for path in handbook_html.rglob("*")
        if path.is_file() and path.suffix in {".json", ".csv", ".xlsx"}
        and "_static" not in path.parts
    ]  # fmt: skip
    carrying = {
        path.name for path in data
        if re.search(rb"HAZ-90\d|XYZ\d", path.read_bytes()) or path.suffix == ".xlsx"
    }  # fmt: skip
    assert carrying and all(name.startswith("example-") for name in carrying)


def test_links_to_the_guidance_go_to_its_pages(handbook_html: Path) -> None:
    """Resolved from the guidance's inventory: to the local build unless NHS_GUIDANCE_URL is set."""
    page = soup(handbook_html / "authoring.html")
    hrefs = {a["href"] for a in page.select("article a.reference.external")}
    assert {"../../html/clinical_safety.html", "../../html/standards.html"} <= hrefs


def test_the_worked_example_goes_through_two_issued_versions(handbook_html: Path) -> None:
    """The hazard log page's worked example: what changed since version 1.0 (the baseline kept
    in handbook/examples), 1.0's approval superseded, 2.0's approved with the digest that
    example-hazards.json holds."""
    page = soup(handbook_html / "hazard_log.html")
    changes = page.select_one("table.nhs-safety-changes")
    rows = [
        " | ".join(" ".join(cell.get_text(" ").split()) for cell in row.select("th, td"))
        for row in changes.select("tbody tr")
    ]
    assert "Hazard HAZ-906 | Changed | Status | open | closed" in rows
    assert any(row.startswith("Control CTL-902 | Added") for row in rows)
    statuses = [
        " ".join(status.get_text().split()) for status in page.select(".nhs-approval-status")
    ]
    assert statuses == ["Superseded by version 2.0 (approved on 2026-03-02)", "Approved"]
    document = json.loads((handbook_html / "example-hazards.json").read_text("utf-8"))
    shown = {digest.get_text() for digest in page.select(".nhs-approval dd .nhs-digest")}
    assert document["document"]["digest"] in shown


def test_the_workbook_s_version_history_holds_the_worked_example_s_approvals(
    handbook_html: Path,
) -> None:
    """The "Version History" sheet of the NHS template is filled from the approvals the pages
    record, in date order, each with its status as the page shows it."""
    workbook = openpyxl.load_workbook(handbook_html / "example-hazards.xlsx")
    rows = list(workbook["Version History"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Version", "Date", "Approver")
    assert [(row[0], row[1], row[-1]) for row in rows[1:]] == [
        ("1.0", "2026-01-12", "Superseded by version 2.0"),
        ("2.0", "2026-03-02", "Approved"),
    ]
