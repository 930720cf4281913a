"""The pieces of the ``hazard-log``: the log's rows, the two risk matrices with the number of
hazards in each cell, the legend of the ratings, and the links to the exports.

Every cell says what it means in words and numbers (``Rating 4``, ``2 hazards``); a rating's
class (``nhs-risk-4``) may tint it, never as the only carrier of its meaning. The matrices are
tables whose first column and first row are headers, so a screen reader names the likelihood
and the severity of each cell it reads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Final, cast

from docutils import nodes

from nhs_assurance.core.hazard import HAZARD_STATUSES
from nhs_assurance.core.hazard_export import CSV_FILENAME, JSON_FILENAME, XLSX_FILENAME
from nhs_assurance.core.hazard_record import HazardRecord, assessment_counts, unassessed
from nhs_assurance.core.risk_matrix import LIKELIHOODS, RATINGS, SEVERITIES
from nhs_assurance.extras import missing
from nhs_assurance.registry.tables import Cell, table

if TYPE_CHECKING:
    from nhs_assurance.core.risk_matrix import Assessment, RiskMatrix

#: Makes a link to a page (docname, anchor) around a node.
Link = Callable[[str, str, nodes.Node], nodes.Node]

LOG_HEADER: Final = ("ID", "Title", "Initial rating", "Residual rating", "Status", "Page")
LOG_WIDTHS: Final = (10, 26, 20, 20, 12, 12)
MATRIX_WIDTHS: Final = (15, 17, 17, 17, 17, 17)
#: What a reader sees where a hazard has no (valid) assessment: words, never a blank or a dash.
NOT_ASSESSED: Final = "Not assessed"
#: Hidden on screen, read by screen readers (``nhs_assurance.css``).
VISUALLY_HIDDEN: Final = "nhs-visually-hidden"


def count_text(count: int) -> str:
    """``No hazards``, ``1 hazard``, ``2 hazards``."""
    if count == 0:
        return "No hazards"
    return f"{count} hazard" if count == 1 else f"{count} hazards"


def rating_cell(assessment: Assessment | None, matrix: RiskMatrix) -> nodes.Node:
    """A rating in the log: its number and what it means, or ``Not assessed``."""
    if assessment is None:
        return nodes.inline("", NOT_ASSESSED, classes=["nhs-risk", "nhs-risk-0"])
    rating = assessment.rating
    return nodes.inline(
        "",
        "",
        nodes.strong("", str(rating)),
        nodes.Text(f" ({matrix.meaning(rating)})"),
        classes=["nhs-risk", f"nhs-risk-{rating}"],
    )


def log_rows(
    records: Sequence[HazardRecord],
    matrix: RiskMatrix,
    link: Link,
    page_title: Callable[[str], str],
) -> list[list[Cell]]:
    """The log's rows: ID (linked to the entry), title, initial and residual rating, status,
    page (linked)."""
    rows: list[list[Cell]] = []
    for record in records:
        id_text = nodes.inline(record.id, record.id, classes=["nhs-hazard-id"])
        status = HAZARD_STATUSES[record.status]
        rows.append(
            [
                link(record.docname, record.anchor, id_text),
                nodes.Text(record.title or "(no title)"),
                rating_cell(record.initial, matrix),
                rating_cell(record.residual, matrix),
                nodes.inline(
                    "", status, classes=["nhs-hazard-status", f"nhs-hazard-status-{record.status}"]
                ),
                link(record.docname, "", nodes.inline("", page_title(record.docname))),
            ]
        )
    return rows


def matrix_table(
    records: Sequence[HazardRecord],
    matrix: RiskMatrix,
    *,
    residual: bool,
    hidden_meanings: bool,
    classes: list[str],
) -> nodes.table:
    """The 5 x 5 matrix, highest likelihood first as the standards print it: in each cell its
    rating and the number of hazards there (their initial, or *residual*, assessment).

    With *hidden_meanings* (HTML) each cell also carries the rating's meaning for screen
    readers, who meet the cells one by one; sighted readers have the legend beside it.
    """
    counts = assessment_counts(records, residual=residual)
    which = "Residual" if residual else "Initial"
    caption = f"{which} risk: number of hazards in each cell of the risk matrix"
    rows: list[list[Cell]] = []
    cells: list[list[tuple[int, int]]] = []  # (rating, count) of each cell, row by row
    for likelihood in reversed(LIKELIHOODS):
        row: list[Cell] = [nodes.Text(likelihood)]
        row_cells = []
        for severity in SEVERITIES:
            rating = matrix.rating(severity, likelihood)
            count = counts[(likelihood, severity)]
            row_cells.append((rating, count))
            para = nodes.paragraph()
            para += nodes.inline("", f"Rating {rating}", classes=["nhs-matrix-rating"])
            if hidden_meanings:
                para += nodes.inline("", f" ({matrix.meaning(rating)})", classes=[VISUALLY_HIDDEN])
            para += nodes.inline("", ", ", classes=[VISUALLY_HIDDEN] if hidden_meanings else [])
            para += nodes.inline("", count_text(count), classes=["nhs-matrix-count"])
            row.append([para])
        rows.append(row)
        cells.append(row_cells)
    result = table(
        ("Likelihood", *SEVERITIES),
        rows,
        MATRIX_WIDTHS,
        ["nhs-risk-matrix", f"nhs-risk-matrix-{which.lower()}", *classes],
        caption=caption,
        row_headers=True,
    )
    # Each cell carries its rating's class, for a tint that repeats what its text says.
    body = next(result.findall(nodes.tbody))
    for row_node, row_cells in zip(body.children, cells, strict=True):
        for entry, (rating, count) in zip(row_node.children[1:], row_cells, strict=True):
            entry = cast("nodes.Element", entry)  # a table's rows hold entries
            entry["classes"] += ["nhs-risk", f"nhs-risk-{rating}"]
            if count:
                entry["classes"].append("nhs-risk-counted")
    return result


def not_counted(
    records: Sequence[HazardRecord], *, residual: bool, link: Link
) -> nodes.paragraph | None:
    """The hazards a matrix leaves out (no valid assessment of its kind), linked; or ``None``."""
    missing = unassessed(records, residual=residual)
    if not missing:
        return None
    which = "residual" if residual else "initial"
    para = nodes.paragraph(classes=["nhs-risk-not-counted"])
    para += nodes.Text(f"Not counted (no valid {which} assessment): ")
    for index, record in enumerate(missing):
        if index:
            para += nodes.Text(", ")
        para += link(record.docname, record.anchor, nodes.inline(record.id, record.id))
    return para


def legend_table(matrix: RiskMatrix, classes: list[str]) -> nodes.table:
    """What each rating means, as the matrix in use says."""
    rows: list[list[Cell]] = [
        [nodes.Text(str(rating)), nodes.Text(matrix.meaning(rating))] for rating in RATINGS
    ]
    result = table(
        ("Rating", "Meaning"),
        rows,
        (15, 85),
        ["nhs-risk-legend", *classes],
        caption="What each clinical risk rating means",
        row_headers=True,
    )
    body = next(result.findall(nodes.tbody))
    for row_node, rating in zip(body.children, RATINGS, strict=True):
        header = cast("nodes.Element", row_node.children[0])  # a table's rows hold entries
        header["classes"] += ["nhs-risk", f"nhs-risk-{rating}"]
    return result


def downloads(uri: Callable[[str], str], published: Callable[[str], str]) -> nodes.paragraph:
    """Links to the log's exports; *published* gives a file's name as the site publishes it,
    *uri* makes its address relative to the page."""
    para = nodes.paragraph(classes=["nhs-hazard-downloads"])
    para += nodes.Text("Download the log: ")
    files: tuple[tuple[str, str], ...] = (
        (CSV_FILENAME, "CSV"),
        (XLSX_FILENAME, "Excel workbook"),
        (JSON_FILENAME, "JSON"),
    )
    if missing("workbook"):  # no workbook without the `workbook` extra (registry/export.py)
        files = tuple(file for file in files if file[0] != XLSX_FILENAME)
    for index, (name, kind) in enumerate(files):
        if index:
            para += nodes.Text(", ")
        name = published(name)
        para += nodes.reference(name, name, refuri=uri(name))
        para += nodes.Text(f" ({kind})")
    para += nodes.Text(".")
    return para
