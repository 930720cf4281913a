"""The hazard log as data (nhs_assurance.core.hazard_export): ``hazards.json`` and its schema,
and the CSV file a Clinical Safety Officer files or sends."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest
from helpers import FORMULAS, hazard, page_uri, sample_log
from nhs_assurance.core.digest import safety_digest
from nhs_assurance.core.hazard_export import (
    HEADER,
    DocumentInfo,
    hazards_csv,
    hazards_document,
    hazards_json,
    schema,
    spreadsheet_safe,
)
from nhs_assurance.core.risk_matrix import DEFAULT_MATRIX, matrix_from_config

INFO = DocumentInfo("Fictional product", "1.0", "2026-12-03")

# -- hazards.json -------------------------------------------------------------------------------


def test_hazards_json_follows_its_schema() -> None:
    document = json.loads(hazards_json(sample_log(), page_uri, INFO))
    jsonschema.Draft202012Validator.check_schema(schema())
    jsonschema.Draft202012Validator(schema()).validate(document)


def test_hazards_json_shape() -> None:
    document = hazards_document(sample_log(), page_uri, INFO)
    assert list(document) == ["schema_version", "document", "hazards", "controls"]
    assert document["schema_version"] == 2
    assert document["document"] == {
        "project": "Fictional product",
        "version": "1.0",
        "generated": "2026-12-03",
        "digest": safety_digest(document["hazards"], []),
    }
    first, second, third = document["hazards"]
    assert first == {
        "id": "HAZ-901",
        "title": "A referral is sent to a fictional service that has closed",
        "page": "safety.html",
        "anchor": "haz-901",
        "status": "closed",
        "owner": "Fictional Clinical Safety Officer",
        "initial": {"severity": "Major", "likelihood": "Low", "rating": 3, "justification": ""},
        "residual": {
            "severity": "Major",
            "likelihood": "Very low",
            "rating": 2,
            "justification": "",
        },
        "standards": ["XYZ0001", "XYZ0002"],
        "controls": {"existing": [], "additional": []},
        "raised": None,
        "last_reviewed": None,
        "next_review": None,
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
    assert [h["id"] for h in hazards_document(records, page_uri, INFO)["hazards"]] == [
        "HAZ-903", "HAZ-902", "HAZ-901",
    ]  # fmt: skip


def test_an_empty_log() -> None:
    document = json.loads(hazards_json([], page_uri, INFO))
    assert (document["hazards"], document["controls"]) == ([], [])
    assert list(csv.reader(io.StringIO(hazards_csv([], page_uri)))) == [list(HEADER)]


def test_hazards_json_text_is_stable_utf8() -> None:
    text = hazards_json(sample_log(), page_uri, INFO)
    assert text.endswith("}\n")
    assert "•" in text  # kept as written, not \u2022
    assert text == hazards_json(sample_log(), page_uri, INFO)


@pytest.mark.parametrize(
    "bad",
    [
        {"rating": 6},
        {"severity": "Severe"},
        {"likelihood": "very low"},  # always spelt as the standards do
    ],
)
def test_the_schema_refuses_an_assessment_off_the_matrix(bad: dict) -> None:
    document = hazards_document(sample_log(), page_uri, INFO)
    document["hazards"][0]["initial"].update(bad)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema(), cls=jsonschema.Draft202012Validator)


def test_the_schema_refuses_an_unknown_status_or_field() -> None:
    document = hazards_document(sample_log(), page_uri, INFO)
    document["hazards"][0]["status"] = "done"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema(), cls=jsonschema.Draft202012Validator)
    document = hazards_document(sample_log(), page_uri, INFO)
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
        "ID", "Title", "Description", "Causes", "Effect", "Harm",
        "Existing controls", "Existing control IDs",
        "Initial severity", "Initial likelihood", "Initial rating", "Initial rating meaning",
        "Initial justification",
        "Additional controls", "Additional control IDs", "Evidence",
        "Residual severity", "Residual likelihood", "Residual rating", "Residual rating meaning",
        "Residual justification",
        "Status", "Owner", "Raised", "Last reviewed", "Next review", "Standards", "Page",
    ]  # fmt: skip


def test_csv_row_holds_controls_dates_and_justifications() -> None:
    record = sample_log()[0]._replace(
        existing_control_ids=("CTL-901",),
        additional_control_ids=("CTL-902", "CTL-905"),
        raised="2026-01-05",
        last_reviewed="2026-02-01",
        next_review="2099-01-01",
        initial_justification="=The fictional directory is updated weekly.",
        residual_justification="Referrers check the status of each service.",
    )
    row = csv_rows(hazards_csv([record], page_uri))[0]
    assert (row["Existing control IDs"], row["Additional control IDs"]) == (
        "CTL-901", "CTL-902, CTL-905",
    )  # fmt: skip
    assert (row["Raised"], row["Last reviewed"], row["Next review"]) == (
        "2026-01-05", "2026-02-01", "2099-01-01",
    )  # fmt: skip
    # Authors' text, so never a formula.
    assert row["Initial justification"] == "'=The fictional directory is updated weekly."
    assert row["Residual justification"] == "Referrers check the status of each service."
    # The free text of the fields stays beside the IDs.
    assert row["Existing controls"] == "The service page says it is closed."
    bare = csv_rows(hazards_csv(sample_log()[1:2], page_uri))[0]
    assert (bare["Existing control IDs"], bare["Raised"], bare["Initial justification"]) == (
        "", "", "",
    )  # fmt: skip


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
