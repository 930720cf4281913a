"""The hazard log as an XLSX workbook that a Clinical Safety Officer can file or send
(openpyxl), laid out as NHS England's Clinical Safety Hazard Log template (v3.6): the sheets
"Hazard Log" (the template's columns, ``core/hazard_columns.py``), "Controls", "Version History"
and "Risk Matrix".

The workbook depends on nothing but its arguments: it carries a fixed date (*when*) instead of
the time it was written, and its ZIP entries are dated the same, so two builds of the same
sources give the same bytes.

A spreadsheet takes a cell starting with ``=``, ``+``, ``-`` or ``@`` for a formula; authors'
text is stored as a string, never a formula, marked "quote prefix" so that editing the cell
keeps it text.
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from functools import partial
from typing import Any, Final

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.utils import get_column_letter
from openpyxl.xml.constants import ARC_CORE
from openpyxl.xml.functions import tostring

from nhs_assurance.core.approval import HISTORY_COLUMNS, HistoryRow, history_cells
from nhs_assurance.core.hazard_columns import (
    CONTROL_LIST_COLUMNS,
    TEMPLATE_COLUMNS,
    LogContext,
    PageUri,
    Value,
    control_cells,
    controls_by_key,
    table_row,
)
from nhs_assurance.core.hazard_export import is_formula_like
from nhs_assurance.core.hazard_record import HazardRecord, assessment_counts, unassessed
from nhs_assurance.core.review import source_date_epoch
from nhs_assurance.core.risk_matrix import DEFAULT_MATRIX, LIKELIHOODS, SEVERITIES, RiskMatrix

#: The workbook's sheets, named as the NHS hazard log template names them.
LOG_SHEET: Final = "Hazard Log"
CONTROLS_SHEET: Final = "Controls"
HISTORY_SHEET: Final = "Version History"
MATRIX_SHEET: Final = "Risk Matrix"

#: The most characters an Excel cell holds (openpyxl would cut longer text without a word).
XLSX_CELL_LIMIT: Final = 32767
XLSX_CUT_MARK: Final = " \N{HORIZONTAL ELLIPSIS} [cut: the full text is in hazards.json]"

#: The date a workbook carries when the build gives none: the earliest a ZIP file can store.
EPOCH: Final = datetime(1980, 1, 1, tzinfo=UTC)
#: The latest date a ZIP entry can store (its year is kept in 7 bits from 1980); a later
#: ``SOURCE_DATE_EPOCH`` still dates the workbook's properties, which have no such limit.
ZIP_LATEST: Final = datetime(2107, 12, 31, 23, 59, 58, tzinfo=UTC)


def build_date() -> datetime:
    """The date the workbook carries: ``SOURCE_DATE_EPOCH`` when set (reproducible builds set
    it), else a fixed date, never the time of the build."""
    moment = source_date_epoch(os.environ)
    return moment if moment is not None else EPOCH


def workbook_is(path: str | os.PathLike[str], when: datetime, identifier: str) -> bool:
    """Whether the workbook at *path* exists, carries the date *when* and the *identifier*
    (the fingerprint of what it holds) in its properties."""
    try:
        with zipfile.ZipFile(path) as archive:
            core = archive.read("docProps/core.xml").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    dated = when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S") in core
    return dated and f">{identifier}</dc:identifier>" in core


def fingerprint(*parts: str) -> str:
    """A fingerprint of what a workbook holds, from texts that hold every cell of it."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return "sha256:" + digest.hexdigest()


#: The cell styles of the workbook, by name (shown in a spreadsheet's list of cell styles): a
#: cell takes a named style by its name, far faster than a font and an alignment of its own,
#: which openpyxl looks up cell by cell.
TEXT_STYLE: Final = "Hazard log text"  # running text: wraps, from the top of the cell
VALUE_STYLE: Final = "Hazard log value"  # an ID, a rating, a date: from the top of the cell
HEADER_STYLE: Final = "Hazard log header"  # a column's header: bold, from the top
HEADING_STYLE: Final = "Hazard log heading"  # a title or a row's heading: bold


