"""Site-wide lists: ``standard-list`` (every standard) and ``mandatory-list`` (the compliance
register of every mandatory note).

As Sphinx's ``todolist`` does, each directive leaves only a placeholder node at read time; the
registry replaces it with a table when the page is written (``registry/render.py``), so the
lists always show the whole site as it is now.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from nhs_assurance.core.excerpt import excerpt
from nhs_assurance.core.ids import STATUSES
from nhs_assurance.diagnostics import warn
from nhs_assurance.nodes import mandatory_list, standard_list

if TYPE_CHECKING:
    from sphinx.util.typing import OptionSpec


class StandardListDirective(SphinxDirective):
    """``:::{standard-list}``: a table of every standard of the site, sorted by ID."""

    option_spec: ClassVar[OptionSpec] = {
        "status": directives.unchanged,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        statuses = []
        for status in self.options.get("status", "").replace(",", " ").split():
            if status.lower() in STATUSES:
                statuses.append(status.lower())
            else:
                warn(
                    "bad_status",
                    f"standard-list: :status: {excerpt(status)} is not one of "
                    f"{', '.join(STATUSES)}; it filters nothing",
                    self.get_location(),
                )
        node = standard_list(statuses=tuple(statuses), classes=self.options.get("class", []))
        self.set_source_info(node)
        return [node]


class MandatoryListDirective(SphinxDirective):
    """``:::{mandatory-list}``: every mandatory note of the site, each linked to where it stands."""

    option_spec: ClassVar[OptionSpec] = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        node = mandatory_list(classes=self.options.get("class", []))
        self.set_source_info(node)
        return [node]
