"""Fictional hazard records for the unit tests of the hazard log (move to tests/helpers.py with
the other shared helpers)."""

from __future__ import annotations

from nhs_assurance.core.hazard_record import HazardRecord


def hazard(key: str, **changes: object) -> HazardRecord:
    """A fictional hazard, rated Major / Low (3) initially and Major / Very low (2) after."""
    fields: dict[str, object] = {
        "key": key.upper(),
        "id": key,
        "title": f"Fictional hazard {key}",
        "docname": "safety",
        "anchor": key.lower(),
        "lineno": 10,
        "status": "open",
        "owner": "Fictional Clinical Safety Officer",
        "initial_severity": "Major",
        "initial_likelihood": "Low",
        "initial_rating": 3,
        "residual_severity": "Major",
        "residual_likelihood": "Very low",
        "residual_rating": 2,
        "standards": ("XYZ0001",),
        "description": "",
        "causes": "",
        "effect": "",
        "harm": "",
        "existing_controls": "",
        "additional_controls": "",
        "evidence": "",
    }
    fields.update(changes)
    return HazardRecord(**fields)  # type: ignore[arg-type]
