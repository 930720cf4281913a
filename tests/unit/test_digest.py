"""The digest of the safety content (nhs_assurance.core.digest): what a CSO records when
approving, the same for the same content and different for different content."""

from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

import pytest
from nhs_assurance.core.digest import (
    canonical_json,
    digest_error,
    document_digest,
    parse_digest,
    safety_content,
    safety_digest,
)
from safety_entries import control, hazard

DIGEST = safety_digest([hazard()], [control()])


def test_a_digest_is_sha256_of_the_canonical_safety_content() -> None:
    content = safety_content([hazard()], [control()])
    assert "page" not in content["hazards"][0] and "anchor" not in content["controls"][0]
    assert "verification" not in content["controls"][0]
    text = canonical_json(content)
    assert json.loads(text) == content
    assert "Dépôt --- ünïcode kept".encode() in text  # UTF-8, not \\u escapes; the dash as typed
    assert "sha256:" + hashlib.sha256(text).hexdigest() == DIGEST
    assert parse_digest(DIGEST) == DIGEST


def test_typography_smartquotes_makes_leaves_the_digest_alone() -> None:
    """A text or man build reads a page without SmartQuotes: the same hazard, the same digest."""
    typed = hazard(title='The referrer\'s "urgent" flag -- or --- not...')
    curly = hazard(title="The referrer\u2019s \u201curgent\u201d flag \u2013 or \u2014 not\u2026")
    assert safety_digest([typed], []) == safety_digest([curly], [])
    assert safety_digest([typed], []) != safety_digest([hazard(title="Another title")], [])


def test_canonical_json_sorts_keys_and_has_no_whitespace() -> None:
    assert canonical_json({"b": [1, {"d": None, "c": "é"}], "a": True}) == (
        '{"a":true,"b":[1,{"c":"é","d":null}]}'.encode()
    )
    with pytest.raises(ValueError):
        canonical_json({"a": float("nan")})


@pytest.mark.parametrize(
    "unchanged",
    [
        ([hazard(page="moved.html", anchor="elsewhere")], [control(page="x.html", anchor="y")]),
        ([hazard()], [control(verification="failed")]),
        ([hazard(), hazard("HAZ-1000")][::-1], [control()]),  # order of the input
    ],
)
def test_what_is_not_safety_content_leaves_the_digest_alone(unchanged: Any) -> None:
    hazards, controls = unchanged
    base = [hazard(), hazard("HAZ-1000")] if len(hazards) == 2 else [hazard()]
    assert safety_digest(hazards, controls) == safety_digest(base, [control()])


@pytest.mark.parametrize(
    "changed",
    [
        ([hazard(status="closed")], [control()]),
        (
            [
                hazard(
                    initial={
                        "severity": "Major",
                        "likelihood": "Low",
                        "rating": 3,
                        "justification": "x",
                    }
                )
            ],
            [control()],
        ),
        ([hazard(next_review="2027-01-06")], [control()]),
        ([hazard(controls={"existing": ["CTL-901"], "additional": []})], [control()]),
        ([hazard()], [control(owner="deployer")]),
        ([hazard()], [control(verified_by=[])]),
        ([hazard()], []),
        ([hazard(), hazard("HAZ-902")], [control()]),
    ],
)
def test_any_change_to_the_safety_content_changes_the_digest(changed: Any) -> None:
    assert safety_digest(*changed) != DIGEST


def test_a_documents_digest_is_that_of_its_hazards_and_controls() -> None:
    document = {
        "schema_version": 2,
        "hazards": [hazard()],
        "controls": [control()],
        "document": {
            "project": "Fictional",
            "version": "1.0",
            "generated": "2026-12-03",
            "digest": "sha256:" + "0" * 64,
        },
    }
    assert document_digest(document) == DIGEST
    other = copy.deepcopy(document)
    other["document"] = {
        "project": "Renamed",
        "version": "2.0",
        "generated": "2027-01-01",
        "digest": DIGEST,
    }
    assert document_digest(other) == DIGEST
    assert document_digest({"schema_version": 1, "hazards": [hazard()]}) == safety_digest(
        [hazard()], []
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "sha256:",
        "sha256:" + "0" * 63,
        "sha256:" + "g" * 64,
        "SHA256:" + "0" * 64,
        "md5:" + "0" * 32,
        "sha256:" + "0" * 65,
        "0" * 64,
        "sha256: " + "0" * 64,
    ],
)
def test_a_digest_is_sha256_and_64_hex_digits(text: str) -> None:
    assert parse_digest(text) is None
    error = digest_error(text)
    assert error is not None and "expected 'sha256:' and 64 hex digits" in error


def test_a_digest_in_upper_case_is_read_in_lower_case() -> None:
    assert parse_digest(" sha256:" + "AB" * 32 + " ") == "sha256:" + "ab" * 32
    assert digest_error(DIGEST) is None
