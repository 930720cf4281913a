"""The site-wide lists, rendered when each page that shows one is written.

The ``standard-list`` and ``mandatory-list`` directives leave placeholders; at
``doctree-resolved`` each is replaced with a table built from the registry as it is now (as
Sphinx's ``todolist`` is), linked to where each entry stands.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.errors import NoUri
from sphinx.util.nodes import make_refnode

from nhs_assurance.core.gc_pause import collector_paused
from nhs_assurance.core.ids import STATUSES
from nhs_assurance.nodes import mandatory_list, standard_list
from nhs_assurance.registry.domain import nhs_domain
from nhs_assurance.registry.tables import Cell, bullet_list, list_table_columns, table

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from nhs_assurance.registry.domain import NhsDomain
    from nhs_assurance.registry.records import MandatoryRecord, Paragraph, StandardRecord


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

    def _mandatory_row(self, note: MandatoryRecord) -> list[Cell]:
        title = nodes.paragraph("", "", nodes.strong(note.title, note.title))
        requirement = [title, *(self._paragraph(paragraph) for paragraph in note.paragraphs)]
        where = self.link(
            note.docname, note.anchor, nodes.inline("", self.page_title(note.docname))
        )
        return [requirement, where]

    def _paragraph(self, paragraph: Paragraph) -> nodes.paragraph:
        para = nodes.paragraph()
        standards = self.domain.standards()
        for kind, *values in paragraph:
            if kind == "standard":
                key, text = values
                record = standards.get(key)
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
    placeholders = list(doctree.findall(lambda n: isinstance(n, standard_list | mandatory_list)))
    if not placeholders:
        return
    renderer = ListRenderer(app, nhs_domain(app.env), docname)
    # A table of thousands of rows is thousands of nodes: see core/gc_pause for why it is paused.
    with collector_paused():
        for node in placeholders:
            if isinstance(node, standard_list):
                node.replace_self(renderer.standards_table(node))
            else:
                node.replace_self(renderer.mandatory_table(node))


def setup_render(app: Sphinx) -> None:
    """Render the lists on every page that shows one, as it is written."""
    app.connect("doctree-resolved", render_lists)
