"""The ``hazard`` directive: one entry of the clinical hazard log (DCB0129, DCB0160).

The options carry the facts the log tabulates (title, the initial and residual severity and
likelihood, status, owner, the standards it concerns); the ratings come from the configured
risk matrix (``core/risk_matrix.py``), never typed by hand. The body's free text is the
description; a field list in it holds the six texts of a hazard log entry (``:Causes:``,
``:Effect:``, ``:Harm:``, ``:Existing controls:``, ``:Additional controls:``, ``:Evidence:``;
see ``core/hazard_record.py`` for why a field list). The entry carries the anchor ``#`` + the ID in
lower case, as standards do.

The ``{hazard}`` role that links to an entry, and the record the registry keeps of one
(``hazard_record``), live here too: a kind of entry is one module per layer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes

from nhs_assurance.config import settings
from nhs_assurance.core.excerpt import excerpt
from nhs_assurance.core.hazard import HAZARD, HAZARD_STATUSES, assess_hazard
from nhs_assurance.core.hazard_record import (
    BODY_FIELDS,
    TEXT_FIELDS,
    HazardRecord,
    parse_text_field,
)
from nhs_assurance.core.standard import STANDARD_IDS
from nhs_assurance.diagnostics import Subtype, warn
from nhs_assurance.directives.entry import EntryDirective, EntryRole
from nhs_assurance.directives.options import option_line
from nhs_assurance.directives.safety import neutralise, warn_bidi_controls
from nhs_assurance.nodes import hazard_entry, hazard_heading
from nhs_assurance.state import risk_matrix

if TYPE_CHECKING:
    from sphinx.util.typing import OptionSpec

    from nhs_assurance.core.ids import EntryId
    from nhs_assurance.core.risk_matrix import Assessment, RiskMatrix

#: A paragraph that starts like a body field: what a field list is when MyST does not parse it.
FIELD_LIKE = re.compile(r":([^:\n]{1,40}):(?:\s|$)")

#: What a reader sees where a hazard has no (valid) assessment.
NOT_ASSESSED = "Not assessed"


def assessment_text(assessment: Assessment | None, matrix: RiskMatrix) -> str:
    """``Severity Major, likelihood Low: rating 3 (undesirable, ...)`` or ``Not assessed``."""
    if assessment is None:
        return NOT_ASSESSED
    return (
        f"Severity {assessment.severity}, likelihood {assessment.likelihood}: "
        f"rating {assessment.rating} ({matrix.meaning(assessment.rating)})"
    )


def _field(name: str, *body: nodes.Node, classes: tuple[str, ...] = ()) -> nodes.field:
    return nodes.field(
        "", nodes.field_name("", name), nodes.field_body("", *body), classes=list(classes)
    )


#: A text field's label (as the entry shows it) -> the record's attribute.
_ATTRIBUTE_BY_LABEL = {label: attribute for attribute, label in TEXT_FIELDS.items()}


def plain_text(blocks: Sequence[nodes.Node]) -> str:
    """Blocks as plain text for the exports: each paragraph on a line of its own, each list item
    starting with a bullet (not ``-``, which a spreadsheet takes for a formula), the spaces
    inside a paragraph collapsed."""
    lines: list[str] = []

    def walk(node: nodes.Node, bullet: str) -> None:
        if isinstance(node, nodes.list_item):
            for index, child in enumerate(node.children):
                walk(child, "\N{BULLET} " if index == 0 else "")
        elif isinstance(node, nodes.TextElement):
            text = " ".join(node.astext().split())
            if text:
                lines.append(bullet + text)
        elif isinstance(node, nodes.Element):
            for child in node.children:
                walk(child, bullet)
                bullet = ""
        elif text := " ".join(node.astext().split()):
            lines.append(bullet + text)

    for block in blocks:
        walk(block, "")
    return "\n".join(lines)


def hazard_record(entry: nodes.Element, docname: str) -> HazardRecord | None:
    """The record of a hazard entry, or ``None`` when it stays off the log.

    Only a hazard without a valid ID, or marked ``:no-index:``, stays off: whatever else its
    author got wrong was warned about and is left empty, and the hazard is still listed.
    """
    if entry.get("no_index") or not entry.get("key"):
        return None
    texts = dict.fromkeys(TEXT_FIELDS, "")
    for child in entry.children:
        classes: list[str] = child.get("classes", []) if isinstance(child, nodes.Element) else []
        if "nhs-hazard-body" in classes:
            texts["description"] = plain_text(child.children)
        elif "nhs-hazard-fields" in classes:
            by_field: dict[str, list[str]] = {}
            for field in child.children:
                field = cast("nodes.field", field)  # the entry's fields (HazardDirective._body)
                attribute = _ATTRIBUTE_BY_LABEL[field[0].astext()]
                by_field.setdefault(attribute, []).append(plain_text(field[1].children))
            texts.update({attribute: "\n".join(parts) for attribute, parts in by_field.items()})
    return HazardRecord(
        key=entry["key"],
        id=entry["hazard_id"],
        title=entry.get("title", ""),
        docname=docname,
        # Without an anchor of its own (its ID is taken on the page), it links to what has it.
        anchor=entry["ids"][0] if entry["ids"] else entry["key"].lower(),
        lineno=entry.line or 0,
        status=entry["status"],
        owner=entry.get("owner", ""),
        initial_severity=entry["initial_severity"],
        initial_likelihood=entry["initial_likelihood"],
        initial_rating=entry["initial_rating"],
        residual_severity=entry["residual_severity"],
        residual_likelihood=entry["residual_likelihood"],
        residual_rating=entry["residual_rating"],
        standards=tuple(entry.get("standards", ())),
        **texts,
    )


def hazard_shown(record: HazardRecord) -> tuple[object, ...]:
    """What the log, the matrices and ``hazards.json`` show of a hazard: all but its line."""
    return (*record[:5], *record[6:])


class HazardRole(EntryRole):
    """``{hazard}`HAZ-001``` or ``{hazard}`text <haz-001>```: a link to a hazard's entry."""

    kind = HAZARD


