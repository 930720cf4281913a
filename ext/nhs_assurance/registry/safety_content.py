"""The safety content of a build: every hazard and control as ``hazards.json`` exports them,
and their digest (``core/digest.py``), the one string a Clinical Safety Officer records when
approving a version.

The digest is worked out once per build, after every page is read (in the main process, so
that the writers of a parallel build inherit it), and it is the very digest ``hazards.json``
holds in ``document.digest``: both are made from the same exported entries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nhs_assurance.core.digest import safety_digest
from nhs_assurance.core.hazard_export import hazard_json
from nhs_assurance.registry.controls import exported_controls
from nhs_assurance.registry.domain import nhs_domain
from nhs_assurance.state import extension_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _docname(docname: str) -> str:
    # What the digest and the changes compare leaves pages out, and every builder, even one
    # that writes only some pages (LaTeX), can give a page's name at any time.
    return docname


def exported_hazards(app: Sphinx) -> list[dict[str, Any]]:
    """Every hazard as ``hazards.json`` holds it, in the order of the log (each ``page`` its
    page's name: not safety content)."""
    return [hazard_json(record, _docname) for record in nhs_domain(app.env).sorted_hazards()]


def exported_entries(app: Sphinx) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every hazard and every control as ``hazards.json`` holds them, but for their pages."""
    return exported_hazards(app), exported_controls(app, _docname)


def current_digest(app: Sphinx) -> str:
    """The digest of the site's safety content in this build."""
    build = extension_state(app.env).build
    if build.safety_digest is None:
        build.safety_digest = safety_digest(*exported_entries(app))
    return build.safety_digest
