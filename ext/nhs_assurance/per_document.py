"""Environment collectors that keep one plain value per document.

Such a collector stores ``{docname: value}`` as an attribute of the build environment, so the
data is pickled with it, and keeps it exact the way Sphinx's own collectors do: a document's
value is dropped when the document is re-read or removed (``clear_doc``) and copied in from the
worker that read it in a parallel build (``merge_other``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from sphinx.environment.collectors import EnvironmentCollector

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class PerDocumentCollector(EnvironmentCollector):
    """A collector whose data is one value per document, in ``env.<attribute>``."""

    #: The environment attribute holding the ``{docname: value}`` mapping.
    attribute: ClassVar[str]

    @classmethod
    def store(cls, env: BuildEnvironment) -> dict[str, Any]:
        """The collector's ``{docname: value}`` mapping in *env* (made empty when missing)."""
        if not hasattr(env, cls.attribute):
            setattr(env, cls.attribute, {})
        return getattr(env, cls.attribute)

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        self.store(env).pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
    ) -> None:
        mine, theirs = self.store(env), self.store(other)
        for docname in docnames:
            if docname in theirs:
                mine[docname] = theirs[docname]
