"""A Sphinx extension for the registry benchmark: times what the register costs in a build.

Loaded only by the registry sites the benchmark writes. It brackets, with handlers just before
and just after the default priority (500) that nhs_assurance's handlers have:

- ``render_lists`` on the page holding ``standard-list`` or ``hazard-log``
  (``doctree-resolved``): building the table of every standard, or the hazard log and its
  matrices;
- the whole writing of that page, from ``doctree-resolved`` to ``html-page-context`` (the table
  built, then translated to HTML);
- ``write_standards_json`` and ``write_hazard_exports`` (``build-finished``: ``hazards.json``,
  ``.csv`` and ``.xlsx``; Furo's small stylesheet handler runs in the same bracket).

The times go to ``bench-timing.json`` in the output folder.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nhs_assurance.nodes import hazard_log, standard_list

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

REGISTER = "register"
_started: dict[str, float] = {}
_times: dict[str, float] = {}


def _start(name: str) -> None:
    _started[name] = time.perf_counter()


def _stop(name: str) -> None:
    if name in _started:
        _times[name] = time.perf_counter() - _started.pop(name)


def resolved_first(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Start the clocks of the register page."""
    lists = doctree.findall(lambda node: isinstance(node, standard_list | hazard_log))
    if docname == REGISTER and next(iter(lists), None) is not None:
        _start("page_write_s")
        _start("standard_list_s")


def resolved_before(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Restart the table's clock just before ``render_lists``."""
    if "standard_list_s" in _started:
        _start("standard_list_s")


def resolved_after(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Stop the table's clock just after ``render_lists``."""
    _stop("standard_list_s")


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Stop the page's clock once its body is HTML."""
    if pagename == REGISTER:
        _stop("page_write_s")


def finished_before(app: Sphinx, exception: Exception | None) -> None:
    """Start the clock of ``standards.json``."""
    _start("standards_json_s")


def finished_after(app: Sphinx, exception: Exception | None) -> None:
    """Stop it and write the times."""
    _stop("standards_json_s")
    if exception is None:
        path = Path(app.outdir) / "bench-timing.json"
        path.write_text(json.dumps(_times, indent=2) + "\n", encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the clocks."""
    app.connect("doctree-resolved", resolved_first, priority=1)
    app.connect("doctree-resolved", resolved_before, priority=499)
    app.connect("doctree-resolved", resolved_after, priority=501)
    app.connect("html-page-context", page_context, priority=1)
    app.connect("build-finished", finished_before, priority=499)
    app.connect("build-finished", finished_after, priority=501)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
