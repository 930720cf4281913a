"""The site-wide lists, rendered when each page that shows one is written.

The ``standard-list``, ``mandatory-list`` and ``hazard-log`` directives leave placeholders; at
``doctree-resolved`` each is replaced with a table built from the registry as it is now (as
Sphinx's ``todolist`` is), linked to where each entry stands.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, cast

from docutils import nodes
from sphinx.errors import NoUri
from sphinx.util.nodes import make_refnode
from sphinx.util.osutil import relative_uri

from nhs_assurance.config import settings
from nhs_assurance.core.control import CONTROL_TYPES, OWNERS
from nhs_assurance.core.gc_pause import collector_paused, hold, release
from nhs_assurance.core.hazard import HAZARD_STATUSES
from nhs_assurance.core.hazard_export import hazard_json
from nhs_assurance.core.review import build_date
from nhs_assurance.core.safety_summary import summarise
from nhs_assurance.core.standard import STATUSES
from nhs_assurance.core.verification import VERIFICATION_LABELS
from nhs_assurance.nodes import (
    control_list,
    hazard_log,
    mandatory_list,
    safety_changes,
    safety_summary,
    standard_list,
)
from nhs_assurance.outputs import publishes_website
from nhs_assurance.registry import hazard_log as log
from nhs_assurance.registry import issued
from nhs_assurance.registry.approvals import approval_anchor, history
from nhs_assurance.registry.controls import evidence, exported_controls, verification_text
from nhs_assurance.registry.domain import nhs_domain
from nhs_assurance.registry.export import export_filename
from nhs_assurance.registry.kinds import KIND_BY_NAME
from nhs_assurance.registry.tables import Cell, bullet_list, list_table_columns, table
from nhs_assurance.state import risk_matrix

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from nhs_assurance.core.control import ControlRecord
    from nhs_assurance.core.entry import EntryRecord
    from nhs_assurance.core.standard import StandardRecord
    from nhs_assurance.registry.domain import NhsDomain
    from nhs_assurance.registry.records import MandatoryRecord, Paragraph


def page_title(env: BuildEnvironment, docname: str) -> str:
    """The title of *docname* as the lists show it (its name, for a page without a title)."""
    title = env.titles.get(docname)
    return title.astext() if title is not None else docname


class ListRenderer:
    """Builds the tables that replace the placeholders of one page being written."""

    def __init__(self, app: Sphinx, domain: NhsDomain, fromdocname: str) -> None:
        self.app = app
        self.domain = domain
        self.fromdocname = fromdocname

    def link(self, docname: str, anchor: str, content: nodes.Node) -> nodes.Node:
        """A link to *docname*#*anchor*, or just *content* where the builder has no URI."""
        try:
            return make_refnode(
                self.app.builder, self.fromdocname, docname, anchor or None, content
            )
        except NoUri:  # e.g. LaTeX, for a page outside the documents it builds
            return content

    def page_title(self, docname: str) -> str:
        return page_title(self.app.env, docname)

    def standards_table(self, node: standard_list) -> list[nodes.Node]:
        statuses = set(node["statuses"])
        records = [
            r for r in self.domain.sorted_standards() if not statuses or r.status in statuses
        ]
        if not records:
            which = f" with the status {' or '.join(sorted(statuses))}" if statuses else ""
            return [nodes.paragraph("", f"No standards{which} are declared on this site.")]
        header = ("ID", "Title", "Status", "Applies to", "Page")
        rows = [self._standard_row(record) for record in records]
        classes = ["nhs-standard-list", *node["classes"]]
        return self.tabulate(node, header, rows, (14, 36, 16, 20, 14), classes)

    def _standard_row(self, record: StandardRecord) -> list[Cell]:
        id_text = nodes.inline(record.display, record.display, classes=["nhs-standard-id"])
        return [
            self.link(record.docname, record.anchor, id_text),
            nodes.Text(record.title),
            nodes.Text(STATUSES.get(record.status, "")),
            nodes.Text(record.applies_to),
            self.link(record.docname, "", nodes.inline("", self.page_title(record.docname))),
        ]

    def mandatory_table(self, node: mandatory_list) -> list[nodes.Node]:
        notes = self.domain.sorted_mandatory_notes()
        if not notes:
            return [nodes.paragraph("", "No mandatory notes are declared on this site.")]
        rows = [self._mandatory_row(note) for note in notes]
        header = ("Requirement", "Where it stands")
        classes = ["nhs-mandatory-list", *node["classes"]]
        return self.tabulate(node, header, rows, (75, 25), classes)

    def tabulate(
        self,
        placeholder: nodes.Element,
        header: tuple[str, ...],
        rows: list[list[Cell]],
        widths: tuple[int, ...],
        classes: list[str],
        *,
        caption: str = "",
        row_headers: bool = False,
    ) -> list[nodes.Node]:
        """The rows as a table that fits where the list stands (``tables.table``: *caption*
        titles it, *row_headers* makes each row's first cell its header).

        In the page's main flow the table may break across PDF pages (LaTeX ``longtable``,
        header repeated); inside a box or a list it may not, as LaTeX cannot break a table
        there. LaTeX cannot put a table inside a table at all, so there it becomes a list.
        """
        latex = self.app.builder.format == "latex"
        if latex and any(isinstance(a, nodes.table) for a in _ancestors(placeholder)):
            return [bullet_list(header, rows, classes)]
        top_level = isinstance(placeholder.parent, nodes.section | nodes.document)
        result = table(
            header,
            rows,
            widths,
            [*classes, "longtable"] if top_level else classes,
            caption=caption,
            row_headers=row_headers,
        )
        return [list_table_columns(widths), result] if latex else [result]

    def hazard_tables(self, node: hazard_log) -> list[nodes.Node]:
        """The log (filtered by status), the initial and residual matrices, the legend and, in
        HTML, the links to the exports."""
        statuses = set(node["statuses"])
        hazards = [r for r in self.domain.sorted_hazards() if not statuses or r.status in statuses]
        matrix = risk_matrix(self.app.env, settings(self.app.config).risk_matrix)
        classes = list(node["classes"])
        html = self.app.builder.format == "html"
        result: list[nodes.Node] = []
        if hazards:
            rows = log.log_rows(hazards, matrix, self.link, self.page_title)
            result += self.tabulate(
                node, log.LOG_HEADER, rows, log.LOG_WIDTHS, ["nhs-hazard-log", *classes]
            )
        else:
            which = f" with the status {' or '.join(sorted(statuses))}" if statuses else ""
            result.append(nodes.paragraph("", f"No hazards{which} are declared on this site."))
        latex = self.app.builder.format == "latex"
        for residual in (False, True):
            if latex:
                result.append(list_table_columns(log.MATRIX_WIDTHS))
            result.append(
                log.matrix_table(
                    hazards, matrix, residual=residual, hidden_meanings=html, classes=classes
                )
            )
            if (missing := log.not_counted(hazards, residual=residual, link=self.link)) is not None:
                result.append(missing)
        if latex:
            result.append(list_table_columns((15, 85)))
        result.append(log.legend_table(matrix, classes))
        # The exports are downloads of the web site, written only there, and only when the site
        # declares a hazard (registry/export.py).
        if publishes_website(self.app.builder) and self.domain.sorted_hazards():
            page = self.app.builder.get_target_uri(self.fromdocname)
            config = self.app.config
            result.append(
                log.downloads(
                    lambda name: relative_uri(page, name),
                    lambda name: export_filename(config, name),
                )
            )
        return result

    def control_table(self, node: control_list) -> list[nodes.Node]:
        """Every control by ID: its title, type, owner, verification and the hazards that name
        it, each linked."""
        controls = cast("list[ControlRecord]", self.domain.sorted_entries("control"))
        if not controls:
            return [nodes.paragraph("", "No controls are declared on this site.")]
        found = evidence(self.app)
        hazards = self.domain.hazards()
        rows: list[list[Cell]] = []
        for record in controls:
            id_text = nodes.inline(record.id, record.id, classes=["nhs-control-id"])
            para = nodes.paragraph()
            for index, hazard_id in enumerate(found.hazards.get(record.key, ())):
                if index:
                    para += nodes.Text(", ")
                hazard = hazards[hazard_id.upper()]
                para += self.link(hazard.docname, hazard.anchor, nodes.inline("", hazard.id))
            rows.append(
                [
                    self.link(record.docname, record.anchor, id_text),
                    nodes.Text(record.title or "(no title)"),
                    nodes.Text(CONTROL_TYPES.get(record.type, "Not given")),
                    nodes.Text(OWNERS[record.owner]),
                    verification_text(self.app, record.verified_by),
                    para if para.children else nodes.Text("None"),
                ]
            )
        header = ("ID", "Title", "Type", "Owner", "Verification", "Hazards")
        classes = ["nhs-control-list", *node["classes"]]
        return self.tabulate(node, header, rows, (10, 26, 12, 12, 22, 18), classes)

    def summary_blocks(self, node: safety_summary) -> list[nodes.Node]:
        """The safety file in figures: hazards by status and residual rating, controls by
        verification, what stands in the way of issuing this version, and what the deploying
        organisation (DCB0160) takes on."""
        page_uri = self.app.builder.get_target_uri
        hazards = [hazard_json(record, page_uri) for record in self.domain.sorted_hazards()]
        rows = history(self.app)
        summary = summarise(hazards, exported_controls(self.app), build_date(os.environ)[0], rows)
        hazard_records: Mapping[str, EntryRecord] = self.domain.hazards()
        control_records = self.domain.entries("control")

        def linked(ids: tuple[str, ...], records: Mapping[str, EntryRecord]) -> nodes.Node:
            para = nodes.paragraph()
            for index, entry_id in enumerate(ids):
                if index:
                    para += nodes.Text(", ")
                record = records[entry_id.upper()]
                para += self.link(record.docname, record.anchor, nodes.inline("", entry_id))
            return para if ids else nodes.paragraph("", "None.")

        def counts(title: str, items: list[tuple[str, int]]) -> list[nodes.Node]:
            listed = nodes.bullet_list()
            for label, count in items:
                listed += nodes.list_item("", nodes.paragraph("", f"{label}: {count}"))
            return [nodes.rubric("", title), listed]

        statuses = [(HAZARD_STATUSES[k], n) for k, n in summary.hazards_by_status.items()]
        ratings = [
            (f"Rating {rating}" if rating else "No residual assessment", count)
            for rating, count in summary.hazards_by_residual.items()
        ]
        states = [
            (VERIFICATION_LABELS[state].split(":")[0], count)
            for state, count in summary.controls_by_verification.items()
        ]
        blocks: list[nodes.Node] = [
            *counts("Hazards by status", statuses),
            *counts("Hazards by residual risk rating", ratings),
            *counts("Controls by verification", states),
            nodes.rubric("", "Before this version is issued"),
        ]
        obstacles: list[tuple[str, tuple[str, ...], Mapping[str, EntryRecord]]] = [
            ("Hazards whose review is overdue", summary.overdue_reviews, hazard_records),
            ("Controls whose tests failed", summary.failed_controls, control_records),
            ("Controls whose test results are missing", summary.missing_controls, control_records),
            (
                "Closed hazards relying on controls that are not verified",
                summary.closed_unverified,
                hazard_records,
            ),
        ]
        stale: list[nodes.Node] = []
        if (row := summary.stale_approval) is not None:
            approval = row.approval
            when = approval.date.isoformat() if approval.date else ""
            text = f"Version {approval.version}, approved on {when}"
            anchor = approval_anchor(self.app.env, approval)
            where = self.link(approval.order[0], anchor, nodes.inline(text, text))
            stale = [nodes.paragraph("", "", where, nodes.Text(": changed since approval"))]
        if summary.ready_to_issue:
            blocks.append(nodes.paragraph("", "Nothing stands in the way of issuing this version."))
        else:
            listed = nodes.definition_list()
            for label, ids, records in obstacles:
                if ids:
                    listed += nodes.definition_list_item(
                        "", nodes.term("", label), nodes.definition("", linked(ids, records))
                    )
            if stale:
                listed += nodes.definition_list_item(
                    "",
                    nodes.term("", "The latest approval is not of the current safety content"),
                    nodes.definition("", *stale),
                )
            blocks.append(listed)
        blocks.append(nodes.rubric("", "For the deploying organisation (DCB0160)"))
        deployer = nodes.definition_list()
        for label, ids, records in (
            ("Transferred hazards", summary.transferred_hazards, hazard_records),
            (
                "Controls the deploying organisation puts in place",
                summary.deployer_controls,
                control_records,
            ),
        ):
            deployer += nodes.definition_list_item(
                "", nodes.term("", label), nodes.definition("", linked(ids, records))
            )
        blocks.append(deployer)
        return [nodes.container("", *blocks, classes=["nhs-safety-summary", *node["classes"]])]

    def changes_blocks(self, node: safety_changes) -> list[nodes.Node]:
        """What changed since the baseline (``issued.py``): a sentence, and a table of every
        change field by field; or a sentence saying why there is nothing to compare."""
        classes = ["nhs-safety-changes", *node["classes"]]
        found = issued.changes_since(self.app)
        if isinstance(found, str):
            return [nodes.paragraph("", found, classes=classes)]
        changes = self.tabulate(
            node,
            issued.HEADER,
            issued.change_rows(found.changes, self.domain, self.link),
            issued.WIDTHS,
            classes,
            caption=found.caption,
            row_headers=True,
        )
        return [
            nodes.paragraph("", found.summary, classes=["nhs-safety-changes-summary"]),
            *changes,
        ]

    def _mandatory_row(self, note: MandatoryRecord) -> list[Cell]:
        title = nodes.paragraph("", "", nodes.strong(note.title, note.title))
        requirement: list[nodes.Node] = [
            title,
            *(self._paragraph(paragraph) for paragraph in note.paragraphs),
        ]
        where = self.link(
            note.docname, note.anchor, nodes.inline("", self.page_title(note.docname))
        )
        return [requirement, where]

    def _paragraph(self, paragraph: Paragraph) -> nodes.paragraph:
        para = nodes.paragraph()
        for kind, *values in paragraph:
            if kind in KIND_BY_NAME:
                key, text = values
                record = self.domain.entries(kind).get(key)
                content = nodes.inline(text, text)
                para += self.link(record.docname, record.anchor, content) if record else content
            elif kind == "link":
                url, text = values
                para += nodes.reference(text, text, refuri=url)
            elif kind in ("strong", "emphasis", "literal"):
                para += getattr(nodes, kind)(values[0], values[0])
            else:
                para += nodes.Text(values[0])
        return para


