"""The last issued version (nhs_assurance.core.baseline): a baseline hazards.json read safely,
checked against its schema, and every change since it named with its old and new value."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from nhs_assurance.core import project_files
from nhs_assurance.core.baseline import (
    Baseline,
    Change,
    EntryChange,
    FieldChange,
    compare,
    load_baseline,
    read_baseline,
    schema,
)
from nhs_assurance.core.digest import safety_digest
from nhs_assurance.core.problems import Subtype
from nhs_assurance.core.safety_problems import SafetyProblem
from safety_entries import control, document, hazard, v1_hazard


def write_json(path: Path, value: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False), "utf-8")
    return path


def baseline_of(doc: dict[str, Any]) -> Baseline:
    loaded = load_baseline(json.dumps(doc).encode(), "issued/hazards.json")
    assert isinstance(loaded, Baseline), loaded
    return loaded


def test_both_schemas_are_valid_json_schemas_and_version_2_accepts_an_export() -> None:
    for version in (1, 2):
        Draft202012Validator.check_schema(schema(version))
    Draft202012Validator(schema(2)).validate(document([hazard()], [control()]))
    Draft202012Validator(schema(1)).validate({"schema_version": 1, "hazards": [v1_hazard()]})


def test_version_2_keeps_every_field_of_version_1_and_adds_the_issues() -> None:
    v1, v2 = schema(1)["$defs"], schema(2)["$defs"]
    added = set(v2["hazard"]["required"]) - set(v1["hazard"]["required"])
    assert set(v1["hazard"]["required"]) < set(v2["hazard"]["required"])
    assert added == {"controls", "raised", "last_reviewed", "next_review"}
    assert set(v2["assessment"]["required"]) - set(v1["assessment"]["required"]) == {
        "justification"
    }
    assert v2["control"]["required"] == [
        "id",
        "title",
        "type",
        "owner",
        "page",
        "anchor",
        "verified_by",
        "verification",
        "hazards",
    ]
    assert v2["document"]["required"] == ["project", "version", "generated", "digest"]
    assert schema(2)["required"] == ["schema_version", "document", "hazards", "controls"]


def test_a_version_2_baseline_is_read_from_the_configuration_folder(tmp_path: Path) -> None:
    write_json(tmp_path / "issued" / "hazards.json", document([hazard()], [control()]))
    baseline = read_baseline("issued/hazards.json", tmp_path)
    assert isinstance(baseline, Baseline)
    assert baseline.file == "issued/hazards.json" and baseline.schema_version == 2
    assert [h["id"] for h in baseline.hazards] == ["HAZ-901"]
    assert [c["id"] for c in baseline.controls] == ["CTL-901"]
    assert baseline.document is not None and baseline.document["version"] == "1.0"
    assert baseline.digest == safety_digest([hazard()], [control()])


def test_a_version_1_baseline_is_read_with_no_controls(tmp_path: Path) -> None:
    write_json(tmp_path / "hazards.json", {"schema_version": 1, "hazards": [v1_hazard()]})
    baseline = read_baseline("hazards.json", tmp_path)
    assert isinstance(baseline, Baseline)
    assert baseline.schema_version == 1 and baseline.controls == () and baseline.document is None


@pytest.mark.parametrize("value", [None, "", "  "])
def test_no_baseline_configured_is_none(tmp_path: Path, value: object) -> None:
    assert read_baseline(value, tmp_path) is None


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        (b'{"schema_version": 2,\n "hazards": [,]}', "is not JSON: Expecting value (column 14)", 2),
        (b"\xff\xfe{}", "is not UTF-8 text (byte 0)", None),
        (b"[" * 100_000 + b"]" * 100_000, "cannot be read as JSON", None),
        (
            b'{"schema_version": 1, "hazards": [' + b"1" * 5000 + b"]}",
            "cannot be read as JSON",
            None,
        ),
        (b"[]", "is not a hazards.json document: it is a JSON list", None),
        (
            b'{"schema_version": 2, "hazards": [{"id": "\\udc00"}]}',
            "holds a \\u escape for half of a character (U+DC00, a lone surrogate)",
            None,
        ),
        (
            b'{"schema_version": 3, "hazards": []}',
            "has schema_version 3; this extension reads versions 1 and 2",
            None,
        ),
        (b'{"schema_version": true, "hazards": []}', "has schema_version True", None),
        (b'{"hazards": []}', "has schema_version None", None),
    ],
)
def test_a_baseline_that_cannot_be_read_is_a_bad_baseline(
    content: bytes, message: str, line: int | None
) -> None:
    problem = load_baseline(content, "hazards.json")
    assert isinstance(problem, SafetyProblem)
    assert problem.subtype is Subtype.BAD_BASELINE
    assert problem.file == "hazards.json" and problem.line == line
    assert problem.message.startswith("the safety baseline ") and message in problem.message


def test_a_baseline_nested_past_pythons_recursion_limit_is_a_bad_baseline() -> None:
    """3000 lists deep: Python 3.11's JSON reader refuses it; from 3.12 it reads it, and the
    check of its characters must walk it without a traceback."""
    problem = load_baseline(b"[" * 3000 + b"]" * 3000, "hazards.json")
    assert isinstance(problem, SafetyProblem)
    assert problem.subtype is Subtype.BAD_BASELINE
    assert problem.message == (
        "the safety baseline is not a hazards.json document: it is a JSON list"
        if sys.version_info >= (3, 12)
        else "the safety baseline cannot be read as JSON: 'maximum recursion depth exceeded "
        "while decoding a JSON '..."
    ), problem.message


def test_a_baseline_that_fails_its_schema_says_where() -> None:
    bad = document(
        [
            hazard(status="maybe"),
            hazard("HAZ-902", initial={"rating": 9}),
            hazard("HAZ-903", raised="soon"),
        ],
        [control(type="magic")],
    )
    problem = load_baseline(json.dumps(bad).encode(), "hazards.json")
    assert isinstance(problem, SafetyProblem) and problem.subtype is Subtype.BAD_BASELINE
    assert "does not follow the hazards.json schema (version 2): " in problem.message
    assert (
        'at hazards[0].status: "maybe" is not one of "open", "transferred" or "closed"'
        in problem.message
    )
    assert 'at controls[0].type: "magic" is not one of' in problem.message
    assert "(of 4 errors)" in problem.message  # HAZ-903's error is counted, not named
    assert len(problem.message) < 800


def test_a_version_1_baseline_with_version_2_fields_fails_its_schema() -> None:
    problem = load_baseline(
        json.dumps({"schema_version": 1, "hazards": [hazard()]}).encode(), "h.json"
    )
    assert isinstance(problem, SafetyProblem)
    assert (
        "(version 1): at hazards[0]: Additional properties are not allowed ('controls'"
        in problem.message
    )
    assert len(problem.message) < 800


def test_a_baseline_listing_an_entry_twice_is_a_bad_baseline() -> None:
    problem = load_baseline(
        json.dumps(document([hazard(), hazard("haz-901")], [])).encode(), "h.json"
    )
    assert isinstance(problem, SafetyProblem)
    assert problem.message == "the safety baseline lists the hazard 'haz-901' more than once"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("../issued/hazards.json", "goes up out of the configuration folder"),
        ("/etc/passwd", "is not relative to the configuration folder"),
        ("missing.json", "there is no such file"),
        ("issued", "there is no such file"),
        (["hazards.json"], "expected the path of a hazards.json file, not list"),
    ],
)
def test_a_bad_baseline_setting_is_a_bad_baseline(
    tmp_path: Path, value: object, message: str
) -> None:
    (tmp_path / "project" / "issued").mkdir(parents=True)
    write_json(tmp_path / "issued" / "hazards.json", document([hazard()], []))
    problem = read_baseline(value, tmp_path / "project")
    assert isinstance(problem, SafetyProblem) and problem.subtype is Subtype.BAD_BASELINE
    assert (
        problem.message.startswith("nhs_assurance_safety_baseline: ") and message in problem.message
    )


def test_a_baseline_symlinked_from_outside_is_refused(tmp_path: Path) -> None:
    write_json(tmp_path / "outside.json", document([hazard()], []))
    (tmp_path / "project").mkdir()
    os.symlink(tmp_path / "outside.json", tmp_path / "project" / "hazards.json")
    problem = read_baseline("hazards.json", tmp_path / "project")
    assert isinstance(problem, SafetyProblem)
    assert "outside the configuration folder" in problem.message


def test_a_baseline_over_the_limit_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import nhs_assurance.core.baseline as module

    monkeypatch.setattr(module, "MAX_BASELINE_BYTES", 1024 * 1024)
    (tmp_path / "hazards.json").write_bytes(b" " * (1024 * 1024 + 1))
    problem = read_baseline("hazards.json", tmp_path)
    assert isinstance(problem, SafetyProblem) and "larger than 1 MiB" in problem.message


# -- what changed ----------------------------------------------------------------------------


def test_nothing_changed_is_no_change_whatever_the_pages_anchors_and_verification() -> None:
    baseline = baseline_of(document([hazard()], [control()]))
    moved = [hazard(page="elsewhere.html", anchor="x")]
    assert compare(baseline, moved, [control(verification="failed", page="p.html")]) == []


def test_every_change_names_the_field_and_its_old_and_new_value() -> None:
    baseline = baseline_of(
        document(
            [hazard("HAZ-10"), hazard("HAZ-2"), hazard("HAZ-901"), hazard("HAZ-903")],
            [control("CTL-901"), control("CTL-902")],
        )
    )
    residual = {
        "severity": "Major",
        "likelihood": "Very low",
        "rating": 2,
        "justification": "Tested.",
    }
    current_hazards = [
        hazard("HAZ-2"),
        hazard(
            "HAZ-10",
            status="closed",
            title="A renamed fictional hazard",
            owner="",
            residual=residual,
            controls={"existing": ["CTL-902"], "additional": ["CTL-901"]},
            next_review="2027-06-01",
            last_reviewed="2026-12-01",
        ),
        hazard("HAZ-902"),
        hazard("HAZ-903", id="haz-903"),
    ]
    current_controls = [control("CTL-901", owner="deployer", verified_by=[]), control("CTL-903")]
    assert compare(baseline, current_hazards, current_controls) == [
        EntryChange(
            "hazard",
            "HAZ-10",
            "A renamed fictional hazard",
            Change.CHANGED,
            (
                FieldChange(
                    "title",
                    "A referral is sent to a fictional closed service",
                    "A renamed fictional hazard",
                ),
                FieldChange("status", "open", "closed"),
                FieldChange("owner", "Fictional CSO", None),
                FieldChange("residual.severity", None, "Major"),
                FieldChange("residual.likelihood", None, "Very low"),
                FieldChange("residual.rating", None, 2),
                FieldChange("residual.justification", None, "Tested."),
                FieldChange("controls.existing", None, ("CTL-902",)),
                FieldChange("last_reviewed", None, "2026-12-01"),
                FieldChange("next_review", "2027-01-05", "2027-06-01"),
            ),
        ),
        EntryChange(
            "hazard", "HAZ-901", "A referral is sent to a fictional closed service", Change.REMOVED
        ),
        EntryChange(
            "hazard", "HAZ-902", "A referral is sent to a fictional closed service", Change.ADDED
        ),
        EntryChange(
            "hazard",
            "haz-903",
            "A referral is sent to a fictional closed service",
            Change.CHANGED,
            (FieldChange("id", "HAZ-903", "haz-903"),),
        ),
        EntryChange(
            "control",
            "CTL-901",
            "Only open services are listed",
            Change.CHANGED,
            (
                FieldChange("owner", "manufacturer", "deployer"),
                FieldChange("verified_by", ("tests/test_search.py::test_closed_hidden",), None),
            ),
        ),
        EntryChange("control", "CTL-902", "Only open services are listed", Change.REMOVED),
        EntryChange("control", "CTL-903", "Only open services are listed", Change.ADDED),
    ]


def test_against_a_version_1_baseline_only_what_version_2_says_is_new() -> None:
    baseline = baseline_of({"schema_version": 1, "hazards": [v1_hazard()]})
    # The empty justification and lists compare equal to fields version 1 did not have.
    unchanged = hazard(controls={"existing": [], "additional": []}, raised=None, next_review=None)
    assert compare(baseline, [unchanged], []) == []
    changes = compare(baseline, [hazard()], [control()])
    assert changes == [
        EntryChange(
            "hazard",
            "HAZ-901",
            "A referral is sent to a fictional closed service",
            Change.CHANGED,
            (
                FieldChange("controls.additional", None, ("CTL-901",)),
                FieldChange("raised", None, "2026-01-05"),
                FieldChange("next_review", None, "2027-01-05"),
            ),
        ),
        EntryChange("control", "CTL-901", "Only open services are listed", Change.ADDED),
    ]


def test_a_field_no_list_names_is_compared_too() -> None:
    baseline = baseline_of(document([hazard()], []))
    (change,) = compare(baseline, [hazard(future={"b": 1, "a": True})], [])
    assert change.fields == (FieldChange("future", None, '{"a":true,"b":1}'),)


def test_one_change_among_many_entries_is_the_only_one_listed() -> None:
    hazards = [hazard(f"HAZ-{i}") for i in range(2_000)]
    controls = [control(f"CTL-{i}") for i in range(2_000)]
    baseline = baseline_of(document(hazards, controls))
    changed = [*hazards[1:], hazard("HAZ-0", status="closed")][::-1]
    changes = compare(baseline, changed, controls)
    assert [(c.id, c.fields) for c in changes] == [
        ("HAZ-0", (FieldChange("status", "open", "closed"),))
    ]


# The digest and the changes cover the same content: a CSO who sees no change sees the digest
# they approved, and every change they see changes the digest.
_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8)
_field_values = st.fixed_dictionaries(
    {},
    optional={
        "title": _text.filter(bool),
        "status": st.sampled_from(["open", "transferred", "closed"]),
        "owner": st.one_of(st.none(), _text.filter(bool)),
        "next_review": st.one_of(st.none(), st.dates().map(lambda d: f"{d:%Y-%m-%d}")),
        "standards": st.lists(st.sampled_from(["DCB0129", "DCB0160"]), max_size=2),
        "harm": _text,
        "page": _text,
        "anchor": st.just("haz-901"),
    },
)


@settings(max_examples=60, deadline=None)
@given(_field_values)
def test_a_change_is_listed_exactly_when_the_digest_changes(changes: dict[str, Any]) -> None:
    baseline = baseline_of(document([hazard()], [control()]))
    current = hazard(**changes)
    listed = compare(baseline, [current], [control()])
    assert bool(listed) == (safety_digest([current], [control()]) != baseline.digest)
    assert {f.field for change in listed for f in change.fields} == {
        key
        for key, value in changes.items()
        if key not in ("page", "anchor") and (value or None) != (hazard()[key] or None)
    }


def test_without_the_safety_file_extra_the_baseline_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_json(tmp_path / "hazards.json", document([hazard()], [control()]))
    real = project_files.find_spec
    monkeypatch.setattr(
        project_files, "find_spec", lambda name: None if name == "jsonschema_rs" else real(name)
    )
    problem = read_baseline("hazards.json", tmp_path)
    assert isinstance(problem, SafetyProblem)
    assert problem.subtype is Subtype.BAD_BASELINE
    assert "pip install 'nhs-assurance[safety-file]'" in problem.message
