"""Tables the registry shows, as docutils nodes every builder lays out: a table with a header
row (what screen readers and LaTeX repeat per page), the same rows as a list where LaTeX cannot
nest a table, and the LaTeX column widths of each table."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes

#: A table cell: one inline node (put in a paragraph), or a list of block nodes.
Cell = nodes.Node | list[nodes.Node]


def table(
    header: tuple[str, ...],
    rows: list[list[Cell]],
    widths: tuple[int, ...],
    classes: list[str],
    *,
    caption: str = "",
    row_headers: bool = False,
) -> nodes.table:
    """A docutils table with a header row (what screen readers and LaTeX repeat per page).

    *caption* titles it; with *row_headers*, each row's first cell is that row's header (a
    "stub" column: ``<th>`` in HTML), so a screen reader names the row and the column of a cell.
    """
    result = nodes.table(classes=classes)
    if caption:
        result += nodes.title(caption, caption)
    group = nodes.tgroup(cols=len(header))
    result += group
    colspecs = [nodes.colspec(colwidth=width) for width in widths]
    if row_headers and colspecs:
        colspecs[0]["stub"] = 1
    group += colspecs
    head = nodes.thead()
    head += _row([nodes.Text(label) for label in header])
    body = nodes.tbody()
    body += [_row(cells) for cells in rows]
    group += [head, body]
    return result


def bullet_list(
    header: tuple[str, ...], rows: list[list[Cell]], classes: list[str]
) -> nodes.Element:
    """The rows as a bullet list: the first cell, then each other cell after its header label."""
    result = nodes.bullet_list(classes=classes)
    for first, *others in rows:
        item = nodes.list_item()
        para = nodes.paragraph()
        blocks: list[nodes.Node] = []
        for label, cell in zip(header, [first, *others], strict=True):
            if isinstance(cell, list):
                blocks += cell
            elif cell.astext():
                if para.children:
                    para += nodes.Text(f"; {label}: ")
                para += cell
        item += [*blocks, para] if blocks else [para]
        result += item
    return result


def _row(cells: list[Cell]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += cell if isinstance(cell, list) else nodes.paragraph("", "", cell)
        row += entry
    return row


def list_table_columns(widths: tuple[int, ...]) -> addnodes.tabular_col_spec:
    """The LaTeX column spec for a list table: its own widths, cells ragged right.

    By default Sphinx's LaTeX writer ignores the widths a table is built with, gives every column
    the same share of the page, and justifies the cells, which hyphenates words such as
    "Mandatory" in narrow columns. A ``tabular_col_spec`` before the table (what the
    ``tabularcolumns`` directive makes) sets both; ``\\nhsraggedcell`` is defined in the
    extension's LaTeX package (``writers/texinputs/nhsassurance.sty``).
    """
    total = sum(widths)
    spec = "".join(rf">{{\nhsraggedcell}}\X{{{width}}}{{{total}}}" for width in widths)
    return addnodes.tabular_col_spec(spec=spec)
