"""The hazard log as an XLSX workbook that a Clinical Safety Officer can file or send
(openpyxl), with the same rows as the CSV file (``core/hazard_export.py``).

The workbook depends on nothing but its arguments: it carries a fixed date (*when*) instead of
the time it was written, and its ZIP entries are dated the same, so two builds of the same
sources give the same bytes.

A spreadsheet takes a cell starting with ``=``, ``+``, ``-`` or ``@`` for a formula; authors'
text is stored as a string, never a formula, marked "quote prefix" so that editing the cell
keeps it text.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from functools import partial
from typing import Any, Final

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.xml.constants import ARC_CORE
from openpyxl.xml.functions import tostring

from nhs_assurance.core.hazard_export import (
    COLUMNS,
    HEADER,
    PageUri,
    Value,
    is_formula_like,
    table_row,
)
from nhs_assurance.core.hazard_record import HazardRecord, assessment_counts, unassessed
from nhs_assurance.core.review import source_date_epoch
from nhs_assurance.core.risk_matrix import DEFAULT_MATRIX, LIKELIHOODS, SEVERITIES, RiskMatrix

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


def workbook_date_is(path: str | os.PathLike[str], when: datetime) -> bool:
    """Whether the workbook at *path* exists and carries the date *when*."""
    try:
        with zipfile.ZipFile(path) as archive:
            core = archive.read("docProps/core.xml").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S") in core


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


def _count(counts: Counter[tuple[str, str]], likelihood: str, severity: str) -> int:
    """How many hazards *counts* holds at *likelihood* and *severity*."""
    return counts[(likelihood, severity)]


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
