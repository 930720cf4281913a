"""The hazard log as data: ``hazards.json``, a CSV file and an XLSX workbook.

Pure functions over a list of `HazardRecord` (in the order of the log: `sorted_hazards`) and a
function giving each page's URL relative to the site root. Each depends on nothing but its
arguments, so two builds of the same sources give the same bytes: the XLSX workbook carries a
fixed date (*when*) instead of the time it was written.

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
import zipfile
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from importlib.resources import files
from typing import Any, Final

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.xml.constants import ARC_CORE
from openpyxl.xml.functions import tostring

from nhs_assurance.core.hazard_record import (
    TEXT_FIELDS,
    HazardRecord,
    assessment_counts,
    unassessed,
)
from nhs_assurance.core.risk import (
    DEFAULT_MATRIX,
    LIKELIHOODS,
    SEVERITIES,
    Assessment,
    RiskMatrix,
)

JSON_FILENAME: Final = "hazards.json"
CSV_FILENAME: Final = "hazards.csv"
XLSX_FILENAME: Final = "hazards.xlsx"
SCHEMA_VERSION: Final = 1

#: Gives the URL of a page (by docname) relative to the site root, e.g. ``safety.html``.
PageUri = Callable[[str], str]

#: The first characters that make a spreadsheet read a cell as a formula.
FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r")

#: The most characters an Excel cell holds (openpyxl would cut longer text without a word).
XLSX_CELL_LIMIT: Final = 32767
XLSX_CUT_MARK: Final = " \N{HORIZONTAL ELLIPSIS} [cut: the full text is in hazards.json]"

#: The date a workbook carries when the build gives none: the earliest a ZIP file can store.
EPOCH: Final = datetime(1980, 1, 1, tzinfo=UTC)


def schema() -> dict[str, Any]:
    """The JSON Schema that ``hazards.json`` follows."""
    text = files("nhs_assurance").joinpath("schemas", "hazards.schema.json").read_text("utf-8")
    return json.loads(text)


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


# -- the workbook ------------------------------------------------------------------------------

_BOLD: Final = Font(bold=True)
_WRAP: Final = Alignment(wrap_text=True, vertical="top")
_TOP: Final = Alignment(vertical="top")


def xlsx_text(text: str) -> str:
    """*text* as a workbook cell can hold it: line breaks as LF (XML reads a CR as one anyway),
    the control characters XML cannot carry made U+FFFD (so a reader sees where they were),
    and cut with a mark past Excel's limit."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", text)
    if len(text) > XLSX_CELL_LIMIT:
        text = text[: XLSX_CELL_LIMIT - len(XLSX_CUT_MARK)] + XLSX_CUT_MARK
    return text


def _cell(sheet: Any, value: Value, alignment: Alignment | None = None, bold: bool = False) -> Any:
    """A write-only cell holding *value*; text is always text, never a formula or an error."""
    if value == "":
        cell = WriteOnlyCell(sheet, None)  # an empty cell, not an empty string
    elif isinstance(value, str):
        text = xlsx_text(value)
        cell = WriteOnlyCell(sheet, text)
        # openpyxl reads "=..." as a formula and "#N/A" as an error: authors' text is neither.
        cell.data_type = "s"
        if is_formula_like(text):
            cell.quotePrefix = True
    else:
        cell = WriteOnlyCell(sheet, value)
    if alignment is not None:
        cell.alignment = alignment
    if bold:
        cell.font = _BOLD
    return cell


def _log_sheet(
    workbook: Workbook,
    records: Sequence[HazardRecord],
    page_uri: PageUri,
    matrix: RiskMatrix,
) -> None:
    sheet = workbook.create_sheet("Hazard log")
    for index, (_, width, _) in enumerate(COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    # The header row and the ID column stay in view while the reader scrolls.
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(records) + 1}"
    # Printed, the log is wide: landscape, with the header row on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.print_title_rows = "1:1"
    sheet.append([_cell(sheet, header, _TOP, bold=True) for header in HEADER])
    alignments = [_WRAP if running else _TOP for _, _, running in COLUMNS]
    for record in records:
        row = table_row(record, page_uri, matrix)
        sheet.append(
            [
                _cell(sheet, value, alignment)
                for value, alignment in zip(row, alignments, strict=True)
            ]
        )


