"""Sphinx configuration for the e-RS Integration API clinical-safety guidance.

Sphinx runs with ``-c .`` over ``docs/``: ``sphinx-build -c . -b html docs _build/html``
(``make html`` does exactly that).
"""

import os
from importlib.metadata import version as _version
from urllib.parse import urlsplit as _urlsplit

project = "NHS e-RS Integration API: Clinical Safety"
author = "NHS e-Referral Service"
release = _version("ers-docs")
version = ".".join(release.split(".")[:2])
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "nhs_assurance",
    # The hosted site's features (the `site` extra in pyproject.toml).
    "sphinx_sitemap",
    "notfound.extension",
    "sphinxext.opengraph",
    "sphinx_reredirects",
]

# -- The product's own rules: every reference resolves, every warning fails the build. ------
nitpicky = True

# -- MyST ------------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
# A page's front matter `title` is its heading, as on the original Jekyll site.
myst_title_to_header = True
myst_heading_anchors = 3
# Raw HTML typed into Markdown is shown as text, never passed into the page: nothing an author
# pastes can inject markup or script. The `{raw}` directive remains for deliberate HTML.
myst_disable_syntax = ["html_block", "html_inline"]

# -- nhs_assurance ---------------------------------------------------------------------------
# Links to pages this project does not carry (yet) go to the page on the original site.
nhs_assurance_original_site = "https://developer.nhs.uk/apis/e-Referrals/"

# -- HTML ------------------------------------------------------------------------------------
html_theme = "furo"
html_title = "e-RS Integration API: Clinical Safety"
html_show_copyright = False
html_theme_options = {
    "navigation_with_keys": True,
}

# -- Hosting ---------------------------------------------------------------------------------
# The address the site is published at. Read the Docs sets READTHEDOCS_CANONICAL_URL for each
# build (e.g. .../en/latest/); elsewhere it is the local preview of `make livehtml`, so the
# canonical links, sitemap and 404 page of a local build point at that preview.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL") or "http://127.0.0.1:8000/"
html_baseurl = html_baseurl.rstrip("/") + "/"

# sitemap.xml: html_baseurl already carries the language and version, so a page's address is
# the base plus its file name. Pages a search engine should not list are left out.
sitemap_url_scheme = "{link}"
sitemap_excludes = ["404.html", "search.html", "genindex.html"]

# 404.html is served for any missing address, at any depth: its links and styles are absolute,
# under the path the site is published at.
notfound_urls_prefix = _urlsplit(html_baseurl).path
notfound_context = {
    "title": "Page not found",
    "body": (
        "<h1>Page not found</h1>\n"
        "<p>If you typed the web address, check it is correct. If you followed a link, the page "
        "may have moved: start again from the "
        f'<a href="{notfound_urls_prefix}index.html">home page</a>, or search this site.</p>\n'
    ),
}

# Open Graph and SEO meta. The description is a page's front matter `summary` (nhs_assurance
# hands it over), or its first paragraph. Social-card images would need matplotlib: not made.
ogp_site_url = html_baseurl
ogp_site_name = html_title
ogp_social_cards = {"enable": False}

# Redirects for moved pages come from `redirect_from` in each page's front matter
# (nhs_assurance feeds them to sphinx-reredirects); `redirects` here is for anything else.
redirects: dict[str, str] = {}

# -- Link check (`make linkcheck`) -----------------------------------------------------------
# Nearly every external link goes to digital.nhs.uk, so one slow or briefly failing host must
# not fail the check: a link is reported broken only when three tries fail, a request waits up
# to 30 s, and a "429 Too Many Requests" without Retry-After is retried after 60 s and 120 s and
# then reported (Sphinx's default keeps doubling the wait up to 5 minutes). A redirect is
# reported in the output, never failed: no linkcheck_allowed_redirects, no linkcheck_ignore.
linkcheck_retries = 3
linkcheck_timeout = 30
linkcheck_rate_limit_timeout = 120.0

# -- The accessible PDF (make pdf: the nhs_pdf builder of nhs_assurance, printed by WeasyPrint) --
# The file is named as the LaTeX PDF was. Its language is British English: `language` stays "en",
# which also picks Sphinx's translations and LaTeX's English layout.
nhs_pdf_basename = "ers-clinical-safety"
nhs_pdf_language = "en-GB"

# -- LaTeX PDF (make latexpdf) ------------------------------------------------------------------
# pdflatex: the sources are Latin script with typographic punctuation (en dashes, curly quotes,
# accented letters), all of which pdflatex sets with Sphinx's default T1 fonts (TeX Gyre Termes
# and Heros). xelatex or lualatex would need fontspec and system fonts, and are slower, for no
# character these pages use. `make pdf` fails on a "Missing character" in the log all the same.
latex_engine = "pdflatex"
latex_documents = [("index", "ers-clinical-safety.tex", project, author, "manual")]
latex_elements = {
    # Readers file the PDF with a UK clinical safety case: A4.
    "papersize": "a4paper",
    # Read on screen or printed single-sided: no blank pages before chapters.
    "extraclassoptions": "openany,oneside",
    # The title page reads "Version 0.1.0".
    "releasename": "Version",
    # NHS blue (#005EB8) for headings and links.
    "sphinxsetup": "TitleColor={HTML}{005EB8}, InnerLinkColor={HTML}{005EB8}, "
    "OuterLinkColor={HTML}{005EB8}",
    # Sphinx names the table of contents after the first toctree's caption ("Guidance"); in
    # print it is the contents of the whole document.
    "preamble": r"\addto\captionsenglish{\renewcommand{\contentsname}{Contents}}",
    # The guidance has no index entries: no empty "Index" chapter.
    "makeindex": "",
    "printindex": "",
}
latex_domain_indices = False
