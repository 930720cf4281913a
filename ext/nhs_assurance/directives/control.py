"""The ``control`` directive: one control of the clinical safety file (issue 19), which hazards
name among their existing or additional controls.

The options carry what the hazard log's "Controls" sheet tabulates: the title, the type
(``design``, ``training`` or ``business-process``), the owner (``manufacturer`` or
``deployer``) and what verifies it (``:verified-by:``: test IDs in pytest's form, or references
to evidence). The body describes it. Its verification follows the test results of each build
(``registry/controls.py``), so the entry holds a placeholder for it, filled in when the page is
written.

The ``{control}`` role and the record the registry keeps of a control live here too: a kind of
entry is one module per layer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from nhs_assurance.core.control import (
    CONTROL,
    CONTROL_TYPES,
    OWNERS,
    ControlRecord,
    read_control_options,
)
from nhs_assurance.core.verification import split_verified_by
from nhs_assurance.directives.entry import EntryDirective, EntryRole
from nhs_assurance.directives.hazard import plain_text
from nhs_assurance.directives.safety import neutralise, warn_bidi_controls
from nhs_assurance.nodes import control_entry, control_heading, control_verification

if TYPE_CHECKING:
    from sphinx.util.typing import OptionSpec

    from nhs_assurance.core.ids import EntryId


def control_record(entry: nodes.Element, docname: str) -> ControlRecord | None:
    """The record of a control entry, or ``None`` when it stays off the register (no valid ID,
    or ``:no-index:``)."""
    if entry.get("no_index") or not entry.get("key"):
        return None
    description = ""
    for child in entry.children:
        if isinstance(child, nodes.Element) and "nhs-control-body" in child["classes"]:
            description = plain_text(child.children)
    return ControlRecord(
        key=entry["key"],
        id=entry["control_id"],
        title=entry.get("title", ""),
        type=entry["control_type"],
        owner=entry["owner"],
        verified_by=tuple(entry["verified_by"]),
        description=description,
        docname=docname,
        # Without an anchor of its own (its ID is taken on the page), it links to what has it.
        anchor=entry["ids"][0] if entry["ids"] else entry["key"].lower(),
        lineno=entry.line or 0,
    )


def control_shown(record: ControlRecord) -> tuple[object, ...]:
    """What the control list, the hazards that name the control and ``hazards.json`` show of
    it: all but its line."""
    return tuple(value for field, value in record._asdict().items() if field != "lineno")


def _field(name: str, *body: nodes.Node) -> nodes.field:
    return nodes.field("", nodes.field_name("", name), nodes.field_body("", *body))


class ControlRole(EntryRole):
    """``{control}`CTL-001``` or ``{control}`text <ctl-001>```: a link to a control's entry."""

    kind = CONTROL


class ControlDirective(EntryDirective):
    """Declare a control: ``:::{control} CTL-001``."""

    kind = CONTROL
    role = ControlRole
    node = control_entry

    option_spec: ClassVar[OptionSpec] = {
        "title": directives.unchanged,
        "type": directives.unchanged,
        "owner": directives.unchanged,
        "verified-by": directives.unchanged,
        "class": directives.class_option,
        "no-index": directives.flag,
    }

    @staticmethod
    def record(entry: nodes.Element, docname: str) -> ControlRecord | None:
        return control_record(entry, docname)

    @staticmethod
    def shown(record: ControlRecord) -> tuple[object, ...]:
        return control_shown(record)

    def run(self) -> list[nodes.Node]:
        control_id = self.read_id()
        title = self.required_text_option("title")
        read = read_control_options(self.options)
        for problem in read.problems:
            self.warn_problem(problem.as_problem())
        self.warn_bidi_options("title", "verified-by")
        verified_by = tuple(split_verified_by(self.options.get("verified-by", "")))

        entry = control_entry(
            control_id=control_id.id if control_id else "",
            key=control_id.key if control_id else "",
            title=title,
            control_type=read.type or "",
            owner=read.owner,
            verified_by=verified_by,
            no_index="no-index" in self.options,
            classes=["nhs-control", *self.options.get("class", [])],
        )
        self.set_source_info(entry)
        if control_id is not None:
            self.claim_anchor(entry, control_id.anchor)
        entry += self._heading(control_id, title)
        entry += self._facts(entry, read.type, read.owner, verified_by)
        description = self.parse_content_to_nodes()
        if description:
            body = nodes.container("", *description, classes=["nhs-control-body"])
            self.set_source_info(body)
            warn_bidi_controls(body, f"{self.name}: the text")
            entry += body
        neutralise(entry, "control")
        return [entry]

    def _heading(self, control_id: EntryId | None, title: str) -> control_heading:
        heading = control_heading()
        self.set_source_info(heading)
        if control_id is not None:
            heading += nodes.inline("", control_id.id, classes=["nhs-control-id"])
        if control_id is not None and title:
            heading += nodes.Text(" \N{EN DASH} ")
        if title:
            heading += nodes.inline(
                "", title, classes=["nhs-control-title"], support_smartquotes=False
            )
        return heading

    def _facts(
        self,
        entry: control_entry,
        control_type: str | None,
        owner: str,
        verified_by: tuple[str, ...],
    ) -> nodes.field_list:
        facts = nodes.field_list(classes=["nhs-control-facts"])
        shown_type = CONTROL_TYPES[control_type] if control_type else "Not given"
        facts += _field("Type", nodes.paragraph("", shown_type))
        facts += _field("Owner", nodes.paragraph("", OWNERS[owner]))
        if verified_by:
            items = nodes.bullet_list()
            for item in verified_by:
                text = nodes.literal(item, item) if "::" in item else nodes.Text(item)
                items += nodes.list_item("", nodes.paragraph("", "", text))
            facts += _field("Verified by", items)
        state = control_verification(key=entry["key"], verified_by=verified_by)
        facts += _field("Verification", nodes.paragraph("", "", state))
        return facts
