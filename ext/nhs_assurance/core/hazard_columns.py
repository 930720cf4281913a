"""The hazard log as a table: the columns of the CSV file (every field of a hazard) and of the
workbook's "Hazard Log" sheet (the NHS England Clinical Safety Hazard Log template, v3.6), made
from one set of column definitions, and the columns of the workbook's "Controls" sheet.

A column is its header, its width in a spreadsheet (characters), whether it holds running text
(which wraps), and how a hazard's cell is made from the hazard and `LogContext` (the pages' URLs,
the risk matrix, the controls as ``hazards.json`` holds them). A column both tables hold (the
effect, the harm, a rating, the owner, the status) is defined once, and renamed where the
template spells its header otherwise.

The template splits the existing and the additional controls each into "HIT Design" (controls of
``:type: design``) and "User Training and Business Process" (``training`` and
``business-process``), with a description (each control's ID and title) and evidence (what
verifies it, and its verification) for each. What names no type is listed under "HIT Design",
saying so, rather than left out: a control without a valid ``:type:`` ("type not given"), an ID
no page declares ("not declared"), and the free text of the hazard's "Existing controls",
"Additional controls" and "Evidence" fields, after the controls.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final, NamedTuple

from nhs_assurance.core.control import CONTROL_TYPES, OWNERS
from nhs_assurance.core.hazard_record import HazardRecord
from nhs_assurance.core.risk_matrix import DEFAULT_MATRIX, Assessment, RiskMatrix
from nhs_assurance.core.verification import VERIFICATION_LABELS, Verification

#: Gives the URL of a page (by docname) relative to the site root, e.g. ``safety.html``.
PageUri = Callable[[str], str]

#: A table cell: text, a rating, a date (the workbook's "Date Added"), or nothing.
Value = str | int | date | None


@dataclass(frozen=True)
class LogContext:
    """What a hazard's cells are made with besides the hazard."""

    page_uri: PageUri
    matrix: RiskMatrix = DEFAULT_MATRIX
    #: Every control as ``hazards.json`` holds it (``core.control.control_json``), by ID in
    #: upper case.
    controls: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


