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
