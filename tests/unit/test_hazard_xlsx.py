"""The hazard log as an XLSX workbook (nhs_assurance.core.hazard_xlsx): the NHS England hazard log template's sheets and columns, the controls, the version history, the
risk matrix with its counts, no formula ever, the same bytes every build."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest
from helpers import FORMULAS, hazard, page_uri, sample_log
from nhs_assurance.core.approval import HISTORY_COLUMNS, Approval, ApprovalStatus, HistoryRow
from nhs_assurance.core.hazard_columns import CONTROL_LIST_COLUMNS, TEMPLATE_COLUMNS, header
from nhs_assurance.core.hazard_record import HazardRecord
from nhs_assurance.core.hazard_xlsx import (
    EPOCH,
    XLSX_CELL_LIMIT,
    XLSX_CUT_MARK,
    build_date,
    fingerprint,
    hazards_xlsx,
    workbook_is,
)
from nhs_assurance.core.risk_matrix import DEFAULT_MATRIX, LIKELIHOODS, SEVERITIES

SHEETS = ["Hazard Log", "Controls", "Version History", "Risk Matrix"]

#: The NHS England Clinical Safety Hazard Log template's columns (v3.6), in its order.
TEMPLATE_HEADER = (
    "No.", "Date Added", "Effect", "Hazard", "Harm", "Possible Causes",
    "Existing Controls: HIT Design: Description",
    "Existing Controls: HIT Design: Evidence",
    "Existing Controls: User Training and Business Process: Description",
    "Existing Controls: User Training and Business Process: Evidence",
    "Additional Controls: HIT Design: Description",
    "Additional Controls: HIT Design: Evidence",
    "Additional Controls: User Training and Business Process: Description",
    "Additional Controls: User Training and Business Process: Evidence",
    "Initial Severity", "Initial Likelihood", "Initial Risk", "Initial Justification",
    "Residual Severity", "Residual Likelihood", "Residual Risk", "Residual Justification",
    "Owner", "Status",
)  # fmt: skip


def workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def control(
    control_id: str, control_type: str | None, verification: str, *verified_by: str, **more: object
) -> dict[str, object]:
    """A fictional control as hazards.json holds it."""
    return {
        "id": control_id,
        "title": f"Fictional control {control_id}",
        "type": control_type,
        "owner": "manufacturer",
        "page": "controls.html",
        "anchor": control_id.lower(),
        "verified_by": list(verified_by),
        "verification": verification,
        "hazards": ["HAZ-901"],
        **more,
    }


CONTROLS = [
    control("CTL-901", "design", "verified", "tests/test_search.py::test_closed_hidden"),
    control("CTL-902", "training", "evidence", "Fictional training record TR-902"),
    control("CTL-903", "business-process", "none"),
    control("CTL-904", "design", "failed", "tests/test_search.py::test_sorted", owner="deployer"),
    control("CTL-905", None, "missing", "tests/test_search.py::test_slow"),
]


def controlled_hazard() -> HazardRecord:
    return sample_log()[0]._replace(
        existing_control_ids=("CTL-901", "CTL-902"),
        additional_control_ids=("CTL-903", "CTL-904", "CTL-905", "CTL-999"),
        raised="2026-01-05",
        initial_justification="The fictional directory is updated weekly.",
        residual_justification="Referrers check the status of each service.",
    )


def rows_of(book: openpyxl.Workbook, name: str) -> list[tuple[object, ...]]:
    return list(book[name].iter_rows(values_only=True))


def test_an_empty_log() -> None:
    book = workbook(hazards_xlsx([], page_uri))
    assert book.sheetnames == SHEETS
    assert rows_of(book, "Hazard Log") == [TEMPLATE_HEADER]
    assert rows_of(book, "Controls") == [tuple(header for header, _ in CONTROL_LIST_COLUMNS)]
    assert rows_of(book, "Version History") == [HISTORY_COLUMNS]


def test_the_log_sheet_has_the_template_columns_in_its_order() -> None:
    book = workbook(hazards_xlsx([controlled_hazard()], page_uri, controls=CONTROLS))
    assert book.sheetnames == SHEETS
    assert rows_of(book, "Hazard Log")[0] == TEMPLATE_HEADER
    assert header(TEMPLATE_COLUMNS) == TEMPLATE_HEADER


def test_a_hazard_row_holds_its_controls_split_as_the_template_splits_them() -> None:
    book = workbook(hazards_xlsx([controlled_hazard()], page_uri, controls=CONTROLS))
    row = dict(zip(TEMPLATE_HEADER, rows_of(book, "Hazard Log")[1], strict=True))
    assert row["No."] == "HAZ-901"
    assert row["Date Added"] == datetime(2026, 1, 5)  # a date the sheet sorts and filters
    assert book["Hazard Log"]["B2"].number_format == "yyyy-mm-dd"
    assert row["Hazard"] == (
        "A referral is sent to a fictional service that has closed\n\nFree text about the hazard."
    )
    assert (row["Effect"], row["Harm"]) == ("The referral waits, unread.", "Delayed treatment.")
    assert row["Possible Causes"] == (
        "• The directory still lists the service.\n• A cached result is shown."
    )
    # Design controls under "HIT Design"; the free text of the hazard's field after them.
    assert row["Existing Controls: HIT Design: Description"] == (
        "CTL-901: Fictional control CTL-901\n\nThe service page says it is closed."
    )
    assert row["Existing Controls: HIT Design: Evidence"] == (
        "CTL-901: tests/test_search.py::test_closed_hidden. Verified: every test named passed"
    )
    assert row["Existing Controls: User Training and Business Process: Description"] == (
        "CTL-902: Fictional control CTL-902"
    )
    assert row["Existing Controls: User Training and Business Process: Evidence"] == (
        "CTL-902: Fictional training record TR-902. Evidence: references to evidence, no tests"
    )
    # A control without a type and one no page declares are listed, saying so.
    assert row["Additional Controls: HIT Design: Description"] == (
        "CTL-904: Fictional control CTL-904\n"
        "CTL-905: Fictional control CTL-905 (type not given)\n"
        "CTL-999: not declared (no page declares this control)\n\n"
        "• Design: the search lists only open services."
    )
    assert row["Additional Controls: HIT Design: Evidence"] == (
        "CTL-904: tests/test_search.py::test_sorted. Failed: a test named failed\n"
        "CTL-905: tests/test_search.py::test_slow. Missing: a test named has no result, or was "
        "skipped\n"
        "CTL-999: not declared, so nothing verifies it\n\n"
        "Fictional test report TR-901."
    )
    assert row["Additional Controls: User Training and Business Process: Description"] == (
        "CTL-903: Fictional control CTL-903"
    )
    assert row["Additional Controls: User Training and Business Process: Evidence"] == (
        "CTL-903: None: nothing verifies this control"
    )
    assert [row[f"Initial {part}"] for part in ("Severity", "Likelihood", "Risk")] == [
        "Major", "Low", 3,
    ]  # fmt: skip
    assert row["Initial Justification"] == "The fictional directory is updated weekly."
    assert [row[f"Residual {part}"] for part in ("Severity", "Likelihood", "Risk")] == [
        "Major", "Very low", 2,
    ]  # fmt: skip
    assert row["Residual Justification"] == "Referrers check the status of each service."
    assert (row["Owner"], row["Status"]) == ("Fictional Clinical Safety Officer", "closed")


def test_a_hazard_without_controls_or_dates_leaves_their_cells_empty() -> None:
    book = workbook(hazards_xlsx(sample_log()[1:2], page_uri))
    row = dict(zip(TEMPLATE_HEADER, rows_of(book, "Hazard Log")[1], strict=True))
    assert row["Date Added"] is None
    assert row["Existing Controls: HIT Design: Description"] is None
    assert (row["Residual Risk"], row["Owner"]) == (None, None)


def test_the_controls_sheet_lists_every_control() -> None:
    book = workbook(hazards_xlsx([controlled_hazard()], page_uri, controls=CONTROLS))
    rows = rows_of(book, "Controls")
    assert rows[0] == ("ID", "Title", "Type", "Owner", "Verified by", "Verification", "Hazards")
    assert rows[1] == (
        "CTL-901", "Fictional control CTL-901", "Design", "Manufacturer",
        "tests/test_search.py::test_closed_hidden", "Verified: every test named passed", "HAZ-901",
    )  # fmt: skip
    assert rows[3][2:6] == (
        "Business process", "Manufacturer", None, "None: nothing verifies this control",
    )  # fmt: skip
    assert rows[4][3] == "Deployer"
    assert rows[5][2] == "Not given"


def approval(version: str, day: int, digest: str | None = "sha256:" + "a" * 64) -> Approval:
    return Approval(
        "Dr Fictional Officer", "Clinical Safety Officer", "GMC 0000000",
        date(2026, 1, day), version, digest,
    )  # fmt: skip


def test_the_version_history_sheet_lists_the_approvals() -> None:
    first, second = approval("1.0", 5), approval("1.1", 20, None)
    history = [
        HistoryRow(first, ApprovalStatus.SUPERSEDED, second),
        HistoryRow(second, ApprovalStatus.CHANGED),
    ]
    book = workbook(hazards_xlsx(sample_log(), page_uri, approvals=history))
    rows = rows_of(book, "Version History")
    assert rows == [
        ("Version", "Date", "Approver", "Role", "Registration", "Digest", "Status"),
        (
            "1.0", "2026-01-05", "Dr Fictional Officer", "Clinical Safety Officer",
            "GMC 0000000", "sha256:" + "a" * 64, "Superseded by version 1.1",
        ),
        (
            "1.1", "2026-01-20", "Dr Fictional Officer", "Clinical Safety Officer",
            "GMC 0000000", None, "Changed since approval",
        ),
    ]  # fmt: skip


def test_xlsx_layout() -> None:
    book = workbook(hazards_xlsx(sample_log(), page_uri, controls=CONTROLS))
    sheet = book["Hazard Log"]
    assert sheet.freeze_panes == "B2"  # the header row and the No. column stay in view
    assert sheet.auto_filter.ref == "A1:X4"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["A"].width == 12
    assert sheet.column_dimensions["D"].width == 50
    assert sheet["F2"].alignment.wrap_text  # running text wraps
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$1:$1"  # the header row on every printed page
    controls = book["Controls"]
    assert (controls.freeze_panes, controls.auto_filter.ref) == ("B2", "A1:G6")
    assert all(cell.font.bold for cell in controls[1])
    assert book["Version History"].freeze_panes == "A2"


def test_xlsx_matrix_sheet_is_the_issue_table_with_counts() -> None:
    book = workbook(hazards_xlsx(sample_log(), page_uri))
    rows = list(book["Risk Matrix"].iter_rows(values_only=True))
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
    record = hazard("HAZ-901", title=formula, causes=formula, owner=formula)
    controls = [control("CTL-901", "design", "evidence", formula, title=formula)]
    history = [HistoryRow(approval(formula, 5, None), ApprovalStatus.CHANGED)]
    data = hazards_xlsx(
        [record._replace(existing_control_ids=("CTL-901",))],
        page_uri,
        controls=controls,
        approvals=history,
    )
    book = workbook(data)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type in ("s", "n"), cell.coordinate
    # Shown as written (a line break as LF), kept as text when edited.
    shown = formula.replace("\r", "\n")
    quoted = shown.startswith(("=", "+", "-", "@", "\t"))
    cells = [
        book["Hazard Log"]["D2"],  # the hazard's title
        book["Hazard Log"]["F2"],  # its causes
        book["Hazard Log"]["W2"],  # its owner
        book["Controls"]["B2"],  # a control's title
        book["Controls"]["E2"],  # what verifies it
        book["Version History"]["A2"],  # the version an approval names
    ]
    for cell in cells:
        assert (cell.value, cell.quotePrefix) == (shown, quoted), cell
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert len(sheets) == len(SHEETS)
        for name in sheets:
            xml = archive.read(name).decode()
            assert "<f>" not in xml and "<f " not in xml, name


def test_xlsx_carries_control_characters_visibly() -> None:
    # XML cannot carry most C0 control characters: openpyxl would refuse the whole workbook.
    title = "Fictional\x00hazard\x1b[31m with\x0bcontrols"
    sheet = workbook(hazards_xlsx([hazard("HAZ-901", title=title)], page_uri))["Hazard Log"]
    assert sheet["D2"].value == "Fictional\ufffdhazard\ufffd[31m with\ufffdcontrols"


def test_xlsx_cuts_text_beyond_a_cell_with_a_mark() -> None:
    long_text = "x" * (XLSX_CELL_LIMIT + 10)
    sheet = workbook(hazards_xlsx([hazard("HAZ-901", causes=long_text)], page_uri))["Hazard Log"]
    value = sheet["F2"].value
    assert len(value) == XLSX_CELL_LIMIT
    assert value.endswith(XLSX_CUT_MARK)
    at_limit = "y" * XLSX_CELL_LIMIT
    sheet = workbook(hazards_xlsx([hazard("HAZ-901", causes=at_limit)], page_uri))["Hazard Log"]
    assert sheet["F2"].value == at_limit


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


def test_the_workbook_says_what_it_holds(tmp_path: Path) -> None:
    path = tmp_path / "hazards.xlsx"
    identifier = fingerprint("hazards.json text", "hazards.csv text")
    assert identifier != fingerprint("hazards.json text", "hazards.csv text, changed")
    path.write_bytes(hazards_xlsx(sample_log(), page_uri, identifier=identifier))
    assert workbook_is(path, EPOCH, identifier)
    assert not workbook_is(path, EPOCH, fingerprint("something else"))
    assert not workbook_is(path, datetime(2026, 1, 1, tzinfo=UTC), identifier)
    assert not workbook_is(tmp_path / "absent.xlsx", EPOCH, identifier)