def _add_styles(workbook: Workbook) -> None:
    """Give *workbook* its named cell styles."""
    top = Alignment(vertical="top")
    bold = Font(bold=True)
    for style in (
        NamedStyle(TEXT_STYLE, alignment=Alignment(wrap_text=True, vertical="top")),
        NamedStyle(VALUE_STYLE, alignment=top),
        NamedStyle(HEADER_STYLE, font=bold, alignment=top),
        NamedStyle(HEADING_STYLE, font=bold),
    ):
        workbook.add_named_style(style)


def xlsx_text(text: str) -> str:
    """*text* as a workbook cell can hold it: line breaks as LF (XML reads a CR as one anyway),
    the control characters XML cannot carry made U+FFFD (so a reader sees where they were),
    and cut with a mark past Excel's limit."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", text)
    if len(text) > XLSX_CELL_LIMIT:
        text = text[: XLSX_CELL_LIMIT - len(XLSX_CUT_MARK)] + XLSX_CUT_MARK
    return text


def _cell(sheet: Any, value: Value, style: str | None = None) -> Any:
    """A write-only cell holding *value* in the named *style*; text is always text, never a
    formula or an error."""
    if value == "":
        value = None  # an empty cell, not an empty string
    elif isinstance(value, str):
        value = xlsx_text(value)
    elif isinstance(value, date):
        # A day, stored as Excel stores dates (midnight of that day), shown without the time.
        value = datetime(value.year, value.month, value.day)
    cell = WriteOnlyCell(sheet, value)
    # The named style first: it replaces the cell's whole style, the marks below included.
    if style is not None:
        cell.style = style
    if isinstance(value, str):
        # openpyxl reads "=..." as a formula and "#N/A" as an error: authors' text is neither.
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
    elif isinstance(value, datetime):
        cell.number_format = "yyyy-mm-dd"  # ISO, as the pages show it
    return cell


def _table_sheet(
    workbook: Workbook,
    title: str,
    columns: Sequence[tuple[str, int, bool]],
    rows: Iterable[Sequence[Value]],
    freeze: str = "B2",
) -> None:
    """A sheet holding a table: a bold header row, then *rows*; each column (header, width,
    whether it holds running text, which wraps). The header row (and the first column, an ID)
    stay in view while the reader scrolls, every column has a filter, and printed, the sheet
    is landscape with the header row on every page."""
    sheet = workbook.create_sheet(title)
    for index, (_, width, _) in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    rows = list(rows)
    sheet.freeze_panes = freeze
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.print_title_rows = "1:1"
    sheet.append([_cell(sheet, header, HEADER_STYLE) for header, _, _ in columns])
    styles = [TEXT_STYLE if running else VALUE_STYLE for _, _, running in columns]
    for values in rows:
        cells = zip(values, styles, strict=True)
        sheet.append([_cell(sheet, value, style) for value, style in cells])


def _log_sheet(workbook: Workbook, records: Sequence[HazardRecord], context: LogContext) -> None:
    """The "Hazard Log" sheet: the NHS hazard log template's columns, one row per hazard."""
    _table_sheet(
        workbook,
        LOG_SHEET,
        [(column.header, column.width, column.running) for column in TEMPLATE_COLUMNS],
        (table_row(TEMPLATE_COLUMNS, record, context) for record in records),
    )


def _controls_sheet(workbook: Workbook, controls: Sequence[Mapping[str, Any]]) -> None:
    """The "Controls" sheet: every control, its verification and the hazards that name it."""
    _table_sheet(
        workbook,
        CONTROLS_SHEET,
        [(header, width, width > 20) for header, width in CONTROL_LIST_COLUMNS],
        (control_cells(control) for control in controls),
    )


def _history_sheet(workbook: Workbook, approvals: Sequence[HistoryRow]) -> None:
    """The "Version History" sheet: the CSO's approvals, oldest first (``core/approval.py``)."""
    widths = {"Approver": 24, "Role": 24, "Registration": 16, "Digest": 74, "Status": 30}
    _table_sheet(
        workbook,
        HISTORY_SHEET,
        [(header, widths.get(header, 12), header == "Status") for header in HISTORY_COLUMNS],
        (history_cells(approval) for approval in approvals),
        freeze="A2",
    )


