"""How each builder lays out the extension's nodes: HTML, LaTeX (the PDF), text, man, Texinfo.

Every node is registered with a visitor for every builder the extension supports, so no
builder falls back to a generic layout or reports an "unknown node".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nhs_assurance import nodes
from nhs_assurance.writers import html, latex, plain

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_writers(app: Sphinx) -> None:
    """Register the extension's nodes with their visitors, and its LaTeX package."""
    app.add_node(
        nodes.standard_entry,
        html=(html.visit_standard_entry, html.depart_standard_entry),
        latex=latex.STANDARD_ENTRY,
        text=plain.TEXT_ENTRY,
        man=plain.MAN_ENTRY,
        texinfo=plain.TEXINFO_ENTRY,
    )
    app.add_node(
        nodes.standard_heading,
        html=(html.visit_standard_heading, html.depart_standard_heading),
        latex=latex.STANDARD_HEADING,
        text=plain.TEXT_HEADING,
        man=plain.MAN_HEADING,
        texinfo=plain.TEXINFO_HEADING,
    )
    app.add_node(
        nodes.mandatory_node,
        html=(html.visit_mandatory, html.depart_mandatory),
        latex=latex.MANDATORY,
        text=plain.TEXT_ADMONITION,
        man=plain.MAN_ADMONITION,
        texinfo=plain.TEXINFO_ADMONITION,
    )
    app.add_node(
        nodes.hazard_entry,
        html=(html.visit_hazard_entry, html.depart_hazard_entry),
        latex=latex.HAZARD_ENTRY,
        text=plain.TEXT_ENTRY,
        man=plain.MAN_ENTRY,
        texinfo=plain.TEXINFO_ENTRY,
    )
    app.add_node(
        nodes.hazard_heading,
        html=(html.visit_hazard_heading, html.depart_hazard_heading),
        latex=latex.HAZARD_HEADING,
        text=plain.TEXT_HEADING,
        man=plain.MAN_HEADING,
        texinfo=plain.TEXINFO_HEADING,
    )
    app.add_node(
        nodes.control_entry,
        html=(html.visit_control_entry, html.depart_control_entry),
        latex=latex.CONTROL_ENTRY,
        text=plain.TEXT_ENTRY,
        man=plain.MAN_ENTRY,
        texinfo=plain.TEXINFO_ENTRY,
    )
    app.add_node(
        nodes.control_heading,
        html=(html.visit_control_heading, html.depart_control_heading),
        latex=latex.CONTROL_HEADING,
        text=plain.TEXT_HEADING,
        man=plain.MAN_HEADING,
        texinfo=plain.TEXINFO_HEADING,
    )
    # Made for HTML builders only (theme/tables.py); any other builder writes its table as is.
    passthrough = (plain.visit_as_container, plain.depart_as_container)
    app.add_node(
        nodes.table_region,
        html=(html.visit_table_region, html.depart_table_region),
        latex=passthrough,
        text=passthrough,
        man=passthrough,
        texinfo=passthrough,
    )
    # Placeholders, replaced by tables before any builder sees them (registry/render.py).
    app.add_node(nodes.standard_list)
    app.add_node(nodes.mandatory_list)
    app.add_node(nodes.hazard_log)
    app.add_node(nodes.control_list)
    app.add_node(nodes.safety_summary)
    app.add_node(nodes.safety_changes)
    app.add_node(nodes.approval_block)
    app.add_node(nodes.control_verification)
    latex.setup_latex(app)
