"""Sphinx configuration of the nhs_assurance handbook: the toolkit's guide for authors and
maintainers (authoring, the hazard log, troubleshooting, migrating a Jekyll site, security,
accessibility, performance, architecture, and the settings and command-line references).

A project of its own, beside the guidance (``docs/`` with the root ``conf.py``):
``sphinx-build -b html handbook _build/handbook/html`` (``make handbook``). Its examples
stay here: the guidance publishes none.
"""

import os
import sys
from pathlib import Path

HANDBOOK = Path(__file__).resolve().parent
REPO = HANDBOOK.parent
# The handbook-local extension that generates the references (handbook/_ext/references.py).
sys.path.insert(0, str(HANDBOOK / "_ext"))

project = "nhs_assurance handbook"
author = "ers-docs team"
from nhs_assurance import __version__ as release  # noqa: E402 -- the extension's one version

version = ".".join(release.split(".")[:2])
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinx.ext.intersphinx",
    "nhs_assurance",
    "references",
]
exclude_patterns = ["_ext"]

# -- The product's own rules: every reference resolves, every warning fails the build. ------
nitpicky = True

# -- MyST ------------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_title_to_header = True
myst_heading_anchors = 3
myst_disable_syntax = ["html_block", "html_inline"]

# -- nhs_assurance ---------------------------------------------------------------------------
# Every standard, note and hazard in the handbook is a fictional example: its exports are named
# example-standards.json, example-hazards.json, ... and never taken for a real register or log.
nhs_assurance_exports_are_examples = True
nhs_assurance_original_site = "https://developer.nhs.uk/apis/e-Referrals/"
# Version 1.0 of the fictional product of the hazard log page's worked example.
nhs_assurance_safety_baseline = "examples/example-hazards-1.0.json"

# -- Links to the guidance -------------------------------------------------------------------
# Through intersphinx, from the guidance's own inventory as `make html` writes it: every link
# is checked against the pages and labels the guidance really has, and nothing is fetched
# (`make handbook` builds the guidance first). NHS_GUIDANCE_URL is where the guidance is
# published (set it where the handbook is hosted); without it the links go to the local build,
# _build/html beside _build/handbook/html.
GUIDANCE_INVENTORY = Path(
    os.environ.get("NHS_GUIDANCE_INVENTORY") or REPO / "_build/html/objects.inv"
)
GUIDANCE_URL = os.environ.get("NHS_GUIDANCE_URL") or "../../html/"
intersphinx_mapping = {"guidance": (GUIDANCE_URL, str(GUIDANCE_INVENTORY))}
intersphinx_disabled_reftypes = ["*"]
intersphinx_timeout = 1

# -- HTML ------------------------------------------------------------------------------------
html_theme = "furo"
html_title = "nhs_assurance handbook"
html_show_copyright = False
html_theme_options = {"navigation_with_keys": True}

# -- The accessible PDF (make handbook-pdf) ----------------------------------------------------
nhs_pdf_basename = "nhs-assurance-handbook"
nhs_pdf_language = "en-GB"
