"""What authors write: the ``standard``, ``hazard`` and ``mandatory`` directives, the site-wide
lists (``hazard-log`` among them), issued versions (``safety-changes``, ``approval``), the
``{standard}`` and ``{hazard}`` roles, and
``nhs-example`` (markup shown beside what it renders)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from docutils.parsers.rst import Directive

from nhs_assurance.directives.approval import ApprovalDirective, SafetyChangesDirective
from nhs_assurance.directives.control import ControlDirective
from nhs_assurance.directives.entry import EntryDirective, EntryRole
from nhs_assurance.directives.example import ExampleDirective
from nhs_assurance.directives.hazard import HazardDirective
from nhs_assurance.directives.lists import (
    ControlListDirective,
    HazardLogDirective,
    MandatoryListDirective,
    SafetySummaryDirective,
    StandardListDirective,
)
from nhs_assurance.directives.mandatory import MandatoryDirective
from nhs_assurance.directives.standard import StandardDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The directives that declare entries, one per kind of entry: each is registered under its
#: kind's name, with its role (``{standard}``, ``{hazard}``) that links to the kind's entries.
ENTRY_DIRECTIVES: Final[tuple[type[EntryDirective], ...]] = (
    StandardDirective,
    HazardDirective,
    ControlDirective,
)

#: Directives of the ``nhs`` domain: each also answers to its bare name, as authors write it.
DOMAIN_DIRECTIVES: Final[dict[str, type[Directive]]] = {
    **{directive.kind.name: directive for directive in ENTRY_DIRECTIVES},
    "standard-list": StandardListDirective,
    "mandatory-list": MandatoryListDirective,
    "hazard-log": HazardLogDirective,
    "control-list": ControlListDirective,
    "safety-summary": SafetySummaryDirective,
    "safety-changes": SafetyChangesDirective,
    "approval": ApprovalDirective,
}

#: Roles of the ``nhs`` domain, each also under its bare name.
DOMAIN_ROLES: Final[dict[str, type[EntryRole]]] = {
    directive.kind.name: directive.role for directive in ENTRY_DIRECTIVES
}

#: Directives outside the domain.
DIRECTIVES: Final[dict[str, type[Directive]]] = {
    "mandatory": MandatoryDirective,
    "nhs-example": ExampleDirective,
}


def setup_directives(app: Sphinx) -> None:
    """Register every directive and role, each under all the names it answers to."""
    for name, directive in DOMAIN_DIRECTIVES.items():
        app.add_directive_to_domain("nhs", name, directive)
        app.add_directive(name, directive)
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)
    for name, role_class in DOMAIN_ROLES.items():
        role = role_class()
        app.add_role_to_domain("nhs", name, role)
        app.add_role(name, role)
