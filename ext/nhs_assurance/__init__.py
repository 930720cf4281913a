"""nhs_assurance: a Sphinx extension for NHS clinical-safety guidance.

It gives authors the ``standard`` directive (a clinical-safety standard entry such as DCB0129)
and the ``mandatory`` admonition (a legal note), keeps a site-wide register of both, honours
Jekyll-style front matter, and keeps links to pages of the original site working. Add
``"nhs_assurance"`` to ``extensions``.

The package is layered (``handbook/architecture.md``): ``core`` (pure functions) under
``diagnostics``, ``config``, ``nodes``, ``state``, ``outputs`` and ``_compat``; then ``pages``,
``writers`` and ``theme``; then ``directives``; then ``registry``. Each part registers itself
below.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.2.0"

#: The extension's stylesheets, shipped as package data.
STATIC_DIR = Path(__file__).parent / "static"


def _add_static_path(app: Sphinx) -> None:
    """Ship the extension's CSS with every HTML build, whatever the project's own static paths."""
    if app.builder.format == "html":
        app.config.html_static_path.append(str(STATIC_DIR))


def import_jekyll(argv: list[str] | None = None) -> int:
    """The ``nhs-import-jekyll`` command: :func:`nhs_assurance.commands.import_jekyll`."""
    from nhs_assurance.commands import import_jekyll as command

    return command(argv)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register every part of nhs_assurance."""
    # Imported here, not with the package: the `nhs-assurance` command imports the package
    # too, and its --help and `new` need none of Sphinx's machinery.
    from nhs_assurance.config import setup_config
    from nhs_assurance.directives import setup_directives
    from nhs_assurance.outputs import setup_outputs
    from nhs_assurance.pages import setup_pages
    from nhs_assurance.registry import setup_registry
    from nhs_assurance.theme import setup_theme
    from nhs_assurance.writers import setup_writers

    setup_config(app)
    setup_outputs(app)  # before any part declares a file it writes
    setup_writers(app)  # the nodes, with a visitor for every builder
    setup_registry(app)  # the `nhs` domain first: the directives are added to it
    setup_directives(app)
    setup_pages(app)
    setup_theme(app)
    app.connect("builder-inited", _add_static_path)
    app.add_css_file("nhs_assurance.css")
    return {
        "version": __version__,
        "env_version": 5,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
