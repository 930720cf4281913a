"""Visitors for the text, manual page and Texinfo builders.

These formats have no room for a styled box or a heading-like line, so the nodes are laid out
with each translator's own building blocks: an entry is a container, its heading a paragraph
and a mandatory note an admonition that starts with its title. What each format would
otherwise lose or garble is added here:

- text: the standard's URL after its heading (plain text has no links);
- man: paragraph spacing around an entry and its body (troff would run them together), the
  heading in bold, and the mandatory note as a titled, indented block rather than a subsection;
- Texinfo: the anchors of entries and notes where they stand (the writer would otherwise put
  them at the end of the file, where references to them would land).

Registering them explicitly keeps every builder free of "unknown node" messages.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes

from nhs_assurance._compat import man_bold, texinfo_anchor

#: The classes of the body of an entry (a standard's, a hazard's, a control's): the man page
#: spaces it.
BODY_CLASSES = frozenset(
    {"nhs-standard-body", "nhs-hazard-body", "nhs-hazard-fields", "nhs-control-body"}
)

# -- as the translator's own building blocks ---------------------------------------------------


def visit_as_container(self: Any, node: nodes.Element) -> None:
    """Write the node as a plain container."""
    self.visit_container(node)


def depart_as_container(self: Any, node: nodes.Element) -> None:
    """Close the container."""
    self.depart_container(node)


def visit_as_paragraph(self: Any, node: nodes.Element) -> None:
    """Write the node as a paragraph."""
    self.visit_paragraph(node)


def depart_as_paragraph(self: Any, node: nodes.Element) -> None:
    """Close the paragraph."""
    self.depart_paragraph(node)


def visit_as_admonition(self: Any, node: nodes.Element) -> None:
    """Write the node as an admonition that starts with its title ("Mandatory: ...")."""
    self.visit_admonition(node)


def depart_as_admonition(self: Any, node: nodes.Element) -> None:
    """Close the admonition."""
    self.depart_admonition(node)


# -- text -------------------------------------------------------------------------------------


def depart_text_heading(self: Any, node: nodes.Element) -> None:
    """End the heading with the standard's URL, the link a plain-text reader cannot follow."""
    url = node.parent.get("url", "") if node.parent is not None else ""
    if url:
        self.add_text(f" <{url}>")
    self.depart_paragraph(node)


# -- man --------------------------------------------------------------------------------------


def visit_man_entry(self: Any, node: nodes.Element) -> None:
    """Write the entry with vertical space before it and before its body.

    The man writer spaces a paragraph only when it is not the first child of its parent, and
    the heading and the body's first paragraph both are: without the ``.sp`` lines troff runs
    the heading into the previous entry and the body into the facts.
    """
    self.ensure_eol()
    self.body.append(".sp\n")
    for child in node.children:
        if isinstance(child, nodes.Element) and BODY_CLASSES.intersection(child["classes"]):
            self.ensure_eol()
            self.body.append(".sp\n")
        child.walkabout(self)
    raise nodes.SkipNode


def depart_man_entry(self: Any, node: nodes.Element) -> None:
    """Nothing: ``visit_man_entry`` writes the entry whole."""


def visit_man_heading(self: Any, node: nodes.Element) -> None:
    """The heading is a bold paragraph."""
    self.visit_paragraph(node)
    self.body.append(man_bold(self)[0])


def depart_man_heading(self: Any, node: nodes.Element) -> None:
    """Close the bold paragraph."""
    self.body.append(man_bold(self)[1])
    self.depart_paragraph(node)


def visit_man_admonition(self: Any, node: nodes.Element) -> None:
    """The note's title in bold, then its text indented, like the man page's own notes.

    The man writer would make the title of an admonition it does not know a subsection
    heading, which would read as a new section of the page.
    """
    self.ensure_eol()
    bold_on, bold_off = man_bold(self)
    self.body.append(".sp\n" + bold_on)
    title, *body = node.children  # a mandatory note's first child is its title
    for child in title.children:  # the title's text, escaped for troff by the writer
        child.walkabout(self)
    self.body.append(":" + bold_off + "\n")
    self.visit_block_quote(node)
    for child in body:
        child.walkabout(self)
    self.depart_block_quote(node)
    raise nodes.SkipNode


def depart_man_admonition(self: Any, node: nodes.Element) -> None:
    """Nothing: ``visit_man_admonition`` writes the note whole."""


# -- Texinfo ----------------------------------------------------------------------------------


def _add_anchors(self: Any, node: nodes.Element) -> None:
    self.body.append("\n")
    for node_id in node["ids"]:
        texinfo_anchor(self, node_id, node)


def visit_texinfo_container(self: Any, node: nodes.Element) -> None:
    """An entry is a container, with its anchors where it stands."""
    _add_anchors(self, node)
    self.visit_container(node)


def visit_texinfo_admonition(self: Any, node: nodes.Element) -> None:
    """A titled cartouche, with the note's anchors where it stands."""
    _add_anchors(self, node)
    self.visit_admonition(node)


TEXT_ENTRY = (visit_as_container, depart_as_container)
TEXT_HEADING = (visit_as_paragraph, depart_text_heading)
TEXT_ADMONITION = (visit_as_admonition, depart_as_admonition)
MAN_ENTRY = (visit_man_entry, depart_man_entry)
MAN_HEADING = (visit_man_heading, depart_man_heading)
MAN_ADMONITION = (visit_man_admonition, depart_man_admonition)
# Info shows the heading's URL itself, as a footnote.
TEXINFO_ENTRY = (visit_texinfo_container, depart_as_container)
TEXINFO_HEADING = (visit_as_paragraph, depart_as_paragraph)
TEXINFO_ADMONITION = (visit_texinfo_admonition, depart_as_admonition)