class HazardDirective(EntryDirective):
    """Declare a hazard: ``:::{hazard} HAZ-001``."""

    kind = HAZARD
    role = HazardRole
    node = hazard_entry

    option_spec: ClassVar[OptionSpec] = {
        "title": directives.unchanged,
        "severity": directives.unchanged,
        "likelihood": directives.unchanged,
        "residual-severity": directives.unchanged,
        "residual-likelihood": directives.unchanged,
        "status": directives.unchanged,
        "owner": directives.unchanged,
        "standards": directives.unchanged,
        "class": directives.class_option,
        # Rendered, but kept out of the site's log (for examples, as Sphinx's :no-index:).
        "no-index": directives.flag,
    }

    @staticmethod
    def record(entry: nodes.Element, docname: str) -> HazardRecord | None:
        return hazard_record(entry, docname)

    @staticmethod
    def shown(record: HazardRecord) -> tuple[object, ...]:
        return hazard_shown(record)

    def run(self) -> list[nodes.Node]:
        hazard_id = self.read_id()
        name = self.name
        title = self.required_text_option("title")
        matrix = risk_matrix(self.env, settings(self.config).risk_matrix)
        risk = assess_hazard(self.options, matrix)
        for problem in risk.problems:
            self.warn_problem(problem)
        owner = " ".join(self.options.get("owner", "").split())
        # Legal text is read as written: a control that reorders it is pointed out, as it is in
        # standard entries and mandatory notes.
        self.warn_bidi_options("title", "owner")
        standards = self._standards(name)
        initial, residual = risk.initial, risk.residual

        entry = hazard_entry(
            hazard_id=hazard_id.id if hazard_id else "",
            key=hazard_id.key if hazard_id else "",
            title=title,
            status=risk.status,
            owner=owner,
            initial_severity=initial.severity if initial else "",
            initial_likelihood=initial.likelihood if initial else "",
            initial_rating=initial.rating if initial else 0,
            residual_severity=residual.severity if residual else "",
            residual_likelihood=residual.likelihood if residual else "",
            residual_rating=residual.rating if residual else 0,
            standards=tuple(key for key, _ in standards),
            no_index="no-index" in self.options,
            classes=["nhs-hazard", *self.options.get("class", [])],
        )
        self.set_source_info(entry)
        if hazard_id is not None:
            self.claim_anchor(entry, hazard_id.anchor)

        entry += self._heading(hazard_id, title)
        entry += self._facts(risk.status, owner, initial, residual, standards, matrix)
        description, fields = self._body(name)
        if description:
            body = nodes.container("", *description, classes=["nhs-hazard-body"])
            self.set_source_info(body)
            entry += body
        if fields:
            entry += fields
        for part in entry.children[2:]:  # the description and the fields, after heading and facts
            warn_bidi_controls(cast("nodes.Element", part), f"{name}: the text")
        neutralise(entry, "hazard")
        return [entry]

    # -- options ------------------------------------------------------------------------------

    def _standards(self, name: str) -> list[tuple[str, str]]:
        """The standards of ``:standards:`` as ``(key, id)``, in order, each once."""
        found: dict[str, str] = {}
        for item in self.options.get("standards", "").split(","):
            if not item.strip():
                continue
            parsed = STANDARD_IDS.parse(item)
            # "XYZ0001 XYZ0002": IDs separated by spaces only, without an amendment.
            parts = [parsed] if parsed else [STANDARD_IDS.parse(part) for part in item.split()]
            ids = [std_id for std_id in parts if std_id is not None]
            if len(ids) != len(parts) or not ids:
                warn(
                    Subtype.BAD_ID,
                    f"{name}: :standards: {excerpt(item.strip())} is not a standard ID: "
                    "expected IDs separated by commas (e.g. 'DCB0129, DCB0160')",
                    self.option_location("standards"),
                )
                continue
            for std_id in ids:
                found.setdefault(std_id.key, std_id.display)
        return list(found.items())

    # -- what the entry shows -----------------------------------------------------------------

    def _heading(self, hazard_id: EntryId | None, title: str) -> hazard_heading:
        heading = hazard_heading()
        self.set_source_info(heading)
        if hazard_id is not None:
            heading += nodes.inline("", hazard_id.id, classes=["nhs-hazard-id"])
        if hazard_id is not None and title:
            heading += nodes.Text(" \N{EN DASH} ")
        if title:
            heading += nodes.inline(
                "", title, classes=["nhs-hazard-title"], support_smartquotes=False
            )
        return heading

    def _facts(
        self,
        status: str,
        owner: str,
        initial: Assessment | None,
        residual: Assessment | None,
        standards: list[tuple[str, str]],
        matrix: RiskMatrix,
    ) -> nodes.field_list:
        facts = nodes.field_list(classes=["nhs-hazard-facts"])
        for label, assessment in (("Initial risk", initial), ("Residual risk", residual)):
            classes = ["nhs-risk", f"nhs-risk-{assessment.rating}" if assessment else "nhs-risk-0"]
            value = nodes.inline("", assessment_text(assessment, matrix), classes=classes)
            facts += _field(label, nodes.paragraph("", "", value))
        label = HAZARD_STATUSES[status]
        value = nodes.inline(
            "", label, classes=["nhs-hazard-status", f"nhs-hazard-status-{status}"]
        )
        facts += _field("Status", nodes.paragraph("", "", value))
        if owner:
            facts += _field("Owner", nodes.paragraph("", owner))
        if standards:
            para = nodes.paragraph()
            # Located at the option, so that an unknown standard is warned about there.
            source, line = self.get_source_info()[0], option_line(self, "standards")
            for index, (key, display) in enumerate(standards):
                if index:
                    para += nodes.Text(", ")
                ref = addnodes.pending_xref(
                    "",
                    nodes.inline("", display),
                    refdomain="nhs",
                    reftype="standard",
                    reftarget=key,
                    refexplicit=False,
                    refwarn=True,
                    refdoc=self.env.docname,
                )
                ref.source, ref.line = source, line
                para += ref
            facts += _field("Standards", para)
        return facts

    def _body(self, name: str) -> tuple[list[nodes.Node], nodes.field_list | None]:
        """The description (every block but the recognised fields) and the fields, in the
        order of a hazard log."""
        description: list[nodes.Node] = []
        given: dict[str, list[nodes.field_body]] = {}
        for block in self.parse_content_to_nodes():
            if isinstance(block, nodes.field_list):
                kept = [f for f in block.children if not self._take(f, given, name)]
                if kept:
                    block.children = []
                    block.extend(kept)
                    description.append(block)
                continue
            match = FIELD_LIKE.match(block.astext()) if isinstance(block, nodes.paragraph) else None
            if match and parse_text_field(match[1]) is not None:
                warn(
                    Subtype.HAZARD_FIELD,
                    f"{name}: the field :{match[1]}: is read as text: hazard fields need "
                    'MyST\'s fieldlist extension (add "fieldlist" to myst_enable_extensions)',
                    block,
                )
            description.append(block)
        if not given:
            return description, None
        fields = nodes.field_list(classes=["nhs-hazard-fields"])
        for attribute in BODY_FIELDS:
            for body in given.get(attribute, []):
                fields += _field(TEXT_FIELDS[attribute], *body.children)
        return description, fields

    def _take(self, field: nodes.Node, given: dict[str, list[nodes.field_body]], name: str) -> bool:
        """File *field* under its text field and say so; warn when its name is no field's."""
        if not isinstance(field, nodes.field):
            return False
        label = field[0].astext()
        attribute = parse_text_field(label)
        if attribute is None:
            allowed = ", ".join(TEXT_FIELDS[a] for a in BODY_FIELDS)
            warn(
                Subtype.HAZARD_FIELD,
                f"{name}: {excerpt(label)} is not a field of a hazard: expected one of "
                f"{allowed}; it is shown as part of the description",
                field,
            )
            return False
        if attribute in given:
            warn(
                Subtype.HAZARD_FIELD,
                f"{name}: the field {TEXT_FIELDS[attribute]!r} is given twice; both are kept, "
                "in order",
                field,
            )
        given.setdefault(attribute, []).append(cast("nodes.field_body", field[1]))
        return True
