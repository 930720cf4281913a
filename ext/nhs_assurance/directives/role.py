"""The ``{standard}`` role: a link to a standard's entry, from any page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.roles import XRefRole

from nhs_assurance.core.ids import reference_key

if TYPE_CHECKING:
    from docutils.nodes import Element
    from sphinx.environment import BuildEnvironment


class StandardRole(XRefRole):
    """``{standard}`DCB0129``` or ``{standard}`text <DCB0129>```: a link to a standard's entry.

    The target is matched case-insensitively: it is stored as the ID in upper case, which is
    also the name the standard has in ``objects.inv`` for other projects.
    """

    def __init__(self) -> None:
        super().__init__(innernodeclass=nodes.inline, warn_dangling=True)

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        # Registered both as `nhs:standard` and as the bare `standard`: always the nhs domain.
        self.name = "nhs:standard"
        return super().run()

    def process_link(
        self,
        env: BuildEnvironment,
        refnode: Element,
        has_explicit_title: bool,
        title: str,
        target: str,
    ) -> tuple[str, str]:
        return title, reference_key(target)
