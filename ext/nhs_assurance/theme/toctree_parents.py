"""An incremental build writes a page's toctree parent again only when the page's entry in it
changed.

Sphinx (``Builder.write``) writes, besides every page it re-read or was told to update, every
page whose toctree lists one of them (``env.files_to_rebuild``): the parent's toctree shows the
child's title and headings, which may have changed. Most edits change neither, yet the section
index page is written again (and, for a page that lists standards, the site's index). At
1000 pages that is one extra page per edit, and one page written that nothing changed in.

Here the entry a page has in its parents' toctrees is noted before the build reads anything:
its title, its table of contents (headings, and its own toctrees), its ``tocdepth`` and its
section numbers, all that Sphinx renders of it in a toctree. When writing starts, the pages whose
entry is unchanged are left out of ``files_to_rebuild`` for as long as Sphinx takes to decide
what to write, so their parents are written only for a reason of their own. Pages added in this
build, and any page the build cannot compare, keep Sphinx's behaviour. (The navigation sidebar
shows titles only, which are part of the entry, so it never goes stale on this account.)

``files_to_rebuild`` is put back as it was straight after: the environment was already saved
before writing, and nothing else reads the mapping. ``nhs_assurance_trim_toctree_rewrites =
False`` switches this off; it switches itself off, saying so, with a Sphinx release it was not
tested with, as it rests on Sphinx's internals (``_compat.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nhs_assurance._compat import (
    files_to_rebuild,
    section_numbers,
    set_files_to_rebuild,
    toctree_entry,
)
from nhs_assurance.state import Rewrites, extension_state
from nhs_assurance.theme.features import feature_enabled

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


def unchanged(rewrites: Rewrites, env: BuildEnvironment) -> set[str]:
    """The pages whose toctree entry this build has not changed."""
    numbers = section_numbers(env)
    same = set()
    for docname in files_to_rebuild(env):
        if docname in rewrites.read:
            if (
                docname in rewrites.before
                and toctree_entry(env, docname) == rewrites.before[docname]
            ):
                same.add(docname)
        elif repr(numbers.get(docname)) == rewrites.numbers_before.get(docname, repr(None)):
            same.add(docname)
    return same


def note_before_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: the entries of the pages about to be read, as they were."""
    if not feature_enabled(app, "trim_toctree_rewrites"):
        return
    before = {
        docname: entry for docname in docnames if (entry := toctree_entry(env, docname)) is not None
    }
    # Pages not read keep their title and headings; only their numbers can change.
    numbers_before = {d: repr(n) for d, n in section_numbers(env).items()}
    extension_state(env).build.toctree_rewrites = Rewrites(set(docnames), before, numbers_before)


def trim(app: Sphinx, builder: Builder) -> None:
    """``write-started``: hide the parents of unchanged entries from ``Builder.write``."""
    env = builder.env
    rewrites = extension_state(env).build.toctree_rewrites
    if rewrites is None:
        return  # the environment was not brought up to date: leave Sphinx be
    same = unchanged(rewrites, env)
    rewrites.original = files_to_rebuild(env)
    set_files_to_rebuild(
        env,
        {docname: parents for docname, parents in rewrites.original.items() if docname not in same},
    )


def restore(app: Sphinx, *args: Any) -> None:
    """Put ``files_to_rebuild`` back (at the first page written, or at the end)."""
    build = extension_state(app.env).build
    rewrites, build.toctree_rewrites = build.toctree_rewrites, None
    if rewrites is not None and rewrites.original is not None:
        set_files_to_rebuild(app.env, rewrites.original)


def setup_toctree_parents(app: Sphinx) -> None:
    """Register the trimming."""
    # Last, once other handlers have settled the list of pages to read.
    app.connect("env-before-read-docs", note_before_reading, priority=900)
    app.connect("write-started", trim)
    # Builder.write consults files_to_rebuild right after write-started, before any page.
    app.connect("doctree-resolved", restore, priority=1)
    app.connect("build-finished", restore)
