"""HTML visitors for the extension's nodes.

Everything an author wrote reaches the page through docutils' own text visitors or
``starttag``, both of which escape it; nothing here writes author text into markup itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator

    from nhs_assurance.nodes import (
        hazard_entry,
        hazard_heading,
        mandatory_node,
        standard_entry,
        standard_heading,
        table_region,
    )

#: Read before a mandatory note's title, never shown: a screen reader announces what the note
#: is, as NHS.UK's warning callout does ("Important: Mandatory").
MANDATORY_PREFIX = "Important: "


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
    """Write the note as NHS.UK writes its warning callout: a plain box whose title is a real
    heading, one level below its section, starting with a visually hidden "Important: ".

    A screen reader announces the title once, as a heading ("heading level 3, Important:
    Mandatory"), and reaches the note by heading navigation; ``role="note"`` would have called a
    legal duty ancillary content. The box keeps its ID, which the compliance register links
    to, and the heading gets one derived from it.
    """
    self.body.append(self.starttag(node, "div", CLASS="admonition"))
    title = cast("nodes.Element", node[0])  # always its title (see MandatoryDirective)
    title_id = f"{node['ids'][0]}-title"
    if title_id not in title["ids"]:
        title["ids"].append(title_id)
    level = heading_level(node)
    self.body.append(self.starttag(title, f"h{level}", "", CLASS="admonition-title"))
    self.body.append(f'<span class="nhs-visually-hidden">{MANDATORY_PREFIX}</span>')
    for child in title.children:
        child.walkabout(self)
    self.body.append(f"</h{level}>\n")
    for child in node.children[1:]:
        child.walkabout(self)
    # The title and the body are written: the walker goes straight on to depart_mandatory.
    raise nodes.SkipChildren


def depart_mandatory(self: HTML5Translator, node: mandatory_node) -> None:
    self.body.append("</div>\n")


def visit_table_region(self: HTML5Translator, node: table_region) -> None:
    """Open a table's scrolling region: focusable, so a keyboard can scroll it, and named, so a
    screen reader announces which table it holds (axe: scrollable-region-focusable)."""
    attributes = {"role": "region", "tabindex": "0", "aria-label": node["label"]}
    self.body.append(self.starttag(node, "div", CLASS="container", **attributes))


def depart_table_region(self: HTML5Translator, node: table_region) -> None:
    self.body.append("</div>\n")
