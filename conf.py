"""Sphinx configuration for the e-RS Integration API clinical-safety guidance.

Sphinx runs with ``-c .`` over ``docs/``: ``sphinx-build -c . -b html docs _build/html``
(``make html`` does exactly that).
"""

from importlib.metadata import version as _version

project = "NHS e-RS Integration API: Clinical Safety"
author = "NHS e-Referral Service"
release = _version("ers-docs")
version = ".".join(release.split(".")[:2])
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "nhs_assurance",
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

# -- LaTeX / PDF (make pdf) ------------------------------------------------------------------
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