def controls_by_key(controls: Iterable[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    """*controls* (an iterable of ``control_json`` mappings) by ID in upper case."""
    return {str(control["id"]).upper(): control for control in controls}


class Column(NamedTuple):
    """A column of the log: header, width in characters, whether it holds running text, and
    how a hazard's cell is made."""

    header: str
    width: int
    running: bool
    value: Callable[[HazardRecord, LogContext], Value]

    def named(self, header: str) -> Column:
        """The same column under another header."""
        return self._replace(header=header)


def _text(header: str, attribute: str, width: int = 50, running: bool = True) -> Column:
    """A column holding one of the hazard's texts, by its record attribute."""
    return Column(header, width, running, lambda record, _: getattr(record, attribute))


def _assessment(record: HazardRecord, residual: bool) -> Assessment | None:
    return record.residual if residual else record.initial


def _assessment_columns(residual: bool) -> tuple[Column, Column, Column, Column]:
    """Severity, likelihood, rating and the rating's meaning, initial or *residual*."""
    which = "Residual" if residual else "Initial"

    def part(index: int) -> Callable[[HazardRecord, LogContext], Value]:
        def value(record: HazardRecord, _: LogContext) -> Value:
            found = _assessment(record, residual)
            return None if found is None else found[index]

        return value

    def meaning(record: HazardRecord, context: LogContext) -> Value:
        found = _assessment(record, residual)
        return None if found is None else context.matrix.meaning(found.rating)

    return (
        Column(f"{which} severity", 14, False, part(0)),
        Column(f"{which} likelihood", 14, False, part(1)),
        Column(f"{which} rating", 9, False, part(2)),
        Column(f"{which} rating meaning", 36, True, meaning),
    )


INITIAL_SEVERITY, INITIAL_LIKELIHOOD, INITIAL_RATING, INITIAL_MEANING = _assessment_columns(False)
RESIDUAL_SEVERITY, RESIDUAL_LIKELIHOOD, RESIDUAL_RATING, RESIDUAL_MEANING = _assessment_columns(
    True
)

ID: Final = Column("ID", 12, False, lambda record, _: record.id)
TITLE: Final = _text("Title", "title", 40)
DESCRIPTION: Final = _text("Description", "description")
CAUSES: Final = _text("Causes", "causes")
EFFECT: Final = _text("Effect", "effect")
HARM: Final = _text("Harm", "harm")
EXISTING_TEXT: Final = _text("Existing controls", "existing_controls")
ADDITIONAL_TEXT: Final = _text("Additional controls", "additional_controls")
EVIDENCE_TEXT: Final = _text("Evidence", "evidence")
INITIAL_JUSTIFICATION: Final = _text("Initial justification", "initial_justification")
RESIDUAL_JUSTIFICATION: Final = _text("Residual justification", "residual_justification")
STATUS: Final = Column("Status", 12, False, lambda record, _: record.status)
OWNER: Final = _text("Owner", "owner", 24)
RAISED: Final = _text("Raised", "raised", 12, False)
LAST_REVIEWED: Final = _text("Last reviewed", "last_reviewed", 12, False)
NEXT_REVIEW: Final = _text("Next review", "next_review", 12, False)
EXISTING_IDS: Final = Column(
    "Existing control IDs", 20, True, lambda record, _: ", ".join(record.existing_control_ids)
)
ADDITIONAL_IDS: Final = Column(
    "Additional control IDs", 20, True, lambda record, _: ", ".join(record.additional_control_ids)
)
STANDARDS: Final = Column("Standards", 20, True, lambda record, _: ", ".join(record.standards))
PAGE: Final = Column(
    "Page", 40, False, lambda record, context: f"{context.page_uri(record.docname)}#{record.anchor}"
)

#: The columns of ``hazards.csv``: every field of a hazard, in the order of a hazard log (the
#: hazard and what leads to it, the initial risk, the additional controls and their evidence,
#: the residual risk, then who, when and where).
CSV_COLUMNS: Final = (
    ID,
    TITLE,
    DESCRIPTION,
    CAUSES,
    EFFECT,
    HARM,
    EXISTING_TEXT,
    EXISTING_IDS,
    INITIAL_SEVERITY,
    INITIAL_LIKELIHOOD,
    INITIAL_RATING,
    INITIAL_MEANING,
    INITIAL_JUSTIFICATION,
    ADDITIONAL_TEXT,
    ADDITIONAL_IDS,
    EVIDENCE_TEXT,
    RESIDUAL_SEVERITY,
    RESIDUAL_LIKELIHOOD,
    RESIDUAL_RATING,
    RESIDUAL_MEANING,
    RESIDUAL_JUSTIFICATION,
    STATUS,
    OWNER,
    RAISED,
    LAST_REVIEWED,
    NEXT_REVIEW,
    STANDARDS,
    PAGE,
)

# -- the NHS hazard log template ---------------------------------------------------------------

#: The template's two kinds of control, and the control types each holds.
CONTROL_GROUPS: Final[Mapping[str, tuple[str, ...]]] = {
    "HIT Design": ("design",),
    "User Training and Business Process": ("training", "business-process"),
}
#: Where what names no type goes (see the module's docstring).
UNTYPED_GROUP: Final = "HIT Design"


def _group_of(control: Mapping[str, Any] | None) -> str:
    control_type = control.get("type") if control is not None else None
    for group, types in CONTROL_GROUPS.items():
        if control_type in types:
            return group
    return UNTYPED_GROUP


def _listed_controls(
    record: HazardRecord, context: LogContext, additional: bool, group: str
) -> list[tuple[str, Mapping[str, Any] | None]]:
    """The hazard's existing (or *additional*) controls in *group*: (ID, control or ``None``
    when no page declares it), in the order the hazard names them."""
    ids = record.additional_control_ids if additional else record.existing_control_ids
    found = [(control_id, context.controls.get(control_id.upper())) for control_id in ids]
    return [(control_id, control) for control_id, control in found if _group_of(control) == group]


def _description_line(control_id: str, control: Mapping[str, Any] | None) -> str:
    if control is None:
        return f"{control_id}: not declared (no page declares this control)"
    title = control.get("title") or "(no title)"
    untyped = " (type not given)" if control.get("type") not in CONTROL_TYPES else ""
    return f"{control['id']}: {title}{untyped}"


def verification_label(state: str) -> str:
    """What a reader is told of a verification state (``"verified"``)."""
    try:
        return VERIFICATION_LABELS[Verification(state)]
    except ValueError:
        return state


def _evidence_line(control_id: str, control: Mapping[str, Any] | None) -> str:
    if control is None:
        return f"{control_id}: not declared, so nothing verifies it"
    label = verification_label(str(control.get("verification", "")))
    items = ", ".join(control.get("verified_by", ()))
    return f"{control['id']}: {items}. {label}" if items else f"{control['id']}: {label}"


def _joined(lines: list[str], text: str) -> str:
    """The lines, then the author's free *text* after a blank line."""
    return "\n\n".join(part for part in ("\n".join(lines), text) if part)


def _control_column(additional: bool, group: str, evidence: bool) -> Column:
    which = "Additional" if additional else "Existing"
    part = "Evidence" if evidence else "Description"

    def value(record: HazardRecord, context: LogContext) -> Value:
        listed = _listed_controls(record, context, additional, group)
        make = _evidence_line if evidence else _description_line
        lines = [make(control_id, control) for control_id, control in listed]
        text = ""
        if group == UNTYPED_GROUP:
            if evidence:
                text = record.evidence if additional else ""
            else:
                text = record.additional_controls if additional else record.existing_controls
        return _joined(lines, text)

    return Column(f"{which} Controls: {group}: {part}", 40, True, value)


def _control_columns(additional: bool) -> tuple[Column, ...]:
    return tuple(
        _control_column(additional, group, evidence)
        for group in CONTROL_GROUPS
        for evidence in (False, True)
    )


def _hazard_cell(record: HazardRecord, _: LogContext) -> Value:
    """The template's "Hazard": the title, then the description."""
    return "\n\n".join(part for part in (record.title, record.description) if part)


def _date_added(record: HazardRecord, _: LogContext) -> Value:
    """The template's "Date Added": ``:raised:`` as a date a spreadsheet sorts and filters."""
    try:
        return date.fromisoformat(record.raised) if record.raised else None
    except ValueError:  # the directive keeps only valid dates; shown as written otherwise
        return record.raised


#: The columns of the workbook's "Hazard Log" sheet: the NHS England Clinical Safety Hazard Log
#: template's (v3.6), in its order.
TEMPLATE_COLUMNS: Final = (
    ID.named("No."),
    Column("Date Added", 12, False, _date_added),
    EFFECT,
    Column("Hazard", 50, True, _hazard_cell),
    HARM,
    CAUSES.named("Possible Causes"),
    *_control_columns(additional=False),
    *_control_columns(additional=True),
    INITIAL_SEVERITY.named("Initial Severity"),
    INITIAL_LIKELIHOOD.named("Initial Likelihood"),
    INITIAL_RATING.named("Initial Risk"),
    INITIAL_JUSTIFICATION.named("Initial Justification"),
    RESIDUAL_SEVERITY.named("Residual Severity"),
    RESIDUAL_LIKELIHOOD.named("Residual Likelihood"),
    RESIDUAL_RATING.named("Residual Risk"),
    RESIDUAL_JUSTIFICATION.named("Residual Justification"),
    OWNER,
    STATUS,
)


def header(columns: tuple[Column, ...]) -> tuple[str, ...]:
    """The headers of *columns*."""
    return tuple(column.header for column in columns)


def table_row(
    columns: tuple[Column, ...], record: HazardRecord, context: LogContext
) -> list[Value]:
    """One hazard as a row of *columns*."""
    return [column.value(record, context) for column in columns]


# -- the "Controls" sheet ------------------------------------------------------------------------

#: The columns of the workbook's "Controls" sheet (the control list), with their widths.
CONTROL_LIST_COLUMNS: Final[tuple[tuple[str, int], ...]] = (
    ("ID", 12),
    ("Title", 40),
    ("Type", 18),
    ("Owner", 14),
    ("Verified by", 50),
    ("Verification", 36),
    ("Hazards", 24),
)


def control_cells(control: Mapping[str, Any]) -> list[Value]:
    """A control (as ``hazards.json`` holds it) as a row of `CONTROL_LIST_COLUMNS`."""
    return [
        str(control["id"]),
        control.get("title") or "",
        CONTROL_TYPES.get(str(control.get("type")), "Not given"),
        OWNERS.get(str(control.get("owner")), str(control.get("owner") or "")),
        "\n".join(control.get("verified_by", ())),
        verification_label(str(control.get("verification", ""))),
        ", ".join(control.get("hazards", ())),
    ]
