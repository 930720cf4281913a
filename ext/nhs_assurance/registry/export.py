"""The register as data: ``standards.json`` for compliance tooling, and the hazard log as
``hazards.json``, ``hazards.csv`` and ``hazards.xlsx``.

The web site's build (``outputs.publishes_website``) writes them at the root of its output;
the hazard log's files only when the site declares a hazard (a site without one publishes no
empty log). A site of examples (``nhs_assurance_exports_are_examples``, a handbook) names them
``example-standards.json``, ``example-hazards.json`` and so on, so that its fictional entries
are never taken for a real register or hazard log.
The JSON files' shapes are described by the JSON Schemas ``schemas/standards.schema.json`` and
``schemas/hazards.schema.json`` shipped with the package. Each file depends on nothing but the
sources (the workbook's date is ``SOURCE_DATE_EPOCH`` when set), so two builds of the same
sources give the same bytes, and a file is written only when its bytes change.
"""

from __future__ import annotations

import json
import os
import zipfile
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from nhs_assurance.config import EXPORTS_ARE_EXAMPLES, RISK_MATRIX
from nhs_assurance.core.gc_pause import collector_paused
from nhs_assurance.core.hazard_export import (
    CSV_FILENAME,
    JSON_FILENAME,
    XLSX_FILENAME,
    hazards_csv,
    hazards_json,
)
from nhs_assurance.extras import install_hint, missing
from nhs_assurance.outputs import EVENT, publishes_website
from nhs_assurance.registry.domain import nhs_domain
from nhs_assurance.state import risk_matrix

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

#: The date a workbook carries when SOURCE_DATE_EPOCH is not set (ZIP's earliest date).
EPOCH = datetime(1980, 1, 1, tzinfo=UTC)

FILENAME = "standards.json"
SCHEMA_VERSION = 1
#: What the name of each export of a site of examples starts with.
EXAMPLE_PREFIX = "example-"
HAZARD_FILENAMES = (JSON_FILENAME, CSV_FILENAME, XLSX_FILENAME)


def export_filename(config: Config, name: str) -> str:
    """The file *name* (``standards.json``, ``hazards.csv``...) as this site publishes it."""
    return EXAMPLE_PREFIX + name if config[EXPORTS_ARE_EXAMPLES] else name


def export_filenames(app: Sphinx) -> tuple[str, ...]:
    """Every file the exports may write, as this site names them."""
    return tuple(export_filename(app.config, name) for name in (FILENAME, *HAZARD_FILENAMES))


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
    """``build-finished``: write ``standards.json`` next to the web site's pages."""
    if exception is not None or not publishes_website(app.builder):
        return
    # Thousands of small dicts: see core/gc_pause for why the collector is paused meanwhile.
    with collector_paused():
        text = json.dumps(export(app), indent=2, ensure_ascii=False) + "\n"
    write_if_changed(Path(app.outdir) / export_filename(app.config, FILENAME), text.encode("utf-8"))


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write *data* to *path* unless it already holds exactly that; say whether it wrote."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.write_bytes(data)
    return True


def build_date() -> datetime:
    """The date the workbook carries: ``SOURCE_DATE_EPOCH`` when set (reproducible builds set
    it), else a fixed date, never the time of the build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else EPOCH


def workbook_date_is(path: Path, when: datetime) -> bool:
    """Whether the workbook at *path* exists and carries the date *when*."""
    try:
        with zipfile.ZipFile(path) as archive:
            core = archive.read("docProps/core.xml").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S") in core


def write_hazard_exports(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write ``hazards.json``, ``hazards.csv`` and ``hazards.xlsx``.

    The workbook costs far more than the others (a ZIP of XML), so it is made again only when
    the log's rows (the CSV, which holds every cell of it) or its date changed.
    """
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
    matrix = risk_matrix(app.env, app.config[RISK_MATRIX])
    page_uri = app.builder.get_target_uri
    # Thousands of small dicts: see core/gc_pause for why the collector is paused meanwhile.
    with collector_paused():
        write_if_changed(json_path, hazards_json(hazards, page_uri).encode("utf-8"))
        csv_changed = write_if_changed(
            csv_path, hazards_csv(hazards, page_uri, matrix).encode("utf-8")
        )
        if missing("workbook"):
            # Said on every build, never a silent gap: the page offers the other two files only.
            hint = install_hint("workbook")
            logger.info("%s is not written: the workbook needs openpyxl (%s)", xlsx.name, hint)
            return
        from nhs_assurance.registry.hazard_xlsx import hazards_xlsx

        when = build_date()
        if csv_changed or not workbook_date_is(xlsx, when):
            write_if_changed(xlsx, hazards_xlsx(hazards, page_uri, matrix, when))


def setup_export(app: Sphinx) -> None:
    """Write ``standards.json`` and the hazard log's files at the end of every HTML build."""
    app.connect("build-finished", write_standards_json)
    app.connect("build-finished", write_hazard_exports)
    # Declared as named once the configuration is read (see outputs.declare_output).
    app.connect(EVENT, export_filenames)
