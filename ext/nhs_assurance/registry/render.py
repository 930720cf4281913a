"""The site-wide lists, rendered when each page that shows one is written.

The ``standard-list``, ``mandatory-list`` and ``hazard-log`` directives leave placeholders; at
``doctree-resolved`` each is replaced with a table built from the registry as it is now (as
Sphinx's ``todolist`` is), linked to where each entry stands.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.errors import NoUri
from sphinx.util.nodes import make_refnode
from sphinx.util.osutil import relative_uri

from nhs_assurance.config import settings
from nhs_assurance.core.gc_pause import collector_paused
from nhs_assurance.core.standard import STATUSES
from nhs_assurance.nodes import hazard_log, mandatory_list, standard_list
from nhs_assurance.outputs import publishes_website
from nhs_assurance.registry import hazard_log as log
from nhs_assurance.registry.domain import nhs_domain
from nhs_assurance.registry.export import export_filename
from nhs_assurance.registry.kinds import KIND_BY_NAME
from nhs_assurance.registry.tables import Cell, bullet_list, list_table_columns, table
from nhs_assurance.state import risk_matrix

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

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
    ) -> list[nodes.Node]:
        """The rows as a table that fits where the list stands.

        In the page's main flow the table may break across PDF pages (LaTeX ``longtable``,
        header repeated); inside a box or a list it may not, as LaTeX cannot break a table
        there. LaTeX cannot put a table inside a table at all, so there it becomes a list.
        """
        latex = self.app.builder.format == "latex"
        if latex and any(isinstance(a, nodes.table) for a in _ancestors(placeholder)):
            return [bullet_list(header, rows, classes)]
        top_level = isinstance(placeholder.parent, nodes.section | nodes.document)
        result = table(header, rows, widths, [*classes, "longtable"] if top_level else classes)
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
    placeholders = list(
        doctree.findall(lambda n: isinstance(n, standard_list | mandatory_list | hazard_log))
    )
    if not placeholders:
        return
    renderer = ListRenderer(app, nhs_domain(app.env), docname)
    # A table of thousands of rows is thousands of nodes: see core/gc_pause for why it is paused.
    with collector_paused():
        for node in placeholders:
            if isinstance(node, standard_list):
                node.replace_self(renderer.standards_table(node))
            elif isinstance(node, hazard_log):
                tables = renderer.hazard_tables(node)
                name_captioned_tables(doctree, tables)
                node.replace_self(tables)
            elif isinstance(node, mandatory_list):
                node.replace_self(renderer.mandatory_table(node))


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
