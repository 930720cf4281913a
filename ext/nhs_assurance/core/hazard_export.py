"""The hazard log as data: ``hazards.json``, a CSV file, and the rows of the XLSX workbook
(which ``core/hazard_xlsx.py`` writes with openpyxl).

Pure functions over a list of `HazardRecord` (in the order of the log: `sorted_hazards`) and a
function giving each page's URL relative to the site root. Each depends on nothing but its
arguments, so two builds of the same sources give the same bytes.

A spreadsheet takes a cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return) for a formula, and a formula can run commands or send the sheet's data away. Titles and
texts are written by authors, so none may become a formula: the CSV puts ``'`` before such a
cell (what spreadsheets read as "this is text"); the workbook stores every text as a string,
never a formula, marked "quote prefix" so that editing the cell keeps it text, and shows it
unchanged.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from importlib.resources import files
from typing import Any, Final

from nhs_assurance.core.hazard_record import TEXT_FIELDS, HazardRecord
from nhs_assurance.core.risk_matrix import DEFAULT_MATRIX, Assessment, RiskMatrix

JSON_FILENAME: Final = "hazards.json"
CSV_FILENAME: Final = "hazards.csv"
XLSX_FILENAME: Final = "hazards.xlsx"
SCHEMA_VERSION: Final = 1

#: Gives the URL of a page (by docname) relative to the site root, e.g. ``safety.html``.
PageUri = Callable[[str], str]

#: The first characters that make a spreadsheet read a cell as a formula.
FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r")


def schema() -> dict[str, Any]:
    """The JSON Schema that ``hazards.json`` follows."""
    text = files("nhs_assurance").joinpath("schemas", "hazards.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


# -- hazards.json ----------------------------------------------------------------------------


def _assessment_json(assessment: Assessment | None) -> dict[str, Any] | None:
    if assessment is None:
        return None
    return {
        "severity": assessment.severity,
        "likelihood": assessment.likelihood,
        "rating": assessment.rating,
    }


def hazard_json(record: HazardRecord, page_uri: PageUri) -> dict[str, Any]:
    """One hazard as ``hazards.json`` holds it."""
    return {
        "id": record.id,
        "title": record.title or None,
        "page": page_uri(record.docname),
        "anchor": record.anchor,
        "status": record.status,
        "owner": record.owner or None,
        "initial": _assessment_json(record.initial),
        "residual": _assessment_json(record.residual),
        "standards": list(record.standards),
        **{field: record.text(field) for field in TEXT_FIELDS},
    }


def hazards_document(records: Iterable[HazardRecord], page_uri: PageUri) -> dict[str, Any]:
    """The hazard log as the JSON document written to ``hazards.json``."""
    return {
        "schema_version": SCHEMA_VERSION,
        "hazards": [hazard_json(record, page_uri) for record in records],
    }


def hazards_json(records: Iterable[HazardRecord], page_uri: PageUri) -> str:
    """The text of ``hazards.json``: indented, UTF-8 characters kept, with a final newline."""
    return json.dumps(hazards_document(records, page_uri), indent=2, ensure_ascii=False) + "\n"


# -- the log as a table (CSV and XLSX) ---------------------------------------------------------

#: A table cell: text, a rating, or nothing.
Value = str | int | None


def _assessment_cells(assessment: Assessment | None, matrix: RiskMatrix) -> list[Value]:
    if assessment is None:
        return [None, None, None, None]
    return [
        assessment.severity,
        assessment.likelihood,
        assessment.rating,
        matrix.meaning(assessment.rating),
    ]


#: The columns of the log, in the order of a hazard log: the hazard and what leads to it, the
#: initial risk, the additional controls and their evidence, the residual risk, then who and
#: where. Each entry is (header, width in characters, whether it holds running text).
COLUMNS: Final[tuple[tuple[str, int, bool], ...]] = (
    ("ID", 12, False),
    ("Title", 40, True),
    ("Description", 50, True),
    ("Causes", 50, True),
    ("Effect", 50, True),
    ("Harm", 50, True),
    ("Existing controls", 50, True),
    ("Initial severity", 14, False),
    ("Initial likelihood", 14, False),
    ("Initial rating", 9, False),
    ("Initial rating meaning", 36, True),
    ("Additional controls", 50, True),
    ("Evidence", 50, True),
    ("Residual severity", 14, False),
    ("Residual likelihood", 14, False),
    ("Residual rating", 9, False),
    ("Residual rating meaning", 36, True),
    ("Status", 12, False),
    ("Owner", 24, True),
    ("Standards", 20, True),
    ("Page", 40, False),
)

HEADER: Final = tuple(header for header, _, _ in COLUMNS)


def table_row(record: HazardRecord, page_uri: PageUri, matrix: RiskMatrix) -> list[Value]:
    """One hazard as a row of the log, in the order of `COLUMNS`."""
    return [
        record.id,
        record.title,
        record.description,
        record.causes,
        record.effect,
        record.harm,
        record.existing_controls,
        *_assessment_cells(record.initial, matrix),
        record.additional_controls,
        record.evidence,
        *_assessment_cells(record.residual, matrix),
        record.status,
        record.owner,
        ", ".join(record.standards),
        f"{page_uri(record.docname)}#{record.anchor}",
    ]


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would read *text* as a formula."""
    return text.startswith(FORMULA_TRIGGERS)


def spreadsheet_safe(text: str) -> str:
    """*text* made safe for a CSV cell: ``'`` before a cell a spreadsheet would read as a
    formula (``=cmd|' /C calc'!A0`` -> ``'=cmd|' /C calc'!A0``)."""
    return "'" + text if is_formula_like(text) else text


def hazards_csv(
    records: Iterable[HazardRecord], page_uri: PageUri, matrix: RiskMatrix = DEFAULT_MATRIX
) -> str:
    """The hazard log as CSV text: a header row, then one row per hazard.

    Written with the ``csv`` module's default dialect (what spreadsheets read): fields holding
    commas, quotes or line breaks are quoted, lines end with CRLF.
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for record in records:
        writer.writerow(
            spreadsheet_safe(value) if isinstance(value, str) else ("" if value is None else value)
            for value in table_row(record, page_uri, matrix)
        )
    return out.getvalue()
