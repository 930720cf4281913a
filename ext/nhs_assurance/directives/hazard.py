"""The ``hazard`` directive: one entry of the clinical hazard log (DCB0129, DCB0160).

The options carry the facts the log tabulates (title, the initial and residual severity and
likelihood, status, owner, the standards it concerns); the ratings come from the configured
risk matrix (``core/risk.py``), never typed by hand. The body's free text is the description;
a field list in it holds the six texts of a hazard log entry (``:Causes:``, ``:Effect:``,
``:Harm:``, ``:Existing controls:``, ``:Additional controls:``, ``:Evidence:``; see
``core/hazard_record.py`` for why a field list). The entry carries the anchor ``#`` + the ID in
lower case, as standards do.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from nhs_assurance.config import settings
from nhs_assurance.core.excerpt import excerpt
from nhs_assurance.core.hazard_record import BODY_FIELDS, TEXT_FIELDS, parse_text_field
from nhs_assurance.core.ids import parse_standard_id
from nhs_assurance.core.risk import (
    HAZARD_STATUSES,
    Assessment,
    HazardId,
    RiskMatrix,
    assess_hazard,
    check_hazard_id,
    parse_hazard_id,
)
from nhs_assurance.core.text import bidi_controls, is_blank
from nhs_assurance.diagnostics import Subtype, warn
from nhs_assurance.directives.options import option_line, option_location, warn_repeated_options
from nhs_assurance.directives.safety import bidi_message, neutralise, warn_bidi_controls
from nhs_assurance.nodes import hazard_entry, hazard_heading
from nhs_assurance.state import risk_matrix

if TYPE_CHECKING:
    from sphinx.util.typing import OptionSpec

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


class HazardDirective(SphinxDirective):
    """Declare a hazard: ``:::{hazard} HAZ-001``."""

    has_content = True
    # The ID is checked here, so that a missing one gets a warning of our own type.
    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
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

    def run(self) -> list[nodes.Node]:
        warn_repeated_options(self, "hazard")
        text = self.arguments[0] if self.arguments else ""
        hazard_id = parse_hazard_id(text)
        name = f"hazard {hazard_id.id}" if hazard_id else "hazard"
        if (problem := check_hazard_id(text)) is not None:
            warn(Subtype(problem.subtype), f"{name}: {problem.message}", self.get_location())
        title = " ".join(self.options.get("title", "").split())
        if is_blank(title):  # invisible characters only: a reader sees no title
            title = ""
        if not title:
            state = "empty" if "title" in self.options else "missing"
            warn(
                Subtype.MISSING_OPTION, f"{name}: the :title: option is {state}", self._at("title")
            )
        matrix = risk_matrix(self.env, settings(self.config).risk_matrix)
        risk = assess_hazard(self.options, matrix)
        for problem in risk.problems:
            where = self._at(problem.option) if problem.option else self.get_location()
            warn(Subtype(problem.subtype), f"{name}: {problem.message}", where)
        owner = " ".join(self.options.get("owner", "").split())
        # Legal text is read as written: a control that reorders it is pointed out, as it is in
        # standard entries and mandatory notes.
        for option in ("title", "owner"):
            if controls := bidi_controls(self.options.get(option, "")):
                warn(
                    Subtype.HIDDEN_CHARACTER,
                    bidi_message(f"{name}: :{option}:", controls),
                    self._at(option),
                )
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
        # A second entry with the same ID on one page keeps no anchor of its own; the registry
        # warns about the duplicate.
        if hazard_id is not None and hazard_id.anchor not in self.state.document.ids:
            entry["ids"].append(hazard_id.anchor)
            self.state.document.set_id(entry)

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

    def _at(self, option: str) -> str:
        return option_location(self, option_line(self, option))

    def _standards(self, name: str) -> list[tuple[str, str]]:
        """The standards of ``:standards:`` as ``(key, id)``, in order, each once."""
        found: dict[str, str] = {}
        for item in self.options.get("standards", "").split(","):
            if not item.strip():
                continue
            parsed = parse_standard_id(item)
            # "XYZ0001 XYZ0002": IDs separated by spaces only, without an amendment.
            parts = [parsed] if parsed else [parse_standard_id(part) for part in item.split()]
            ids = [std_id for std_id in parts if std_id is not None]
            if len(ids) != len(parts) or not ids:
                warn(
                    Subtype.BAD_ID,
                    f"{name}: :standards: {excerpt(item.strip())} is not a standard ID: "
                    "expected IDs separated by commas (e.g. 'DCB0129, DCB0160')",
                    self._at("standards"),
                )
                continue
            for std_id in ids:
                found.setdefault(std_id.key, std_id.display)
        return list(found.items())

    # -- what the entry shows -----------------------------------------------------------------

    def _heading(self, hazard_id: HazardId | None, title: str) -> hazard_heading:
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
