"""HTML visitors for the extension's nodes.

Everything an author wrote reaches the page through docutils' own text visitors or
``starttag``, both of which escape it; nothing here writes author text into markup itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator

    from nhs_assurance.nodes import (
        hazard_entry,
        hazard_heading,
        mandatory_node,
        standard_entry,
        standard_heading,
    )


def heading_level(node: nodes.Node) -> int:
    """The HTML heading level for a heading-like node: one below its enclosing section.

    The page title is level 1, so an entry under a level-2 section is an ``<h3>``, which keeps
    the page's heading outline in order for screen-reader users. Clamped to 2..6.
    """
    depth = 0
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section):
            depth += 1
        parent = parent.parent
    return min(max(depth + 1, 2), 6)


def visit_standard_entry(self: HTML5Translator, node: standard_entry) -> None:
    self.body.append(self.starttag(node, "div"))


def depart_standard_entry(self: HTML5Translator, node: standard_entry) -> None:
    self.body.append("</div>\n")


def _open_heading(self: HTML5Translator, node: nodes.Element, css_class: str) -> None:
    level = heading_level(node)
    self.body.append(self.starttag(node, f"h{level}", "", CLASS=css_class))
    self.context.append(f"</h{level}>\n")


def _close_heading(self: HTML5Translator, node: nodes.Element, permalink_title: str) -> None:
    self.add_permalink_ref(node.parent, permalink_title)
    self.body.append(self.context.pop())


def visit_standard_heading(self: HTML5Translator, node: standard_heading) -> None:
    _open_heading(self, node, "nhs-standard-heading")


def depart_standard_heading(self: HTML5Translator, node: standard_heading) -> None:
    _close_heading(self, node, "Link to this standard")


def visit_hazard_entry(self: HTML5Translator, node: hazard_entry) -> None:
    self.body.append(self.starttag(node, "div"))


def depart_hazard_entry(self: HTML5Translator, node: hazard_entry) -> None:
    self.body.append("</div>\n")


def visit_hazard_heading(self: HTML5Translator, node: hazard_heading) -> None:
    _open_heading(self, node, "nhs-hazard-heading")


def depart_hazard_heading(self: HTML5Translator, node: hazard_heading) -> None:
    _close_heading(self, node, "Link to this hazard")


def visit_mandatory(self: HTML5Translator, node: mandatory_node) -> None:
    # The title names the region, so a screen reader announces "Mandatory" (or the author's
    # title) as it enters the note; the ID of the note is reproducible, so is the title's.
    title_id = f"{node['ids'][0]}-title"
    title = node[0]  # always its title (see MandatoryDirective)
    if title_id not in title["ids"]:
        title["ids"].append(title_id)
    attributes = {"role": "note", "aria-labelledby": title_id}
    self.body.append(self.starttag(node, "div", CLASS="admonition", **attributes))


def depart_mandatory(self: HTML5Translator, node: mandatory_node) -> None:
    self.body.append("</div>\n")
