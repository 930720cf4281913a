"""A Sphinx extension for the registry, hazard and safety-file benchmarks: times what the
site-wide lists and the exports cost in a build.

Loaded only by the sites the benchmark writes for those parts. It brackets, with handlers just
before and just after the default priority (500) that nhs_assurance's handlers have:

- ``render_lists`` on each page holding a list (``standard-list``, ``hazard-log``,
  ``control-list``, ``safety-summary``; ``doctree-resolved``): building its tables;
- the whole writing of each such page, from ``doctree-resolved`` to ``html-page-context`` (the
  tables built, then translated to HTML);
- ``env-get-updated``: reading the test results and working out every control's verification
  (``registry/controls.py``), and ``env-check-consistency``: the safety file's warnings;
- ``write_standards_json`` and ``write_hazard_exports`` (``build-finished``: ``standards.json``,
  ``hazards.json``, ``.csv`` and ``.xlsx``; Furo's small stylesheet handler runs in the same
  bracket);

and the build's phases: reading (``env-before-read-docs`` to ``env-updated``) and writing
(after ``env-check-consistency`` to ``build-finished``).

The times go to ``bench-timing.json`` in the output folder: the page ``register`` under the keys
``standard_list_s`` (its lists) and ``page_write_s`` (its writing), every list page under
``pages``, the exports under ``standards_json_s``; wall-clock seconds, and the process's
processor seconds under ``cpu`` (and ``*_cpu_s`` for the pages).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nhs_assurance.nodes import control_list, hazard_log, safety_summary, standard_list

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

REGISTER = "register"
LISTS = standard_list | hazard_log | control_list | safety_summary
_started: dict[str, tuple[float, float]] = {}
_times: dict[str, float] = {}
_cpu: dict[str, float] = {}
_pages: dict[str, dict[str, float]] = {}


def _start(name: str) -> None:
    _started[name] = (time.perf_counter(), time.process_time())


def _stop(name: str) -> tuple[float, float] | None:
    """The wall-clock and processor time since *name* started (and record them)."""
    if name in _started:
        wall, cpu = _started.pop(name)
        _times[name] = time.perf_counter() - wall
        _cpu[name] = time.process_time() - cpu
        return _times[name], _cpu[name]
    return None


def resolved_first(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Start the clocks of a page showing a list."""
    lists = doctree.findall(lambda node: isinstance(node, LISTS))
    if next(iter(lists), None) is not None:
        _start(f"write:{docname}")


def resolved_before(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Start the list's clock just before ``render_lists``."""
    if f"write:{docname}" in _started:
        _start(f"lists:{docname}")


def resolved_after(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Stop the list's clock just after ``render_lists``."""
    if (seconds := _stop(f"lists:{docname}")) is not None:
        _pages.setdefault(docname, {}).update(zip(("lists_s", "lists_cpu_s"), seconds, strict=True))


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Stop the page's clock once its body is HTML."""
    if (seconds := _stop(f"write:{pagename}")) is not None:
        page = _pages.setdefault(pagename, {})
        page.update(zip(("write_s", "write_cpu_s"), seconds, strict=True))


def read_started(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Start the reading phase's clock."""
    _start("read_s")


def read_finished(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Stop it."""
    _stop("read_s")
    return []


def updated_before(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Start the clock of the test results and the verifications."""
    _start("evidence_s")
    return []


def updated_after(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Stop it."""
    _stop("evidence_s")
    return []


def consistency_before(app: Sphinx, env: BuildEnvironment) -> None:
    """Start the clock of the consistency checks (the safety file's warnings)."""
    _start("consistency_s")


def consistency_after(app: Sphinx, env: BuildEnvironment) -> None:
    """Stop it."""
    _stop("consistency_s")


def write_started(app: Sphinx, env: BuildEnvironment) -> None:
    """Start the writing phase's clock."""
    _start("write_s")


def finished_before(app: Sphinx, exception: Exception | None) -> None:
    """Stop the writing phase's clock and start that of the exports."""
    _stop("write_s")
    _start("standards_json_s")


def finished_after(app: Sphinx, exception: Exception | None) -> None:
    """Stop it and write the times."""
    _stop("standards_json_s")
    if exception is None:
        if REGISTER in _pages:
            _times["standard_list_s"] = _pages[REGISTER].get("lists_s", 0.0)
            _times["page_write_s"] = _pages[REGISTER].get("write_s", 0.0)
        path = Path(app.outdir) / "bench-timing.json"
        times = {**_times, "cpu": _cpu, "pages": _pages}
        path.write_text(json.dumps(times, indent=2) + "\n", "utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the clocks."""
    app.connect("env-before-read-docs", read_started, priority=1)
    app.connect("env-updated", read_finished, priority=999)
    app.connect("env-get-updated", updated_before, priority=499)
    app.connect("env-get-updated", updated_after, priority=501)
    app.connect("env-check-consistency", consistency_before, priority=499)
    app.connect("env-check-consistency", consistency_after, priority=501)
    app.connect("env-check-consistency", write_started, priority=999)
    app.connect("doctree-resolved", resolved_first, priority=1)
    app.connect("doctree-resolved", resolved_before, priority=499)
    app.connect("doctree-resolved", resolved_after, priority=501)
    app.connect("html-page-context", page_context, priority=1)
    app.connect("build-finished", finished_before, priority=499)
    app.connect("build-finished", finished_after, priority=501)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
