"""The hazard log as an XLSX workbook (nhs_assurance.core.hazard_xlsx): the same rows as the
CSV file, the risk matrix with its counts, no formula ever, the same bytes every build."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, datetime

import openpyxl
import pytest
from helpers import FORMULAS, hazard, page_uri, sample_log
from nhs_assurance.core.hazard_export import HEADER, hazards_csv
from nhs_assurance.core.hazard_xlsx import (
    EPOCH,
    XLSX_CELL_LIMIT,
    XLSX_CUT_MARK,
    build_date,
    hazards_xlsx,
)
from nhs_assurance.core.risk_matrix import DEFAULT_MATRIX, LIKELIHOODS, SEVERITIES


def test_an_empty_log() -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(hazards_xlsx([], page_uri)))["Hazard log"]
    assert list(sheet.iter_rows(values_only=True)) == [tuple(HEADER)]


def workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_xlsx_round_trip_matches_csv() -> None:
    log = sample_log()
    sheet = workbook(hazards_xlsx(log, page_uri))["Hazard log"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(HEADER)
    expected = list(csv.reader(io.StringIO(hazards_csv(log, page_uri))))[1:]
    for got, want in zip(rows[1:], expected, strict=True):
        assert ["" if v is None else str(v) for v in got] == want
    # Ratings are numbers a spreadsheet can sort and filter.
    assert rows[1][HEADER.index("Initial rating")] == 3


def test_xlsx_layout() -> None:
    sheet = workbook(hazards_xlsx(sample_log(), page_uri))["Hazard log"]
    assert sheet.freeze_panes == "B2"  # the header row and the ID column stay in view
    assert sheet.auto_filter.ref == "A1:U4"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["A"].width == 12
    assert sheet.column_dimensions["B"].width == 40
    assert sheet["D2"].alignment.wrap_text  # running text wraps
    assert sheet.page_setup.orientation == "landscape"


def test_xlsx_matrix_sheet_is_the_issue_table_with_counts() -> None:
    book = workbook(hazards_xlsx(sample_log(), page_uri))
    assert book.sheetnames == ["Hazard log", "Risk matrix"]
    rows = list(book["Risk matrix"].iter_rows(values_only=True))
    assert rows[1] == ("Likelihood \\ Severity", *SEVERITIES)
    grid = {row[0]: row[1:] for row in rows[2:7]}
    assert list(grid) == list(reversed(LIKELIHOODS))  # highest first, as the standards print it
    for likelihood, severity, rating in DEFAULT_MATRIX.cells():
        assert grid[likelihood][SEVERITIES.index(severity)] == rating
    meanings = {row[0]: row[1] for row in rows if isinstance(row[0], int)}
    assert meanings == {r: DEFAULT_MATRIX.meaning(r) for r in range(1, 6)}
    texts = [row[0] for row in rows]
    initial = texts.index("Number of hazards by initial assessment")
    counts = {row[0]: row[1:] for row in rows[initial + 2 : initial + 7]}
    assert counts["Low"] == (0, 0, 0, 2, 0)  # HAZ-901 and HAZ-902: Major, Low
    assert sum(sum(row) for row in counts.values()) == 2
    assert "Without a valid initial assessment: 1" in texts
    assert "Without a valid residual assessment: 1" in texts


@pytest.mark.parametrize("formula", [*FORMULAS, "#N/A", "#REF!"])
def test_xlsx_never_holds_a_formula_or_an_error(formula: str) -> None:
    data = hazards_xlsx([hazard("HAZ-901", title=formula, causes=formula)], page_uri)
    book = workbook(data)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type in ("s", "n"), cell.coordinate
    sheet = book["Hazard log"]
    # Shown as written (a line break as LF), kept as text when edited.
    shown = formula.replace("\r", "\n")
    assert sheet["B2"].value == shown
    assert sheet["D2"].value == shown
    assert sheet["B2"].quotePrefix == shown.startswith(("=", "+", "-", "@", "\t"))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml


def test_xlsx_carries_control_characters_visibly() -> None:
    # XML cannot carry most C0 control characters: openpyxl would refuse the whole workbook.
    title = "Fictional\x00hazard\x1b[31m with\x0bcontrols"
    sheet = workbook(hazards_xlsx([hazard("HAZ-901", title=title)], page_uri))["Hazard log"]
    assert sheet["B2"].value == "Fictional\ufffdhazard\ufffd[31m with\ufffdcontrols"


def test_xlsx_cuts_text_beyond_a_cell_with_a_mark() -> None:
    long_text = "x" * (XLSX_CELL_LIMIT + 10)
    sheet = workbook(hazards_xlsx([hazard("HAZ-901", causes=long_text)], page_uri))["Hazard log"]
    value = sheet["D2"].value
    assert len(value) == XLSX_CELL_LIMIT
    assert value.endswith(XLSX_CUT_MARK)
    at_limit = "y" * XLSX_CELL_LIMIT
    sheet = workbook(hazards_xlsx([hazard("HAZ-901", causes=at_limit)], page_uri))["Hazard log"]
    assert sheet["D2"].value == at_limit


def test_xlsx_bytes_are_the_same_every_build() -> None:
    first = hazards_xlsx(sample_log(), page_uri)
    second = hazards_xlsx(sample_log(), page_uri)
    assert first == second
    # Not by luck of the clock: every date in the file is the fixed one.
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    properties = workbook(first).properties
    assert properties.created == properties.modified == EPOCH.replace(tzinfo=None)


def test_xlsx_carries_the_date_it_is_given() -> None:
    when = datetime.fromtimestamp(1_700_000_000, tz=UTC)  # a SOURCE_DATE_EPOCH
    data = hazards_xlsx(sample_log(), page_uri, when=when)
    assert data == hazards_xlsx(sample_log(), page_uri, when=when)
    assert data != hazards_xlsx(sample_log(), page_uri)
    properties = workbook(data).properties
    assert properties.created == properties.modified == datetime(2023, 11, 14, 22, 13, 20)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_a_date_past_what_zip_stores_still_dates_the_workbook() -> None:
    when = datetime(3000, 1, 1, tzinfo=UTC)  # a SOURCE_DATE_EPOCH of 32503680000
    data = hazards_xlsx(sample_log(), page_uri, when=when)
    assert workbook(data).properties.created == datetime(3000, 1, 1)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # ZIP's last date, not an error
        assert {info.date_time for info in archive.infolist()} == {(2107, 12, 31, 23, 59, 58)}


@pytest.mark.parametrize(
    ("epoch", "expected"),
    [
        ("1700000000", datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)),
        ("", EPOCH),
        ("soon", EPOCH),
        ("9" * 40, EPOCH),  # past the year 9999: read as no date (the build warns, bad_date)
    ],
)
def test_the_workbook_reads_source_date_epoch_as_the_build_date_does(
    monkeypatch: pytest.MonkeyPatch, epoch: str, expected: datetime
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert build_date() == expected


def test_xlsx_changes_when_the_log_does() -> None:
    log = sample_log()
    changed = [log[0]._replace(initial_likelihood="Medium"), *log[1:]]
    assert hazards_xlsx(log, page_uri) != hazards_xlsx(changed, page_uri)
