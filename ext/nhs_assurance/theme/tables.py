"""Every table of an HTML page scrolls inside a region of its own, never the page.

On a phone, or at 400 % zoom, a table wider than the screen would make the whole content
column scroll sideways (WCAG 1.4.10, Reflow). Furo wraps the tables it sees in a
``div.table-wrapper`` that scrolls, but only those that exist during its post-transform: the
tables the registry renders later (the standards table, the compliance register) were left
bare. And a region that only scrolls cannot be reached from the keyboard (WCAG 2.1.1), nor
told apart by a screen reader.

So, as each page is written (``doctree-resolved``, after the registry has rendered its tables),
every table is put in a :class:`~nhs_assurance.nodes.table_region`: Furo's wrapper is replaced,
a bare table is wrapped. In HTML the region is focusable (``tabindex="0"``), announced as a
region (``role="region"``) and named after the table's caption or, without one, its section's
heading; a second table under the same heading is "Heading (table 2)", so that no two regions
of a page share a name (axe: ``landmark-unique``). The region keeps the ``table-wrapper``
class, so Furo's styles (and its sideways scrolling) still apply.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from docutils import nodes

from nhs_assurance.nodes import table_region

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The class Furo gives its table wrappers, which its stylesheet makes scroll sideways.
WRAPPER_CLASS = "table-wrapper"
#: The name of a table with neither caption nor heading above it.
FALLBACK_LABEL = "Table"


def plain(text: str) -> str:
    """*text* on one line, its runs of white space made single spaces."""
    return " ".join(text.split())


def table_label(table: nodes.table) -> str:
    """What the table's region is called: its caption, else its section's heading."""
    for child in table.children:
        if isinstance(child, nodes.title) and plain(child.astext()):
            return plain(child.astext())
    parent = table.parent
    while parent is not None:
        if isinstance(parent, nodes.section) and parent.children:
            heading = parent[0]
            if isinstance(heading, nodes.title) and plain(heading.astext()):
                return plain(heading.astext())
        parent = parent.parent
    return FALLBACK_LABEL


def furo_wrapper(table: nodes.table) -> nodes.container | None:
    """The wrapper Furo put around *table*, if it did."""
    parent = table.parent
    if (
        isinstance(parent, nodes.container)
        and WRAPPER_CLASS in parent["classes"]
        and len(parent.children) == 1
    ):
        return parent
    return None


def put_tables_in_regions(doctree: nodes.Node) -> None:
    """Put every table of *doctree* in a named, focusable region of its own."""
    labels: Counter[str] = Counter()
    for table in list(doctree.findall(nodes.table)):
        if isinstance(table.parent, table_region):
            continue  # a doctree written twice (singlehtml reuses pages' doctrees)
        label = table_label(table)
        labels[label] += 1
        if labels[label] > 1:
            label = f"{label} (table {labels[label]})"
        wrapper = furo_wrapper(table)
        if wrapper is None:
            region = table_region(classes=[WRAPPER_CLASS], label=label)
            table.parent.replace(table, region)
        else:
            # Furo copies the table's IDs onto its wrapper: keep each ID on the table only.
            ids = [i for i in wrapper["ids"] if i not in table["ids"]]
            region = table_region(classes=list(wrapper["classes"]), ids=ids, label=label)
            wrapper.parent.replace(wrapper, region)
        region.append(table)


def tables_in_regions(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: on HTML pages only (other formats lay tables out themselves)."""
    if app.builder.format == "html":
        put_tables_in_regions(doctree)


def setup_tables(app: Sphinx) -> None:
    """Wrap tables after the registry has rendered its own (the default priority, 500)."""
    app.connect("doctree-resolved", tables_in_regions, priority=800)
