"""Repairs and speed-ups to what the theme and Sphinx write around the content: accessibility
repairs (tables in scrolling regions among them), Furo's navigation computed once per build,
and toctree parents rewritten only when needed. Each rests on other packages' internals only
through ``_compat.py``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nhs_assurance.theme.accessibility import setup_accessibility
from nhs_assurance.theme.features import setup_features
from nhs_assurance.theme.furo_navigation import setup_furo_navigation
from nhs_assurance.theme.tables import setup_tables
from nhs_assurance.theme.toctree_parents import setup_toctree_parents

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_theme(app: Sphinx) -> None:
    """Register the theme repairs and optimisations."""
    setup_features(app)
    setup_accessibility(app)
    setup_tables(app)
    setup_furo_navigation(app)
    setup_toctree_parents(app)
