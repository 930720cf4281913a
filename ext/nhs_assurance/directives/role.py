"""The ``{standard}`` and ``{hazard}`` roles: a link to a standard's or a hazard's entry, from
any page."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx.roles import XRefRole

from nhs_assurance.core.ids import reference_key
from nhs_assurance.core.risk import parse_hazard_id

if TYPE_CHECKING:
    from docutils.nodes import Element
    from sphinx.environment import BuildEnvironment


class _RegisterRole(XRefRole):
    """A reference to an entry of the ``nhs`` domain, matched case-insensitively by its key."""

    #: The role's name in the domain (``nhs:standard``): registered under its bare name too.
    domain_name: ClassVar[str]
    #: The key a target is matched by (the ID in upper case).
    key: ClassVar[staticmethod[[str], str]]

    def __init__(self) -> None:
        super().__init__(innernodeclass=nodes.inline, warn_dangling=True)

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        # Registered both in the nhs domain and under the bare name: always the nhs domain.
        self.name = self.domain_name
        return super().run()

    def process_link(
        self,
        env: BuildEnvironment,
        refnode: Element,
        has_explicit_title: bool,
        title: str,
        target: str,
    ) -> tuple[str, str]:
        return title, type(self).key(target)


class StandardRole(_RegisterRole):
    """``{standard}`DCB0129``` or ``{standard}`text <DCB0129>```: a link to a standard's entry.

    The target is matched case-insensitively: it is stored as the ID in upper case, which is
    also the name the standard has in ``objects.inv`` for other projects.
    """

    domain_name = "nhs:standard"
    key = staticmethod(reference_key)


def hazard_reference_key(target: str) -> str:
    """The key a reference to hazard *target* is matched by: the ID in upper case (for text
    that is no ID, which then matches nothing, the text with its spaces folded, upper case)."""
    parsed = parse_hazard_id(target)
    return parsed.key if parsed is not None else " ".join(target.split()).upper()


class HazardRole(_RegisterRole):
    """``{hazard}`HAZ-001``` or ``{hazard}`text <haz-001>```: a link to a hazard's entry."""

    domain_name = "nhs:hazard"
    key = staticmethod(hazard_reference_key)