def _ancestors(node: nodes.Node) -> Iterator[nodes.Node]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def render_lists(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace each list placeholder of the page being written with its table."""
    release()  # a page before this one left the collector paused (its writing is over)
    placeholders = list(
        doctree.findall(
            lambda n: isinstance(
                n,
                standard_list
                | mandatory_list
                | hazard_log
                | control_list
                | safety_summary
                | safety_changes,
            )
        )
    )
    if not placeholders:
        return
    renderer = ListRenderer(app, nhs_domain(app.env), docname)
    # A table of thousands of rows is thousands of nodes: see core/gc_pause for why it is paused.
    with collector_paused():
        for node in placeholders:
            if isinstance(node, standard_list):
                node.replace_self(renderer.standards_table(node))
            elif isinstance(node, safety_summary):
                node.replace_self(renderer.summary_blocks(node))
            elif isinstance(node, control_list):
                node.replace_self(renderer.control_table(node))
            elif isinstance(node, hazard_log):
                tables = renderer.hazard_tables(node)
                name_captioned_tables(doctree, tables)
                node.replace_self(tables)
            elif isinstance(node, mandatory_list):
                node.replace_self(renderer.mandatory_table(node))
            elif isinstance(node, safety_changes):
                blocks = renderer.changes_blocks(node)
                name_captioned_tables(doctree, blocks)
                node.replace_self(blocks)
    # And while Sphinx indexes and translates the page, until it is written (core/gc_pause).
    hold()


def name_captioned_tables(doctree: nodes.document, blocks: list[nodes.Node]) -> None:
    """Give each captioned table among *blocks* an ID of its own on the page, made from its
    caption (``initial-risk``, ``initial-risk-2`` for a second log): a caption needs a target."""
    for block in blocks:
        if not isinstance(block, nodes.table) or not isinstance(block[0], nodes.title):
            continue
        base = nodes.make_id(block[0].astext().split(":")[0])
        node_id, number = base, 1
        while node_id in doctree.ids:
            number += 1
            node_id = f"{base}-{number}"
        block["ids"].append(node_id)
        doctree.ids[node_id] = block


def setup_render(app: Sphinx) -> None:
    """Render the lists on every page that shows one, as it is written."""
    app.connect("doctree-resolved", render_lists)
    app.connect("html-page-context", lambda *_args: release())
    app.connect("build-finished", lambda *_args: release())
