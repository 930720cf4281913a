"""The one home of the extension's build state, other than what pages declare.

Each kind of state has one place:

- what pages declare (standards, mandatory notes, references to them, lists shown): the ``nhs``
  domain's data (``registry/domain.py``), with ``clear_doc`` and ``merge_domaindata``;
- other facts about each page (its links by page name, its ``redirect_from``): environment
  collectors built on :class:`PerDocumentCollector`, one ``{docname: value}`` store each;
- facts about the site kept from one build to the next (the pages the last build knew);
- working state of the build in progress (snapshots taken before reading, the navigation
  rendered once per build): dropped whenever the environment is pickled, so it never reaches
  the next build or a parallel worker's result;
- the page being read: ``env.current_document``, which Sphinx starts afresh for each page.

All but the first and the last live in one :class:`ExtensionState` on the environment, reached
only through :func:`extension_state`, never through attributes set by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Final

from sphinx.environment.collectors import EnvironmentCollector

from nhs_assurance.core.risk_matrix import RiskMatrix, matrix_from_config

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: The environment attribute holding the :class:`ExtensionState`.
ATTRIBUTE: Final = "nhs_assurance_state"

#: Where the build keeps the risk matrix made from the configuration.
RISK_MATRIX_KEY: Final = "risk_matrix"


@dataclass
class ExtensionState:
    """The extension's state in one build environment."""

    #: Per-document facts of each collector, by collector name: ``{docname: value}``.
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Facts about the whole site, kept from one build to the next.
    site: dict[str, Any] = field(default_factory=dict)
    #: Working state of the build in progress; never pickled.
    build: dict[str, Any] = field(default_factory=dict)

    def __getstate__(self) -> dict[str, Any]:
        # The build's working state may hold unpicklable things (the builder) and must not
        # outlive the build: the environment is pickled after reading and by parallel readers.
        return {"documents": self.documents, "site": self.site, "build": {}}


def extension_state(env: BuildEnvironment) -> ExtensionState:
    """The extension's state in *env* (made empty the first time)."""
    state = getattr(env, ATTRIBUTE, None)
    if state is None:
        state = ExtensionState()
        setattr(env, ATTRIBUTE, state)
    return state


def risk_matrix(env: BuildEnvironment, value: object) -> RiskMatrix:
    """The risk matrix of the build, made from *value* (the configured
    ``nhs_assurance_risk_matrix``, ``config.RISK_MATRIX``) once per build and once per parallel
    reader, not once per hazard.

    The value was checked when the configuration was read (``config.check_risk_matrix``).
    """
    build = extension_state(env).build
    matrix: RiskMatrix | None = build.get(RISK_MATRIX_KEY)
    if matrix is None:
        matrix = build[RISK_MATRIX_KEY] = matrix_from_config(value)
    return matrix


class PerDocumentCollector(EnvironmentCollector):
    """An environment collector whose data is one plain value per document.

    It keeps the data exact the way Sphinx's own collectors do: a document's value is dropped
    when the document is re-read or removed (``clear_doc``) and copied in from the worker that
    read it in a parallel build (``merge_other``).
    """

    #: The name of the collector's store in :attr:`ExtensionState.documents`.
    name: ClassVar[str]

    @classmethod
    def store(cls, env: BuildEnvironment) -> dict[str, Any]:
        """The collector's ``{docname: value}`` mapping in *env*."""
        return extension_state(env).documents.setdefault(cls.name, {})

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        self.store(env).pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
    ) -> None:
        mine, theirs = self.store(env), self.store(other)
        for docname in docnames:
            if docname in theirs:
                mine[docname] = theirs[docname]
