"""Site-wide lists: ``standard-list`` (every standard), ``mandatory-list`` (the compliance
register of every mandatory note) and ``hazard-log`` (every hazard, and the risk matrices).

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
from nhs_assurance.core.hazard import HAZARD_STATUSES
from nhs_assurance.core.standard import STATUSES
from nhs_assurance.diagnostics import Subtype, warn
from nhs_assurance.nodes import hazard_log, mandatory_list, standard_list

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sphinx.util.typing import OptionSpec


def status_filter(
    directive: SphinxDirective, name: str, allowed: Mapping[str, str]
) -> tuple[str, ...]:
    """The statuses of *directive*'s ``:status:`` option (separated by spaces or commas, in any
    case), warning at each that is not one of *allowed*; *name* is the directive's."""
    statuses = []
    for status in directive.options.get("status", "").replace(",", " ").split():
        if status.lower() in allowed:
            statuses.append(status.lower())
        else:
            warn(
                Subtype.BAD_STATUS,
                f"{name}: :status: {excerpt(status)} is not one of {', '.join(allowed)}; "
                "it filters nothing",
                directive.get_location(),
            )
    return tuple(statuses)


class StandardListDirective(SphinxDirective):
    """``:::{standard-list}``: a table of every standard of the site, sorted by ID."""

    option_spec: ClassVar[OptionSpec] = {
        "status": directives.unchanged,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        statuses = status_filter(self, "standard-list", STATUSES)
        node = standard_list(statuses=statuses, classes=self.options.get("class", []))
        self.set_source_info(node)
        return [node]


class MandatoryListDirective(SphinxDirective):
    """``:::{mandatory-list}``: every mandatory note of the site, each linked to where it stands."""

    option_spec: ClassVar[OptionSpec] = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        node = mandatory_list(classes=self.options.get("class", []))
        self.set_source_info(node)
        return [node]


class HazardLogDirective(SphinxDirective):
    """``:::{hazard-log}``: every hazard of the site sorted by ID, then the initial and residual
    risk matrices with the number of hazards in each cell."""

    option_spec: ClassVar[OptionSpec] = {
        "status": directives.unchanged,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        statuses = status_filter(self, "hazard-log", HAZARD_STATUSES)
        node = hazard_log(statuses=statuses, classes=self.options.get("class", []))
        self.set_source_info(node)
        return [node]