def _count(counts: Counter[tuple[str, str]], likelihood: str, severity: str) -> int:
    """How many hazards *counts* holds at *likelihood* and *severity*."""
    return counts[(likelihood, severity)]


def _matrix_rows(
    sheet: Any, title: str, cell_value: Callable[[str, str], Value]
) -> list[list[Any]]:
    """A titled 5 x 5 grid, highest likelihood first as the standards print it."""
    rows = [
        [_cell(sheet, title, HEADING_STYLE)],
        [_cell(sheet, "Likelihood \\ Severity", HEADING_STYLE)]
        + [_cell(sheet, severity, HEADING_STYLE) for severity in SEVERITIES],
    ]
    for likelihood in reversed(LIKELIHOODS):
        rows.append(
            [_cell(sheet, likelihood, HEADING_STYLE)]
            + [_cell(sheet, cell_value(likelihood, severity)) for severity in SEVERITIES]
        )
    return [*rows, []]


def _matrix_sheet(workbook: Workbook, records: Sequence[HazardRecord], matrix: RiskMatrix) -> None:
    sheet = workbook.create_sheet(MATRIX_SHEET)
    sheet.column_dimensions["A"].width = 24
    for index in range(2, len(SEVERITIES) + 2):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    rows = _matrix_rows(
        sheet,
        "Clinical risk rating by likelihood and severity",
        lambda likelihood, severity: matrix.rating(severity, likelihood),
    )
    rows.append([_cell(sheet, "Rating", HEADING_STYLE), _cell(sheet, "Meaning", HEADING_STYLE)])
    rows += [[_cell(sheet, rating), _cell(sheet, matrix.meaning(rating))] for rating in range(1, 6)]
    rows.append([])
    for residual, which in ((False, "initial"), (True, "residual")):
        counts = assessment_counts(records, residual=residual)
        rows += _matrix_rows(
            sheet,
            f"Number of hazards by {which} assessment",
            partial(_count, counts),
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
    date_time = min(max(when, EPOCH), ZIP_LATEST).astimezone(UTC).timetuple()[:6]
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
    controls: Iterable[Mapping[str, Any]] = (),
    approvals: Sequence[HistoryRow] = (),
    identifier: str = "",
) -> bytes:
    """The hazard log as an XLSX workbook, as the NHS England Clinical Safety Hazard Log
    template lays it out: "Hazard Log" (the template's columns, `TEMPLATE_COLUMNS`), "Controls"
    (*controls*, as ``hazards.json`` holds them: ``core.control.control_json``), "Version
    History" (*approvals*, ``core.approval.version_history``) and "Risk Matrix" (the matrix and
    the hazards in each of its cells). Each table has a bold header row that stays in view and
    a filter on every column.

    *when* is the workbook's creation and modification date (timezone-aware; the build's
    ``SOURCE_DATE_EPOCH`` when set), so the same log always gives the same bytes; *identifier*
    goes in its properties (the build's fingerprint of what it holds, `workbook_is`)."""
    records = list(records)
    control_list = list(controls)
    context = LogContext(page_uri, matrix, controls_by_key(control_list))
    # Write-only: rows stream to the file instead of staying in memory as cell objects.
    workbook = Workbook(write_only=True)
    _add_styles(workbook)
    _log_sheet(workbook, records, context)
    _controls_sheet(workbook, control_list)
    _history_sheet(workbook, approvals)
    _matrix_sheet(workbook, records, matrix)
    stamp = when.astimezone(UTC).replace(tzinfo=None)
    properties = workbook.properties
    properties.title = "Hazard log"
    properties.creator = "nhs_assurance"
    properties.identifier = identifier or None
    buffer = io.BytesIO()
    workbook.save(buffer)
    properties.created = properties.modified = stamp
    return _deterministic_zip(buffer.getvalue(), tostring(properties.to_tree()), when)
