"""Import a documentation-theme-jekyll site (the original e-RS site's theme) into MyST pages.

``python -m nhs_assurance.importer SRC DEST`` (or ``nhs-import-jekyll``) converts every page,
keeping its front matter and its URL, writes the sidebar as toctrees and reports what a person
should check. :func:`import_site` does the same from Python. One module per concern:

- :mod:`.sources`, :mod:`.output`: reading only regular files inside SRC; writing only inside
  DEST, every name checked first, all files or none;
- :mod:`.site`: reading ``_config.yml``, ``_data`` and the page files;
- :mod:`.frontmatter`: a page's front matter, its URL and the keys kept;
- :mod:`.liquid`: Liquid variables and tags;
- :mod:`.blocks`: splitting Markdown into blocks;
- :mod:`.headings`, :mod:`.paragraphs`, :mod:`.tables`, :mod:`.code_blocks`: those blocks;
- :mod:`.includes`, :mod:`.html_blocks`: the theme's includes and raw HTML callouts;
- :mod:`.inline`, :mod:`.links`: inline markup and link targets;
- :mod:`.safety_patterns`: standard entries, legal notes and the closing note;
- :mod:`.sidebar`: the navigation;
- :mod:`.page`, :mod:`.pipeline`: converting a page, and the whole import;
- :mod:`.conf`: the ``conf.py`` written when DEST has none;
- :mod:`.report`, :mod:`.cli`: the report and the command line.

URLs, YAML and quoted values go through :mod:`nhs_assurance.core` (one policy each), and every
value written into MyST through :mod:`.text`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nhs_assurance.importer.pipeline import import_site
    from nhs_assurance.importer.result import ImportResult
    from nhs_assurance.importer.site import SiteError

__all__ = ["ImportResult", "SiteError", "import_site"]

#: Where each name of ``__all__`` lives. They are loaded when first used (PEP 562), so that
#: the command line (:mod:`.cli`) and :mod:`.output` import without the `importer` extra:
#: ``nhs-assurance --help`` lists the importer's options, and ``nhs-assurance new`` writes
#: through :mod:`.output`, on the bare install.
_HOMES = {"import_site": "pipeline", "ImportResult": "result", "SiteError": "site"}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
