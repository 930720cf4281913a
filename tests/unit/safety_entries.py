"""Fictional hazards and controls as ``hazards.json`` (schema version 2) exports them, for the
unit tests of the safety file's core (digest, baseline, approval)."""

from __future__ import annotations

from typing import Any


def hazard(hazard_id: str = "HAZ-901", **changes: Any) -> dict[str, Any]:
    """A fictional hazard, valid against the version 2 schema, with *changes* applied."""
    return {
        "id": hazard_id,
        "title": "A referral is sent to a fictional closed service",
        "page": "safety/log.html",
        "anchor": hazard_id.lower(),
        "status": "open",
        "owner": "Fictional CSO",
        "initial": {"severity": "Major", "likelihood": "Low", "rating": 3, "justification": ""},
        "residual": None,
        "standards": ["DCB0129"],
        "controls": {"existing": [], "additional": ["CTL-901"]},
        "raised": "2026-01-05",
        "last_reviewed": None,
        "next_review": "2027-01-05",
        "description": "Dépôt — ünïcode kept",
        "causes": "",
        "effect": "",
        "harm": "",
        "existing_controls": "",
        "additional_controls": "",
        "evidence": "",
        **changes,
    }


def control(control_id: str = "CTL-901", **changes: Any) -> dict[str, Any]:
    """A fictional control, valid against the version 2 schema, with *changes* applied."""
    return {
        "id": control_id,
        "title": "Only open services are listed",
        "type": "design",
        "owner": "manufacturer",
        "page": "safety/controls.html",
        "anchor": control_id.lower(),
        "verified_by": ["tests/test_search.py::test_closed_hidden"],
        "verification": "verified",
        "hazards": ["HAZ-901"],
        **changes,
    }


def document(
    hazards: list[dict[str, Any]],
    controls: list[dict[str, Any]],
    digest: str = "sha256:" + "0" * 64,
) -> dict[str, Any]:
    """A version 2 ``hazards.json`` document."""
    return {
        "schema_version": 2,
        "document": {
            "project": "Fictional product",
            "version": "1.0",
            "generated": "2026-12-03",
            "digest": digest,
        },
        "hazards": hazards,
        "controls": controls,
    }


def v1_hazard(hazard_id: str = "HAZ-901", **changes: Any) -> dict[str, Any]:
    """A fictional hazard as version 1 exported it: no controls, dates or justifications."""
    entry = hazard(hazard_id, **changes)
    for key in ("controls", "raised", "last_reviewed", "next_review"):
        entry.pop(key)
    for key in ("initial", "residual"):
        if isinstance(entry[key], dict):
            entry[key] = {k: v for k, v in entry[key].items() if k != "justification"}
    return entry
