"""The register as files: ``standards.json`` for compliance tooling, and the hazard log as
``hazards.json``, ``hazards.csv`` and ``hazards.xlsx``.

The web site's build (``outputs.publishes_website``) writes them at the root of its output.
What each file holds is made in ``core`` without Sphinx (``core/standard.py``,
``core/hazard_export.py``, ``core/hazard_xlsx.py``); this module hands them the register and
writes them. The JSON files' shapes are described by the JSON Schemas
``schemas/standards.schema.json`` and ``schemas/hazards.schema.json`` shipped with the package.
Each file depends on nothing but the sources (the workbook's date is ``SOURCE_DATE_EPOCH`` when
set), so two builds of the same sources give the same bytes, and a file is written only when
its bytes change.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from nhs_assurance.config import settings
from nhs_assurance.core.gc_pause import collector_paused
from nhs_assurance.core.hazard_export import (
    CSV_FILENAME,
    JSON_FILENAME,
    XLSX_FILENAME,
    hazards_csv,
    hazards_json,
)
from nhs_assurance.core.hazard_xlsx import build_date, hazards_xlsx, workbook_date_is
from nhs_assurance.core.standard import JSON_FILENAME as STANDARDS_FILENAME
from nhs_assurance.core.standard import standards_json
from nhs_assurance.outputs import declare_output, publishes_website
from nhs_assurance.registry.domain import nhs_domain
from nhs_assurance.state import risk_matrix

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def write_standards_json(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write ``standards.json`` next to the web site's pages."""
    if exception is not None or not publishes_website(app.builder):
        return
    domain = nhs_domain(app.env)
    version = app.config.release or app.config.version
    # Thousands of small dicts: see core/gc_pause for why the collector is paused meanwhile.
    with collector_paused():
        text = standards_json(
            domain.sorted_standards(), app.builder.get_target_uri, app.config.project, version
        )
    write_if_changed(Path(app.outdir) / STANDARDS_FILENAME, text.encode("utf-8"))


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write *data* to *path* unless it already holds exactly that; say whether it wrote."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.write_bytes(data)
    return True


def write_hazard_exports(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write ``hazards.json``, ``hazards.csv`` and ``hazards.xlsx``.

    The workbook costs far more than the others (a ZIP of XML), so it is made again only when
    the log's rows (the CSV, which holds every cell of it) or its date changed.
    """
    if exception is not None or not publishes_website(app.builder):
        return
    outdir = Path(app.outdir)
    domain = nhs_domain(app.env)
    matrix = risk_matrix(app.env, settings(app.config).risk_matrix)
    page_uri = app.builder.get_target_uri
    # Thousands of small dicts: see core/gc_pause for why the collector is paused meanwhile.
    with collector_paused():
        hazards = domain.sorted_hazards()
        write_if_changed(outdir / JSON_FILENAME, hazards_json(hazards, page_uri).encode("utf-8"))
        csv_changed = write_if_changed(
            outdir / CSV_FILENAME, hazards_csv(hazards, page_uri, matrix).encode("utf-8")
        )
        when = build_date()
        xlsx = outdir / XLSX_FILENAME
        if csv_changed or not workbook_date_is(xlsx, when):
            write_if_changed(xlsx, hazards_xlsx(hazards, page_uri, matrix, when))


def setup_export(app: Sphinx) -> None:
    """Write ``standards.json`` and the hazard log's files at the end of every HTML build."""
    app.connect("build-finished", write_standards_json)
    app.connect("build-finished", write_hazard_exports)
    declare_output(app, STANDARDS_FILENAME, JSON_FILENAME, CSV_FILENAME, XLSX_FILENAME)
