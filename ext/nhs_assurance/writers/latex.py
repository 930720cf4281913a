"""LaTeX (PDF) output: standard entries, mandatory notes and the site-wide tables in print.

- A standard entry is a PDF link target (the label Sphinx's writer gives ``docname:anchor``, so
  ``{standard}`` references and the table of standards link to it), then a heading-like line (the
  ID linked to the standard's URL, and its title), a small line with its status and who it
  applies to, then its body.
- A hazard entry is laid out as a standard entry, its facts (initial and residual risk, status,
  owner, standards) and its text fields (causes, effect, ...) as description lists.
- A mandatory note is a framed ``nhsmandatory`` box (``nhsassurance.sty``): distinct from a note,
  and never separated from its title by a page break.
- The tables of ``standard-list`` and ``mandatory-list`` are ``longtable`` (they may run over
  pages, their header repeated) and get their column widths, ragged right: the registry gives
  them a column spec (``registry/tables.py``) that ``\nhsraggedcell`` here sets.

Everything an author wrote reaches the ``.tex`` file through the translator's own escaping
(``encode`` and the visitors of the text nodes), never as raw LaTeX.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes

from nhs_assurance._compat import latex_enter_box, latex_leave_box, latex_target

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.latex import LaTeXTranslator

    from nhs_assurance.nodes import hazard_entry, mandatory_node, standard_entry, standard_heading

#: The LaTeX package of the extension, shipped in ``texinputs/`` as package data.
STY_NAME = "nhsassurance"
STY_PATH = Path(__file__).parent / "texinputs" / f"{STY_NAME}.sty"


def visit_standard_entry(self: LaTeXTranslator, node: standard_entry) -> None:
    """Write the whole entry: its link target, heading, facts line and body."""
    # The target comes first inside the environment, after its \needspace: a link then lands on
    # the page where the heading is, not at the foot of the page before.
    self.body.append(f"\n\\begin{{nhsstandard}}\n{latex_target(self, node)}\n")
    for child in node.children:
        if isinstance(child, nodes.field_list) and "nhs-standard-facts" in child["classes"]:
            self.body.append(facts_line(self, child))
        else:
            child.walkabout(self)
    self.body.append("\n\\end{nhsstandard}\n")
    # The children were written above; the facts must not be written again as a field list.
    raise nodes.SkipNode


def depart_standard_entry(self: LaTeXTranslator, node: standard_entry) -> None:
    """Nothing: ``visit_standard_entry`` writes the entry whole."""


def facts_line(self: LaTeXTranslator, facts: nodes.field_list) -> str:
    """The status and applies-to of an entry as one small line, rather than a description list."""
    items = "".join(
        f"\\nhsstandardfact{{{self.encode(field[0].astext())}}}"
        f"{{{self.encode(' '.join(field[1].astext().split()))}}}"
        for field in facts.findall(nodes.field)
    )
    return f"\n\\nhsstandardfacts{{{items}}}\n"


def visit_standard_heading(self: LaTeXTranslator, node: standard_heading) -> None:
    """Open the heading line; its children (the linked ID, the title) are written by Sphinx."""
    self.body.append("\n\\begin{nhsstandardheading}")


def depart_standard_heading(self: LaTeXTranslator, node: standard_heading) -> None:
    """Close the heading line."""
    self.body.append("\\end{nhsstandardheading}\n")


def visit_hazard_entry(self: LaTeXTranslator, node: hazard_entry) -> None:
    """Open an ``nhshazard``: a standard entry's layout (its heading line kept with what
    follows), its link target first; its facts and text fields are description lists."""
    self.body.append(f"\n\\begin{{nhshazard}}\n{latex_target(self, node)}\n")


def depart_hazard_entry(self: LaTeXTranslator, node: hazard_entry) -> None:
    """Close the hazard entry."""
    self.body.append("\n\\end{nhshazard}\n")


def visit_mandatory(self: LaTeXTranslator, node: mandatory_node) -> None:
    """Open an ``nhsmandatory`` box; its title child becomes the box's title argument."""
    # tcolorbox's `phantom` places the link target at the top of the box, so the compliance
    # register's links land on the box (and its title), wherever a page break moved it.
    phantom = f"[phantom={{{latex_target(self, node)}}}]" if node["ids"] else ""
    self.body.append(f"\n\\begin{{nhsmandatory}}{phantom}")
    latex_enter_box(self)


def depart_mandatory(self: LaTeXTranslator, node: mandatory_node) -> None:
    """Close the ``nhsmandatory`` box."""
    self.body.append("\\end{nhsmandatory}\n")
    latex_leave_box(self)


def copy_sty(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: put ``nhsassurance.sty`` beside the ``.tex`` files that load it."""
    if exception is None and app.builder.format == "latex":
        shutil.copyfile(STY_PATH, Path(app.outdir) / STY_PATH.name)


def setup_latex(app: Sphinx) -> None:
    """Load the extension's LaTeX package in every LaTeX build, and ship it with the output."""
    app.add_latex_package(STY_NAME)
    app.connect("build-finished", copy_sty)


STANDARD_ENTRY = (visit_standard_entry, depart_standard_entry)
STANDARD_HEADING = (visit_standard_heading, depart_standard_heading)
MANDATORY = (visit_mandatory, depart_mandatory)
HAZARD_ENTRY = (visit_hazard_entry, depart_hazard_entry)
# A hazard's heading is laid out as a standard's.
HAZARD_HEADING = STANDARD_HEADING
# A control is laid out as a hazard: its heading line kept with its facts.
CONTROL_ENTRY = HAZARD_ENTRY
CONTROL_HEADING = STANDARD_HEADING
