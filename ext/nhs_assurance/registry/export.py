"""The register as files: ``standards.json`` for compliance tooling, and the hazard log as
``hazards.json``, ``hazards.csv`` and ``hazards.xlsx``.

The web site's build (``outputs.publishes_website``) writes them at the root of its output;
the hazard log's files only when the site declares a hazard (a site without one publishes no
empty log), and the workbook only when openpyxl (the ``workbook`` extra) is installed. A site of
examples (``nhs_assurance_exports_are_examples``, a handbook) names them
``example-standards.json``, ``example-hazards.json`` and so on, so that its fictional entries
are never taken for a real register or hazard log.
What each file holds is made in ``core`` without Sphinx (``core/standard.py``,
``core/hazard_export.py``, ``core/hazard_xlsx.py``); this module hands them the register and
writes them. The JSON files' shapes are described by the JSON Schemas
``schemas/standards.schema.json`` and ``schemas/hazards.schema.json`` shipped with the package.
Each file depends on nothing but the sources (the workbook's date is ``SOURCE_DATE_EPOCH`` when
set), so two builds of the same sources give the same bytes, and a file is written only when
its bytes change.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from nhs_assurance.config import settings
from nhs_assurance.core.approval import HistoryRow, history_cells
from nhs_assurance.core.gc_pause import collector_paused
from nhs_assurance.core.hazard_export import (
    CSV_FILENAME,
    JSON_FILENAME,
    XLSX_FILENAME,
    DocumentInfo,
    hazards_csv,
    hazards_json,
)
from nhs_assurance.core.review import build_date as safety_build_date
from nhs_assurance.core.standard import JSON_FILENAME as STANDARDS_FILENAME
from nhs_assurance.core.standard import standards_json
from nhs_assurance.extras import install_hint, missing
from nhs_assurance.outputs import EVENT, publishes_website
from nhs_assurance.registry.approvals import history
from nhs_assurance.registry.controls import exported_controls
from nhs_assurance.registry.domain import nhs_domain
from nhs_assurance.state import risk_matrix

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from nhs_assurance.core.hazard_record import HazardRecord

logger = logging.getLogger(__name__)

#: What the name of each export of a site of examples starts with.
EXAMPLE_PREFIX = "example-"
HAZARD_FILENAMES = (JSON_FILENAME, CSV_FILENAME, XLSX_FILENAME)


def export_filename(config: Config, name: str) -> str:
    """The file *name* (``standards.json``, ``hazards.csv``...) as this site publishes it."""
    return EXAMPLE_PREFIX + name if settings(config).exports_are_examples else name


def export_filenames(app: Sphinx) -> tuple[str, ...]:
    """Every file the exports may write, as this site names them."""
    names = (STANDARDS_FILENAME, *HAZARD_FILENAMES)
    return tuple(export_filename(app.config, name) for name in names)


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
    path = Path(app.outdir) / export_filename(app.config, STANDARDS_FILENAME)
    write_if_changed(path, text.encode("utf-8"))


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write *data* to *path* unless it already holds exactly that; say whether it wrote."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.write_bytes(data)
    return True


def write_hazard_exports(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write ``hazards.json``, ``hazards.csv`` and ``hazards.xlsx``."""
    if exception is not None or not publishes_website(app.builder):
        return
    outdir = Path(app.outdir)
    json_path, csv_path, xlsx = (
        outdir / export_filename(app.config, name) for name in HAZARD_FILENAMES
    )
    domain = nhs_domain(app.env)
    hazards = domain.sorted_hazards()
    if not hazards:
        # No log: no files, and none left over from a build that had hazards.
        for path in (json_path, csv_path, xlsx):
            path.unlink(missing_ok=True)
        return
    matrix = risk_matrix(app.env, settings(app.config).risk_matrix)
    page_uri = app.builder.get_target_uri
    # Thousands of small dicts: see core/gc_pause for why the collector is paused meanwhile.
    with collector_paused():
        info = DocumentInfo(
            app.config.project,
            app.config.release or app.config.version,
            safety_build_date(os.environ)[0].isoformat(),  # a bad value is warned about once
        )
        controls = exported_controls(app)
        json_text = hazards_json(hazards, page_uri, info, controls)
        write_if_changed(json_path, json_text.encode("utf-8"))
        csv_text = hazards_csv(hazards, page_uri, matrix)
        write_if_changed(csv_path, csv_text.encode("utf-8"))
        write_workbook(app, xlsx, hazards, controls, (json_text, csv_text), history(app))


def write_workbook(
    app: Sphinx,
    path: Path,
    hazards: list[HazardRecord],
    controls: list[dict[str, Any]],
    texts: tuple[str, ...],
    approvals: Sequence[HistoryRow] = (),
) -> None:
    """Write ``hazards.xlsx`` (when openpyxl is installed) with the *hazards*, the *controls*
    and the version history (*approvals*).

    The workbook costs far more than the other files (a ZIP of XML), so it is made again only
    when what it holds changed: its properties carry a fingerprint of *texts* (``hazards.json``
    and the CSV file, which hold every cell of its log and controls), the version history and
    its date.
    """
    if missing("workbook"):
        # Said on every build, never a silent gap: the page offers the other two files only.
        hint = install_hint("workbook")
        logger.info("%s is not written: the workbook needs openpyxl (%s)", path.name, hint)
        return
    from nhs_assurance.core.hazard_xlsx import build_date, fingerprint, hazards_xlsx, workbook_is

    when = build_date()
    history = ["\t".join(history_cells(row)) for row in approvals]
    identifier = fingerprint(*texts, *history, when.isoformat())
    if workbook_is(path, when, identifier):
        return
    matrix = risk_matrix(app.env, settings(app.config).risk_matrix)
    data = hazards_xlsx(
        hazards,
        app.builder.get_target_uri,
        matrix,
        when,
        controls=controls,
        approvals=approvals,
        identifier=identifier,
    )
    write_if_changed(path, data)


def setup_export(app: Sphinx) -> None:
    """Write ``standards.json`` and the hazard log's files at the end of every HTML build."""
    app.connect("build-finished", write_standards_json)
    app.connect("build-finished", write_hazard_exports)
    # Declared as this site names them, once its configuration is read.
    app.connect(EVENT, export_filenames)
