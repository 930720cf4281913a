"""What a page brings besides its directives: its source text, its front matter, its old
addresses (``redirect_from``) and its links to pages by name (the original site's way)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nhs_assurance.pages.frontmatter import setup_frontmatter
from nhs_assurance.pages.original_site import setup_original_site
from nhs_assurance.pages.redirects import setup_redirects
from nhs_assurance.pages.source import setup_source

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_pages(app: Sphinx) -> None:
    """Register the page features."""
    setup_source(app)
    setup_frontmatter(app)
    setup_original_site(app)
    setup_redirects(app)
