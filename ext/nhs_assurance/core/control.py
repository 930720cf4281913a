"""The control, as a kind of entry: its IDs (``CTL-001``), the record the registry keeps of it,
its type and owner, the control IDs a hazard lists, and the checks that tie hazards to controls
(unknown controls, closed hazards relying on unverified ones): pure functions, no Sphinx.

A control's ID follows the one ID scheme (``core/ids.py``): letters then digits, optionally
joined by one hyphen (``CTL-001``). A control has no status: its state is its verification
(``core/verification.py``), which follows each build's test results.

Its ``:type:`` is one of the kinds of control the NHS hazard log template separates:
``design`` (HIT design), ``training`` (user training) and ``business-process``; its ``:owner:``
is the ``manufacturer`` (DCB0129, the default) or the ``deployer`` (DCB0160).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, NamedTuple

from nhs_assurance.core.entry import EntryKind
from nhs_assurance.core.excerpt import excerpt
from nhs_assurance.core.ids import IdScheme
from nhs_assurance.core.problems import Subtype
from nhs_assurance.core.safety_problems import SafetyProblem
from nhs_assurance.core.verification import Verification

#: A control ID: letters then digits, optionally joined by one hyphen: ``CTL-001``.
CONTROL_IDS: Final = IdScheme(
    kind="control",
    pattern=re.compile(r"(?P<id>[A-Za-z]+-?[0-9]+)"),
    expected="letters then digits, optionally joined by one hyphen",
    examples=("CTL-001",),
)

#: The control as a kind of entry: no statuses (its verification is its state).
CONTROL: Final = EntryKind("control", CONTROL_IDS, {})


class ControlRecord(NamedTuple):
    """A declared control, as the registry keeps it (the fields of ``core.entry.EntryRecord``
    and the control's own). Its verification is not here: it follows the test results of each
    build, not the page."""

    key: str  # the ID in upper case: what references match
    id: str  # the ID as the author wrote it
    title: str
    type: str  # one of CONTROL_TYPES; "" when missing or not valid
    owner: str  # one of OWNERS
    verified_by: tuple[str, ...]  # the :verified-by: items, in order
    description: str  # the body as plain text
    docname: str
    anchor: str
    lineno: int

    @property
    def display(self) -> str:
        """The ID as readers see it."""
        return self.id


def control_json(
    record: ControlRecord,
    page_uri: Callable[[str], str],
    verification: str,
    hazards: Sequence[str],
) -> dict[str, Any]:
    """One control as ``hazards.json`` (schema version 2) holds it, with its *verification* and
    the *hazards* that name it."""
    return {
        "id": record.id,
        "title": record.title or None,
        "type": record.type or None,
        "owner": record.owner,
        "page": page_uri(record.docname),
        "anchor": record.anchor,
        "verified_by": list(record.verified_by),
        "verification": verification,
        "hazards": list(hazards),
    }


#: A control's types, with the label readers see.
CONTROL_TYPES: Final[Mapping[str, str]] = {
    "design": "Design",
    "training": "Training",
    "business-process": "Business process",
}

#: Who puts a control in place, with the label readers see; the first is the default.
OWNERS: Final[Mapping[str, str]] = {"manufacturer": "Manufacturer", "deployer": "Deployer"}
DEFAULT_OWNER: Final = "manufacturer"

#: The verifications that let a closed hazard rely on a control.
SUFFICIENT: Final = frozenset({Verification.VERIFIED, Verification.EVIDENCE})


def _folded(text: str) -> str:
    return "-".join(text.replace("_", " ").split()).casefold()


@dataclass(frozen=True)
class ControlOptions:
    """What a control's ``:type:`` and ``:owner:`` say, and what is wrong with them."""

    type: str | None  # one of CONTROL_TYPES; None when missing or not valid
    owner: str  # one of OWNERS (the default when missing or not valid)
    problems: tuple[SafetyProblem, ...]


def read_control_options(options: Mapping[str, str]) -> ControlOptions:
    """Read a control's ``:type:`` (required) and ``:owner:``, case and spaces forgiven
    (``Business process`` is ``business-process``): a missing or empty type is a
    ``missing_option`` problem, a value that is not allowed a ``bad_control_type`` one."""
    problems: list[SafetyProblem] = []
    control_type: str | None = None
    text = options.get("type", "")
    if not text.strip():
        state = "missing" if "type" not in options else "empty"
        problems.append(
            SafetyProblem(Subtype.MISSING_OPTION, f"the :type: option is {state}", "type")
        )
    elif _folded(text) in CONTROL_TYPES:
        control_type = _folded(text)
    else:
        problems.append(
            SafetyProblem(
                Subtype.BAD_CONTROL_TYPE,
                f":type: {excerpt(text.strip())} is not one of {', '.join(CONTROL_TYPES)}",
                "type",
            )
        )
    owner = DEFAULT_OWNER
    if "owner" in options:
        folded = _folded(options["owner"])
        if folded in OWNERS:
            owner = folded
        else:
            problems.append(
                SafetyProblem(
                    Subtype.BAD_CONTROL_TYPE,
                    f":owner: {excerpt(options['owner'].strip())} is not one of "
                    f"{', '.join(OWNERS)}; the control is shown as the {DEFAULT_OWNER}'s",
                    "owner",
                )
            )
    return ControlOptions(control_type, owner, tuple(problems))


def split_control_ids(text: str, option: str) -> tuple[list[str], list[SafetyProblem]]:
    """The control IDs of a hazard's *option* (``existing-controls`` or
    ``additional-controls``): comma-separated, in order, each once; an item that is not an ID
    is an ``unknown_control`` problem."""
    ids: list[str] = []
    seen: set[str] = set()
    problems: list[SafetyProblem] = []
    for item in text.split(","):
        if not item.strip():
            continue
        parsed = CONTROL_IDS.parse(item)
        if parsed is None:
            problems.append(
                SafetyProblem(
                    Subtype.UNKNOWN_CONTROL,
                    f":{option}: {excerpt(item.strip())} is not a control ID (e.g. 'CTL-001')",
                    option,
                )
            )
        elif parsed.key not in seen:
            seen.add(parsed.key)
            ids.append(parsed.id)
    return ids, problems


def unknown_controls(
    ids: Iterable[str], option: str, declared: Mapping[str, object]
) -> list[SafetyProblem]:
    """An ``unknown_control`` problem for each of *ids* that no page declares (*declared* is
    keyed by control IDs in upper case)."""
    return [
        SafetyProblem(
            Subtype.UNKNOWN_CONTROL,
            f":{option}: no page declares the control {excerpt(control_id)}",
            option,
        )
        for control_id in ids
        if control_id.upper() not in declared
    ]


def closed_unverified(
    hazard_id: str,
    status: str,
    additional: Iterable[str],
    verifications: Mapping[str, Verification],
) -> SafetyProblem | None:
    """A ``closed_unverified`` problem when the hazard is closed and one of its *additional*
    controls is not ``verified`` or ``evidence`` (*verifications* keyed by control IDs in upper
    case; a control no page declares counts as unverified)."""
    if status != "closed":
        return None
    wanting = []
    for control_id in additional:
        state = verifications.get(control_id.upper())
        if state not in SUFFICIENT:
            wanting.append(f"{control_id} ({state.value if state is not None else 'unknown'})")
    if not wanting:
        return None
    return SafetyProblem(
        Subtype.CLOSED_UNVERIFIED,
        f"{hazard_id} is closed but relies on additional controls that are not verified: "
        f"{', '.join(wanting)}",
        "status",
    )


def hazards_by_control(
    hazards: Iterable[tuple[str, Iterable[str], Iterable[str]]],
) -> dict[str, list[str]]:
    """For each control (by ID in upper case), the hazards that list it among their existing or
    additional controls, in the order of *hazards* ((hazard ID, existing, additional) in the
    order of the log), each once."""
    found: dict[str, list[str]] = {}
    for hazard_id, existing, additional in hazards:
        for control_id in {c.upper(): None for c in (*existing, *additional)}:
            found.setdefault(control_id, []).append(hazard_id)
    return found
