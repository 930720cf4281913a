"""The hazard log as data: ``hazards.json`` and a CSV file (the columns of the CSV file and of
the workbook, which ``core/hazard_xlsx.py`` writes with openpyxl, are in
``core/hazard_columns.py``).

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
from collections.abc import Iterable, Mapping
from datetime import date
from importlib.resources import files
from typing import Any, Final, NamedTuple

from nhs_assurance.core.digest import safety_digest
from nhs_assurance.core.hazard_columns import (
    CSV_COLUMNS,
    LogContext,
    PageUri,
    Value,
    header,
    table_row,
)
from nhs_assurance.core.hazard_record import TEXT_FIELDS, HazardRecord
from nhs_assurance.core.risk_matrix import DEFAULT_MATRIX, Assessment, RiskMatrix

JSON_FILENAME: Final = "hazards.json"
CSV_FILENAME: Final = "hazards.csv"
XLSX_FILENAME: Final = "hazards.xlsx"
#: The version ``hazards.json`` is written in (issue 19): version 1 (``hazards.schema.json``)
#: is still read, as a baseline.
SCHEMA_VERSION: Final = 2
SCHEMA_FILE: Final = "hazards.v2.schema.json"

#: The first characters that make a spreadsheet read a cell as a formula.
FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r")


def schema() -> dict[str, Any]:
    """The JSON Schema that ``hazards.json`` follows (schema version 2)."""
    text = files("nhs_assurance").joinpath("schemas", SCHEMA_FILE).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


# -- hazards.json ----------------------------------------------------------------------------


class DocumentInfo(NamedTuple):
    """What ``hazards.json`` says of itself besides its digest."""

    project: str  # Sphinx's `project`
    version: str  # Sphinx's `release`, else `version`
    generated: str  # the build date, ISO (core/review.build_date)


def _assessment_json(assessment: Assessment | None, justification: str) -> dict[str, Any] | None:
    if assessment is None:
        return None
    return {
        "severity": assessment.severity,
        "likelihood": assessment.likelihood,
        "rating": assessment.rating,
        "justification": justification,
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
        "initial": _assessment_json(record.initial, record.initial_justification),
        "residual": _assessment_json(record.residual, record.residual_justification),
        "standards": list(record.standards),
        "controls": {
            "existing": list(record.existing_control_ids),
            "additional": list(record.additional_control_ids),
        },
        "raised": record.raised or None,
        "last_reviewed": record.last_reviewed or None,
        "next_review": record.next_review or None,
        **{field: record.text(field) for field in TEXT_FIELDS},
    }


def hazards_document(
    records: Iterable[HazardRecord],
    page_uri: PageUri,
    info: DocumentInfo,
    controls: Iterable[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The hazard log as the JSON document written to ``hazards.json``: the hazards, the
    *controls* (``core.control.control_json``, in ID order) and the document, with the digest
    of the safety content (``core/digest.py``)."""
    hazards = [hazard_json(record, page_uri) for record in records]
    control_list = [dict(control) for control in controls]
    return {
        "schema_version": SCHEMA_VERSION,
        "document": {**info._asdict(), "digest": safety_digest(hazards, control_list)},
        "hazards": hazards,
        "controls": control_list,
    }


def hazards_json(
    records: Iterable[HazardRecord],
    page_uri: PageUri,
    info: DocumentInfo,
    controls: Iterable[Mapping[str, Any]] = (),
) -> str:
    """The text of ``hazards.json``: indented, UTF-8 characters kept, with a final newline."""
    document = hazards_document(records, page_uri, info, controls)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# -- the log as a table (CSV and XLSX) ---------------------------------------------------------

#: The header of ``hazards.csv`` (the columns are in ``core/hazard_columns.py``).
HEADER: Final = header(CSV_COLUMNS)


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would read *text* as a formula."""
    return text.startswith(FORMULA_TRIGGERS)


def spreadsheet_safe(text: str) -> str:
    """*text* made safe for a CSV cell: ``'`` before a cell a spreadsheet would read as a
    formula (``=cmd|' /C calc'!A0`` -> ``'=cmd|' /C calc'!A0``)."""
    return "'" + text if is_formula_like(text) else text


def _csv_cell(value: Value) -> str | int:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return spreadsheet_safe(value) if isinstance(value, str) else value


def hazards_csv(
    records: Iterable[HazardRecord], page_uri: PageUri, matrix: RiskMatrix = DEFAULT_MATRIX
) -> str:
    """The hazard log as CSV text: a header row, then one row per hazard, every field of it
    (``hazard_columns.CSV_COLUMNS``): the controls by their IDs, the dates as ISO dates.

    Written with the ``csv`` module's default dialect (what spreadsheets read): fields holding
    commas, quotes or line breaks are quoted, lines end with CRLF.
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(HEADER)
    context = LogContext(page_uri, matrix)
    for record in records:
        writer.writerow(_csv_cell(value) for value in table_row(CSV_COLUMNS, record, context))
    return out.getvalue()
