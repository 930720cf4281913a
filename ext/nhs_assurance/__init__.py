"""nhs_assurance: a Sphinx extension for NHS clinical-safety guidance.

It gives authors the ``standard`` directive (a clinical-safety standard entry such as DCB0129)
and the ``mandatory`` admonition (a legal note), honours Jekyll-style front matter, and keeps
links to pages of the original site working. Add ``"nhs_assurance"`` to ``extensions``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from nhs_assurance import html, latex, plain_writers
from nhs_assurance.domain import NhsDomain, StandardRole, warn_unknown_standard
from nhs_assurance.example import ExampleDirective
from nhs_assurance.export import write_standards_json
from nhs_assurance.frontmatter import FrontMatterTransform, check_permalink
from nhs_assurance.incremental import note_before_reading, pages_showing_changes
from nhs_assurance.lists import (
    MandatoryListDirective,
    StandardListDirective,
    mandatory_list,
    render_lists,
    standard_list,
)
from nhs_assurance.mandatory import MandatoryDirective, mandatory_node
from nhs_assurance.original_site import PageLinkCollector, PageLinkResolver
from nhs_assurance.source_text import clean_source
from nhs_assurance.standard import StandardDirective, standard_entry, standard_heading

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"

STATIC_DIR = Path(__file__).parent / "static"


def _add_static_path(app: Sphinx) -> None:
    """Ship the extension's CSS with every HTML build, whatever the project's own static paths."""
    if app.builder.format == "html":
        app.config.html_static_path.append(str(STATIC_DIR))


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the directives, nodes, transforms and settings of nhs_assurance."""
    app.add_config_value("nhs_assurance_original_site", "", "env", types=frozenset({str}))
    app.add_config_value(
        "nhs_assurance_frontmatter_keys", [], "env", types=frozenset({list, tuple})
    )

    app.add_node(
        standard_entry,
        html=(html.visit_standard_entry, html.depart_standard_entry),
        latex=latex.STANDARD_ENTRY,
        text=plain_writers.TEXT_ENTRY,
        man=plain_writers.MAN_ENTRY,
        texinfo=plain_writers.TEXINFO_ENTRY,
    )
    app.add_node(
        standard_heading,
        html=(html.visit_standard_heading, html.depart_standard_heading),
        latex=latex.STANDARD_HEADING,
        text=plain_writers.TEXT_HEADING,
        man=plain_writers.MAN_HEADING,
        texinfo=plain_writers.TEXINFO_HEADING,
    )
    app.add_node(
        mandatory_node,
        html=(html.visit_mandatory, html.depart_mandatory),
        latex=latex.MANDATORY,
        text=plain_writers.TEXT_ADMONITION,
        man=plain_writers.MAN_ADMONITION,
        texinfo=plain_writers.TEXINFO_ADMONITION,
    )
    # Placeholders, replaced by tables before any builder sees them.
    app.add_node(standard_list)
    app.add_node(mandatory_list)

    app.add_domain(NhsDomain)
    # The directives and the role also answer to their bare names, as authors write them.
    app.add_directive("standard", StandardDirective)
    app.add_directive("standard-list", StandardListDirective)
    app.add_directive("mandatory-list", MandatoryListDirective)
    app.add_role("standard", StandardRole())
    app.add_directive("mandatory", MandatoryDirective)
    app.add_directive("nhs-example", ExampleDirective)
    app.connect("warn-missing-reference", warn_unknown_standard)
    app.connect("doctree-resolved", render_lists)
    app.connect("env-get-outdated", note_before_reading)
    app.connect("env-get-updated", pages_showing_changes)
    app.connect("build-finished", write_standards_json)

    app.connect("source-read", clean_source)
    app.add_transform(FrontMatterTransform)
    app.add_post_transform(PageLinkResolver)
    app.add_env_collector(PageLinkCollector)
    app.connect("html-page-context", check_permalink)
    app.setup_extension("nhs_assurance.redirects")
    app.setup_extension("nhs_assurance.accessibility")
    app.setup_extension("nhs_assurance.furo_navigation")
    app.setup_extension("nhs_assurance.toctree_parents")

    app.connect("builder-inited", _add_static_path)
    latex.setup(app)
    app.add_css_file("nhs_assurance.css")

    return {
        "version": __version__,
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