def _matrix_rows(
    sheet: Any, title: str, cell_value: Callable[[str, str], Value]
) -> list[list[Any]]:
    """A titled 5 x 5 grid, highest likelihood first as the standards print it."""
    rows = [
        [_cell(sheet, title, bold=True)],
        [_cell(sheet, "Likelihood \\ Severity", bold=True)]
        + [_cell(sheet, severity, bold=True) for severity in SEVERITIES],
    ]
    for likelihood in reversed(LIKELIHOODS):
        rows.append(
            [_cell(sheet, likelihood, bold=True)]
            + [_cell(sheet, cell_value(likelihood, severity)) for severity in SEVERITIES]
        )
    return [*rows, []]


def _matrix_sheet(workbook: Workbook, records: Sequence[HazardRecord], matrix: RiskMatrix) -> None:
    sheet = workbook.create_sheet("Risk matrix")
    sheet.column_dimensions["A"].width = 24
    for index in range(2, len(SEVERITIES) + 2):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    rows = _matrix_rows(
        sheet,
        "Clinical risk rating by likelihood and severity",
        lambda likelihood, severity: matrix.rating(severity, likelihood),
    )
    rows.append([_cell(sheet, "Rating", bold=True), _cell(sheet, "Meaning", bold=True)])
    rows += [[_cell(sheet, rating), _cell(sheet, matrix.meaning(rating))] for rating in range(1, 6)]
    rows.append([])
    for residual, which in ((False, "initial"), (True, "residual")):
        counts = assessment_counts(records, residual=residual)
        rows += _matrix_rows(
            sheet,
            f"Number of hazards by {which} assessment",
            lambda likelihood, severity, counts=counts: counts[(likelihood, severity)],
        )
        missing = unassessed(records, residual=residual)
        if missing:
            rows.insert(
                len(rows) - 1,
                [_cell(sheet, f"Without a valid {which} assessment: {len(missing)}")],
            )
    for row in rows:
        sheet.append(row)


def _deterministic_zip(data: bytes, core_xml: bytes, when: datetime) -> bytes:
    """*data* (an XLSX file) rewritten with fixed ZIP entry dates and the given core
    properties: openpyxl stamps both with the time of saving."""
    date_time = max(when, EPOCH).astimezone(UTC).timetuple()[:6]
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            content = core_xml if entry.filename == ARC_CORE else source.read(entry)
            target.writestr(info, content)
    return out.getvalue()


def hazards_xlsx(
    records: Iterable[HazardRecord],
    page_uri: PageUri,
    matrix: RiskMatrix = DEFAULT_MATRIX,
    when: datetime = EPOCH,
) -> bytes:
    """The hazard log as an XLSX workbook: the log on a first sheet (a header row, frozen
    panes, a filter, column widths), the matrix and the hazards in each of its cells on a
    second. *when* is the workbook's creation and modification date (timezone-aware; the
    build's ``SOURCE_DATE_EPOCH`` when set), so the same log always gives the same bytes."""
    records = list(records)
    # Write-only: rows stream to the file instead of staying in memory as cell objects.
    workbook = Workbook(write_only=True)
    _log_sheet(workbook, records, page_uri, matrix)
    _matrix_sheet(workbook, records, matrix)
    stamp = when.astimezone(UTC).replace(tzinfo=None)
    properties = workbook.properties
    properties.title = "Hazard log"
    properties.creator = "nhs_assurance"
    buffer = io.BytesIO()
    workbook.save(buffer)
    properties.created = properties.modified = stamp
    return _deterministic_zip(buffer.getvalue(), tostring(properties.to_tree()), when)
