"""The ``mandatory`` admonition: a legal requirement the reader must not miss.

It is a true admonition (``nodes.Admonition``), so every builder knows how to lay it out, with the
CSS class ``mandatory`` for its own look. In HTML its title is a heading with a visually hidden
"Important: " before it, as NHS.UK's warning callout has: screen readers announce "Important:
Mandatory" (or the author's title) once, and reach the note by heading navigation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from nhs_assurance.core.text import is_blank
from nhs_assurance.diagnostics import Subtype, warn
from nhs_assurance.directives.options import warn_repeated_options
from nhs_assurance.directives.safety import (
    has_visible_content,
    neutralise,
    warn_bidi_controls,
)
from nhs_assurance.nodes import mandatory_node

if TYPE_CHECKING:
    from sphinx.util.typing import OptionSpec

DEFAULT_TITLE = "Mandatory"


class MandatoryDirective(SphinxDirective):
    """``:::{mandatory} [title]``: a legal note, titled "Mandatory" unless a title is given."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[OptionSpec] = {
        "class": directives.class_option,
        "name": directives.unchanged,
        # Rendered, but kept out of the compliance register (for examples).
        "no-index": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        warn_repeated_options(self, "mandatory")
        if not "".join(self.content).strip():
            return self._empty("the note has no content")

        node = mandatory_node(
            classes=["mandatory", *self.options.get("class", [])],
            no_index="no-index" in self.options,
        )
        self.set_source_info(node)
        # Chosen before the body is parsed, so that a note keeps its anchor whatever it holds.
        anchor = self._new_id()
        body = self.parse_content_to_nodes()
        if not has_visible_content(body):
            # A comment, or zero-width spaces: published, the note would be an empty box and an
            # empty row of the compliance register.
            return self._empty("the note shows no text (only invisible characters or comments)")
        node["ids"].append(anchor)
        self.state.document.set_id(node)
        self.add_name(node)

        title_text = (self.arguments[0] if self.arguments else "").strip()
        if is_blank(title_text):
            title_text = DEFAULT_TITLE
        textnodes, messages = self.parse_inline(title_text, lineno=self.lineno)
        # The title is written on the directive's line; MyST numbers inline text one line on.
        for textnode in textnodes:
            for element in textnode.findall(nodes.Element):
                element.line = self.lineno
        title = nodes.title(title_text, "", *textnodes)
        self.set_source_info(title)
        node += title
        node += messages
        node += body
        neutralise(node, "mandatory")
        warn_bidi_controls(node, "mandatory: the text")
        return [node]

    def _empty(self, problem: str) -> list[nodes.Node]:
        warn(
            Subtype.EMPTY_MANDATORY,
            f"mandatory: {problem}; write the legal requirement inside it",
            self.get_location(),
        )
        return []

    def _new_id(self) -> str:
        """A page-unique, reproducible anchor, so the compliance register can link back here."""
        ids = self.state.document.ids
        while True:
            candidate = f"mandatory-{self.env.new_serialno('nhs-mandatory')}"
            if candidate not in ids:
                return candidate
