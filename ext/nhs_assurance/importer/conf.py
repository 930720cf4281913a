"""The ``conf.py`` the importer writes when DEST has none, so that DEST builds as it is.

It holds what the imported pages need and nothing more: the project's title (``title`` of
``_config.yml``, or ``site_title``), MyST with the settings the converted pages are written for,
the extension with the original site's address, and Furo. Every value from the Jekyll site is
written as a Python string literal (``repr``), so no text of the site becomes code. It is
written once: a ``conf.py`` already in DEST is never touched, so a person may edit it freely.
"""

from __future__ import annotations

from typing import Any

from nhs_assurance.importer.report import REPORT_NAME
from nhs_assurance.importer.static_html import EXTRA_DIR

CONF_NAME = "conf.py"


def render_conf(
    config: dict[str, Any],
    original_site: str,
    *,
    redirects: bool = False,
    tabs: bool = False,
    announcement: str = "",
    static_redirects: dict[str, str] | None = None,
    static_files: bool = False,
) -> str:
    """The text of ``conf.py`` for a site with *config* (``_config.yml``) published at
        *original_site* (``""`` when unknown); *redirects* adds sphinx-reredirects, which
        ``redirect_from`` needs, and *tabs* sphinx-design, which the tab sets need; *announcement*
    (cleaned HTML, :mod:`.banner`) is the banner shown on every page; *static_redirects* (old
    path -> address) and *static_files* serve the site's static HTML files (:mod:`.static_html`)."""
    title = " ".join(str(config.get("title") or config.get("site_title") or "").split())
    extensions = ["myst_parser", "nhs_assurance"]
    extensions += ["sphinx_reredirects"] if redirects or static_redirects else []
    extensions += ["sphinx_design"] if tabs else []
    lines = [
        '"""Sphinx configuration of the pages imported by nhs-import-jekyll (docs/migrating.md).',
        "",
        "The importer wrote this file because the folder had none; it never changes it again.",
        '"""',
        "",
        f"project = {title or 'Imported site'!r}",
        'language = "en"',
        "",
        f"extensions = {extensions!r}",
        "",
        "# MyST: the settings the imported pages are written for.",
        'myst_enable_extensions = ["colon_fence"]',
        "# A page's front matter `title` is its heading, as on the Jekyll site.",
        "myst_title_to_header = True",
        "# Links to a page's sections (page.html#part) keep working.",
        "myst_heading_anchors = 3",
        "# Raw HTML typed into Markdown is shown as text: the importer kept the HTML it could",
        "# not convert in `{raw} html` blocks, cleaned, for a person to review.",
        'myst_disable_syntax = ["html_block", "html_inline"]',
        "# Links may only lead to web pages and e-mail addresses.",
        'myst_url_schemes = ["http", "https", "mailto"]',
        "",
    ]
    if original_site:
        lines += [
            "# Links to pages the import does not hold go to them on the original site.",
            f"nhs_assurance_original_site = {original_site!r}",
            "",
        ]
    lines += [
        'html_theme = "furo"',
        "",
    ]
    if announcement:
        lines += [
            "# The banner the Jekyll layout showed above every page, shown once, site-wide.",
            f"html_theme_options = {{'announcement': {announcement!r}}}",
            "",
        ]
    if static_redirects:
        lines += [
            "# The redirect stubs the Jekyll site held as static HTML files.",
            f"redirects = {dict(sorted(static_redirects.items()))!r}",
            "",
        ]
    excluded = [REPORT_NAME]
    if static_files:
        excluded.append(EXTRA_DIR)
        lines += [
            "# The static HTML files Jekyll copied as they were, cleaned, at their old paths.",
            f"html_extra_path = [{EXTRA_DIR!r}]",
            "",
        ]
    lines += [
        "# The import's report is for the people checking the migration, not for readers.",
        f"exclude_patterns = {excluded!r}",
    ]
    return "\n".join(lines) + "\n"
