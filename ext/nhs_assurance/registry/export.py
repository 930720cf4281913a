"""``standards.json``: the site's standards as data, for compliance tooling.

The HTML build writes it at the root of its output. Its shape is described by the JSON Schema
``schemas/standards.schema.json`` shipped with the package. The file depends on nothing but the
sources, so two builds of the same sources give the same bytes.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nhs_assurance.core.gc_pause import collector_paused
from nhs_assurance.outputs import declare_output
from nhs_assurance.registry.domain import nhs_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx

FILENAME = "standards.json"
SCHEMA_VERSION = 1


def schema() -> dict[str, Any]:
    """The JSON Schema that ``standards.json`` follows."""
    text = files("nhs_assurance").joinpath("schemas", "standards.schema.json").read_text("utf-8")
    return json.loads(text)


def export(app: Sphinx) -> dict[str, Any]:
    """The registry as the JSON document written to ``standards.json``."""
    domain = nhs_domain(app.env)
    builder = app.builder
    standards = []
    for record in domain.sorted_standards():
        page = builder.get_target_uri(record.docname)
        standards.append(
            {
                "id": record.id,
                "amendment": record.amendment or None,
                "title": record.title,
                "url": record.url or None,
                "status": record.status or None,
                "applies_to": record.applies_to or None,
                "page": f"{page}#{record.anchor}" if record.anchor else page,
                "description": record.description,
            }
        )
    return {
        "schema_version": SCHEMA_VERSION,
        "project": app.config.project,
        "version": app.config.release or app.config.version,
        "standards": standards,
    }


def write_standards_json(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write ``standards.json`` next to the HTML pages."""
    if exception is not None or app.builder.format != "html":
        return
    # Thousands of small dicts: see core/gc_pause for why the collector is paused meanwhile.
    with collector_paused():
        text = json.dumps(export(app), indent=2, ensure_ascii=False) + "\n"
    path = Path(app.outdir) / FILENAME
    if not path.exists() or path.read_text("utf-8") != text:
        path.write_text(text, encoding="utf-8")


def setup_export(app: Sphinx) -> None:
    """Write ``standards.json`` at the end of every HTML build."""
    app.connect("build-finished", write_standards_json)
    declare_output(app, FILENAME)
