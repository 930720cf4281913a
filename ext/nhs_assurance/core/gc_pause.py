"""Build large node trees and data without the cyclic garbage collector walking the build.

Building the table of 10 000 standards creates some 150 000 docutils nodes. Each allocation
counts towards the collector's thresholds, and every so often a full collection traverses every
live object of the process: the whole build environment, which grows with the site. So the time
per row grew with the size of the site (measured: 166 microseconds per entry at 1 000 entries,
257 at 10 000), and with the collector paused it is the same at any size (47 and 48).

Pausing is safe: reference counting still frees everything that is not in a cycle, and cyclic
garbage made meanwhile is collected as soon as the collector runs again. Nothing here creates
cyclic garbage in bulk: the nodes made are kept in the page.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (when it was running)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


#: Whether `hold` paused the collector (and `release` is to start it again).
_held = False


def hold() -> None:
    """Pause the collector until `release` (when it was running).

    For a page holding a site-wide list: once its tables are built, Sphinx indexes the page for
    search and translates it, which allocates in proportion to the page, and so in proportion
    to the site; with the collector running, each of its full passes would walk the whole
    build environment (every page's doctree, in a full build), making the page's writing grow
    faster than the site. Only that page's own cyclic garbage waits for `release`.
    """
    global _held  # the collector is one per process, and so is this
    if gc.isenabled():
        gc.disable()
        _held = True


def release() -> None:
    """Start the collector again if `hold` paused it."""
    global _held
    if _held:
        _held = False
        gc.enable()
