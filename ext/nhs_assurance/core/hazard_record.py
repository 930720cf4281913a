"""A hazard as the registry keeps it, and the text fields authors write in a hazard's body.

The record is a named tuple of strings, integers and tuples: cheap to pickle with the build
environment and to send between the processes of a parallel build, unlike docutils nodes.

The body syntax
---------------
A hazard log entry has six texts besides its options: the causes, the effect, the possible harm
to patients, the existing controls, the additional controls and the evidence for them. Authors
write them as a *field list* in the directive's body, after the options and a blank line::

    :::{hazard} HAZ-901
    :title: A referral is sent to a fictional service that has closed
    :severity: Major
    :likelihood: Low

    A hazard's free text (before or after the fields) is its description.

    :Causes:
      - The fictional directory of services still lists the closed service.
      - A cached search result is shown.
    :Effect: The referral waits in a worklist that nobody reads.
    :Harm: Delayed assessment and treatment.
    :Existing controls: The service is shown as closed on its own page.
    :Additional controls:
      - Design: the search lists only open services.
      - Training: referrers are told to check the service's status.
    :Evidence: Fictional test report TR-901, section 4.
    :::

Why a field list:

- It is the syntax authors already use for the options (``:title:``), one line per field,
  and the same in reStructuredText (where field lists are native) and in MyST (with the
  ``fieldlist`` extension, which this site enables). Authors read it as the form it is.
- Each field holds any Markdown: several paragraphs, lists (one item per cause or control),
  links and references to standards, by indenting the lines under the field name.
- Headings, which hazard-log templates in Markdown use (``### Causes``), cannot be nested in a
  directive (MyST turns them into rubrics with a warning); definition lists read less like a
  form; a nested directive per field means counting colons, which authors get wrong.
- A field's name is matched leniently (`parse_text_field`): case, hyphens, underscores and a
  plural are forgiven (``:causes:``, ``:Cause:``, ``:Existing-controls:``), so a name is either
  recognised or the directive warns about it; nothing is silently dropped.

A field's text is kept as plain text for the exports: its paragraphs and list items each on a
line of their own, list items starting with ``•`` (not ``-``, which a spreadsheet would take for
the start of a formula).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Final, NamedTuple

from nhs_assurance.core.entry import list_order
from nhs_assurance.core.risk_matrix import Assessment

#: The text fields of a hazard, in the order of a hazard log: record attribute -> field name
#: as the documentation (and the exports' headers) spell it.
TEXT_FIELDS: Final[Mapping[str, str]] = {
    "description": "Description",
    "causes": "Causes",
    "effect": "Effect",
    "harm": "Harm",
    "existing_controls": "Existing controls",
    "additional_controls": "Additional controls",
    "evidence": "Evidence",
}

#: The justifications of the initial and residual ratings (NHS hazard log template): fields of
#: the body like the others, exported inside ``initial`` and ``residual`` (schema version 2).
JUSTIFICATION_FIELDS: Final[Mapping[str, str]] = {
    "initial_justification": "Initial justification",
    "residual_justification": "Residual justification",
}

#: Every text field, with the label the entry shows.
FIELD_LABELS: Final[Mapping[str, str]] = {**TEXT_FIELDS, **JUSTIFICATION_FIELDS}

#: The fields authors may write in the body (the description is the body's free text), in the
#: order the entry shows them: each justification after the controls it rests on.
BODY_FIELDS: Final = (
    "causes",
    "effect",
    "harm",
    "existing_controls",
    "initial_justification",
    "additional_controls",
    "evidence",
    "residual_justification",
)

#: Other spellings of a field's name that authors reach for, besides case and hyphens.
_FIELD_ALIASES: Final[Mapping[str, str]] = {
    "cause": "causes",
    "cause(s)": "causes",
    "effects": "effect",
    "harms": "harm",
    "existing control": "existing_controls",
    "additional control": "additional_controls",
}

_FIELD_BY_NAME: Final = {
    **{FIELD_LABELS[field].casefold(): field for field in BODY_FIELDS},
    **_FIELD_ALIASES,
}


def parse_text_field(name: str) -> str | None:
    """The record attribute a body field's *name* stands for (``"Existing-controls"`` ->
    ``"existing_controls"``), or ``None`` when it names no field of a hazard."""
    folded = " ".join(name.replace("-", " ").replace("_", " ").split()).casefold()
    return _FIELD_BY_NAME.get(folded)


class HazardRecord(NamedTuple):
    """A declared hazard, as the registry keeps it.

    A hazard is registered whenever its ID is valid, so that no hazard ever drops out of the
    log: what its author got wrong is warned about and left empty here (``""``, a rating of 0).
    """

    key: str  # the ID in upper case: what references match
    id: str  # the ID as the author wrote it
    title: str
    docname: str
    anchor: str
    lineno: int
    status: str  # open, transferred or closed
    owner: str
    initial_severity: str  # spelt as the standards do; "" when missing or not valid
    initial_likelihood: str
    initial_rating: int  # 1 to 5; 0 when there is no valid initial assessment
    residual_severity: str  # "" when there is no (valid) residual assessment
    residual_likelihood: str
    residual_rating: int  # 0 when there is no (valid) residual assessment
    standards: tuple[str, ...]  # keys (upper case) of the standards the hazard cites, in order
    description: str
    causes: str
    effect: str
    harm: str
    existing_controls: str
    additional_controls: str
    evidence: str
    # Issue 19: the controls the hazard names (their IDs as written, in order, each once), its
    # dates (ISO, "" when not given or not valid) and the justifications of its ratings.
    existing_control_ids: tuple[str, ...] = ()
    additional_control_ids: tuple[str, ...] = ()
    raised: str = ""
    last_reviewed: str = ""
    next_review: str = ""
    initial_justification: str = ""
    residual_justification: str = ""

    @property
    def initial(self) -> Assessment | None:
        """The initial assessment, or ``None`` when the hazard has no valid one."""
        if not self.initial_rating:
            return None
        return Assessment(self.initial_severity, self.initial_likelihood, self.initial_rating)

    @property
    def residual(self) -> Assessment | None:
        """The residual assessment, or ``None`` when the hazard has no valid one."""
        if not self.residual_rating:
            return None
        return Assessment(self.residual_severity, self.residual_likelihood, self.residual_rating)

    @property
    def display(self) -> str:
        """The ID as readers see it: as the author wrote it."""
        return self.id

    def text(self, field: str) -> str:
        """The text of one of `FIELD_LABELS`."""
        if field not in FIELD_LABELS:
            raise ValueError(f"{field!r} is not a text field of a hazard")
        text: str = getattr(self, field)
        return text


def sorted_hazards(records: Iterable[HazardRecord]) -> list[HazardRecord]:
    """*records* in the order of the log: by ID."""
    return sorted(records, key=list_order)


def assessment_counts(
    records: Iterable[HazardRecord], residual: bool = False
) -> Counter[tuple[str, str]]:
    """How many hazards sit in each cell of the matrix, by ``(likelihood, severity)``.

    The initial assessments, or the residual ones when *residual* is true; a hazard without a
    valid assessment of that kind is in no cell (`unassessed` names them).
    """
    counts: Counter[tuple[str, str]] = Counter()
    for record in records:
        assessment = record.residual if residual else record.initial
        if assessment is not None:
            counts[(assessment.likelihood, assessment.severity)] += 1
    return counts


def unassessed(records: Iterable[HazardRecord], residual: bool = False) -> list[HazardRecord]:
    """The hazards with no valid initial assessment (or residual one, when *residual*)."""
    return [r for r in records if (r.residual if residual else r.initial) is None]
