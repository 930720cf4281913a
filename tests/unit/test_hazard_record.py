"""The hazard record and the names of the text fields authors write in a hazard's body
(nhs_assurance.core.hazard_record)."""

from __future__ import annotations

import pickle

import pytest
from helpers import hazard
from nhs_assurance.core.hazard_record import (
    BODY_FIELDS,
    TEXT_FIELDS,
    assessment_counts,
    parse_text_field,
    sorted_hazards,
    unassessed,
)
from nhs_assurance.core.risk_matrix import Assessment


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("Causes", "causes"),
        ("causes", "causes"),
        ("Cause", "causes"),
        ("Cause(s)", "causes"),
        ("EFFECT", "effect"),
        ("Effects", "effect"),
        ("Harm", "harm"),
        ("Existing controls", "existing_controls"),
        ("existing-controls", "existing_controls"),
        ("Existing_Controls", "existing_controls"),
        ("Existing   control", "existing_controls"),
        ("Additional controls", "additional_controls"),
        ("additional-control", "additional_controls"),
        ("Evidence", "evidence"),
    ],
)
def test_body_field_names_authors_write(name: str, field: str) -> None:
    assert parse_text_field(name) == field


@pytest.mark.parametrize(
    "name", ["Description", "Title", "Severity", "Cuases", "Controls", "", "Owner"]
)
def test_names_that_are_not_body_fields(name: str) -> None:
    # The description is the body's free text, not a field; the rest are options or typos.
    assert parse_text_field(name) is None


def test_text_fields_follow_a_hazard_log() -> None:
    assert list(TEXT_FIELDS) == [
        "description", "causes", "effect", "harm", "existing_controls",
        "additional_controls", "evidence",
    ]  # fmt: skip
    assert "description" not in BODY_FIELDS
    record = hazard("HAZ-901", harm="Delayed treatment")
    assert record.text("harm") == "Delayed treatment"
    with pytest.raises(ValueError, match="not a text field"):
        record.text("title")


def test_a_record_is_plain_data() -> None:
    # Records travel in the pickled environment and between parallel workers.
    record = hazard("HAZ-901")
    assert pickle.loads(pickle.dumps(record)) == record
    for value in record:
        assert isinstance(value, str | int | tuple)


def test_assessments_of_a_record() -> None:
    record = hazard("HAZ-901")
    assert record.initial == Assessment("Major", "Low", 3)
    assert record.residual == Assessment("Major", "Very low", 2)
    unrated = hazard(
        "HAZ-902",
        initial_severity="",
        initial_likelihood="",
        initial_rating=0,
        residual_severity="",
        residual_likelihood="",
        residual_rating=0,
    )
    assert unrated.initial is None
    assert unrated.residual is None


def test_hazards_are_listed_by_id() -> None:
    records = [hazard("HAZ-910"), hazard("haz-902"), hazard("HAZ-9"), hazard("ABC-1")]
    assert [r.id for r in sorted_hazards(records)] == ["ABC-1", "HAZ-9", "haz-902", "HAZ-910"]


def test_counts_per_cell_and_the_hazards_in_none() -> None:
    records = [
        hazard("HAZ-901"),
        hazard("HAZ-902"),
        hazard("HAZ-903", initial_severity="Minor", initial_rating=1, residual_rating=0),
        hazard("HAZ-904", initial_severity="", initial_likelihood="", initial_rating=0),
    ]
    initial = assessment_counts(records)
    assert initial == {("Low", "Major"): 2, ("Low", "Minor"): 1}
    assert sum(initial.values()) == 3
    residual = assessment_counts(records, residual=True)
    assert residual == {("Very low", "Major"): 3}
    assert [r.id for r in unassessed(records)] == ["HAZ-904"]
    assert [r.id for r in unassessed(records, residual=True)] == ["HAZ-903"]
