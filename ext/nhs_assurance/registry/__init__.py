"""The site's register of standards and mandatory notes: the ``nhs`` domain and its records,
the lists it renders, ``standards.json``, and incremental builds that are never stale."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nhs_assurance.registry.approvals import setup_approvals
from nhs_assurance.registry.controls import setup_controls
from nhs_assurance.registry.domain import setup_domain
from nhs_assurance.registry.export import setup_export
from nhs_assurance.registry.incremental import setup_incremental
from nhs_assurance.registry.issued import setup_issued
from nhs_assurance.registry.render import setup_render

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_registry(app: Sphinx) -> None:
    """Register the domain, the lists' rendering, the export, the incremental bookkeeping,
    the controls' evidence, the issued version and the approvals."""
    setup_domain(app)
    setup_render(app)
    setup_incremental(app)
    setup_export(app)
    setup_controls(app)
    setup_issued(app)
    setup_approvals(app)
