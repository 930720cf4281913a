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
before writing, and nothing else reads the mapping.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

#: A page's entry in a toctree, as text: everything Sphinx renders of it there.
Entry = tuple[str, str, object, object]


class ParentRewrites:
    """Remembers toctree entries across one build and trims Sphinx's parent rewrites."""

    def __init__(self) -> None:
        #: The pages this build reads (``None`` until reading starts).
        self.read: set[str] | None = None
        self.before: dict[str, Entry] = {}
        self.numbers_before: dict[str, str] = {}
        self.original: dict[str, set[str]] | None = None
        self.env: BuildEnvironment | None = None

    @staticmethod
    def entry(env: BuildEnvironment, docname: str) -> Entry | None:
        """The page's toctree entry, or ``None`` when the environment has none yet."""
        toc, title = env.tocs.get(docname), env.titles.get(docname)
        if toc is None or title is None:
            return None
        tocdepth = env.metadata.get(docname, {}).get("tocdepth")
        return (title.pformat(), toc.pformat(), tocdepth, env.toc_secnumbers.get(docname))

    def note_before_reading(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        """``env-before-read-docs``: the entries of the pages about to be read, as they were."""
        self.before = {
            docname: entry
            for docname in docnames
            if (entry := self.entry(env, docname)) is not None
        }
        # Pages not read keep their title and headings; only their numbers can change.
        self.numbers_before = {d: repr(n) for d, n in env.toc_secnumbers.items()}
        self.read = set(docnames)

    def unchanged(self, env: BuildEnvironment) -> set[str]:
        """The pages whose toctree entry this build has not changed."""
        same = set()
        for docname in env.files_to_rebuild:
            if self.read is not None and docname in self.read:
                if docname in self.before and self.entry(env, docname) == self.before[docname]:
                    same.add(docname)
            elif repr(env.toc_secnumbers.get(docname)) == self.numbers_before.get(
                docname, repr(None)
            ):
                same.add(docname)
        return same

    def trim(self, app: Sphinx, builder: Builder) -> None:
        """``write-started``: hide the parents of unchanged entries from ``Builder.write``."""
        env = builder.env
        if self.read is None:
            return  # the environment was not brought up to date: leave Sphinx be
        unchanged = self.unchanged(env)
        self.original, self.env = env.files_to_rebuild, env
        env.files_to_rebuild = {
            docname: parents
            for docname, parents in self.original.items()
            if docname not in unchanged
        }

    def restore(self, *args: Any) -> None:
        """Put ``files_to_rebuild`` back (at the first page written, or at the end)."""
        if self.original is not None and self.env is not None:
            self.env.files_to_rebuild = self.original
        self.original = self.env = None
        self.read = None


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the trimming (loaded by nhs_assurance)."""
    rewrites = ParentRewrites()
    # Last, once other handlers have settled the list of pages to read.
    app.connect("env-before-read-docs", rewrites.note_before_reading, priority=900)
    app.connect("write-started", rewrites.trim)
    # Builder.write consults files_to_rebuild right after write-started, before any page.
    app.connect("doctree-resolved", rewrites.restore, priority=1)
    app.connect("build-finished", rewrites.restore)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
