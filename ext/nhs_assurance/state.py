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
only through :func:`extension_state`, never through attributes set by hand. The working state
of the build is a :class:`BuildState`, a field for each thing a part keeps; a field's type comes
from this layer or a lower one (``tests/test_layers.py``), so the types of that state are
declared here, and the one object of a higher layer (the Furo navigation) is checked with
``isinstance`` by the module that owns it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Final, NamedTuple

from sphinx.environment.collectors import EnvironmentCollector

from nhs_assurance.core.risk_matrix import RiskMatrix, matrix_from_config

if TYPE_CHECKING:
    from collections.abc import Mapping, Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from nhs_assurance.core.baseline import Baseline
    from nhs_assurance.core.entry import EntryRecord
    from nhs_assurance.core.safety_problems import SafetyProblem

#: The environment attribute holding the :class:`ExtensionState`.
ATTRIBUTE: Final = "nhs_assurance_state"


class Shown(NamedTuple):
    """What pages show of the registry: per kind of entry, per key, the facts other pages show;
    and the compliance register as a whole (``registry/incremental.py``)."""

    entries: Mapping[str, Mapping[str, tuple[object, ...]]]
    mandatory: tuple[tuple[object, ...], ...]


@dataclass
class Rewrites:
    """What one build noted before reading, and Sphinx's mapping while it is trimmed
    (``theme/toctree_parents.py``)."""

    #: The pages this build reads.
    read: set[str]
    #: Their toctree entries before reading.
    before: Mapping[str, object]
    #: Every page's section numbers before reading, as text.
    numbers_before: dict[str, str]
    original: dict[str, set[str]] | None = field(default=None)


@dataclass
class BuildState:
    """The working state of the build in progress: each part's, by name. Never pickled."""

    #: The risk matrix made from the configuration (:func:`risk_matrix`).
    risk_matrix: RiskMatrix | None = None
    #: Which optimisations run in this build, by feature (``theme/features.py``).
    features: dict[str, bool] | None = None
    #: What toctree parents the build rewrites (``theme/toctree_parents.py``).
    toctree_rewrites: Rewrites | None = None
    #: The shared Furo navigation, a ``theme.furo_navigation.BuildNavigation`` (forked writers
    #: of a parallel build inherit it); a higher layer's type, so ``object`` here.
    furo_navigation: object | None = None
    #: What pages showed of the registry before anything was read (``registry/incremental.py``).
    shown_before: Shown | None = None
    #: The entries of each kind (by its name) by key, derived from the declarations
    #: (``registry/domain.py``); a kind is missing until its entries are asked for.
    entries_by_key: dict[str, dict[str, EntryRecord]] = field(default_factory=dict)
    #: The test results and every control's verification, a ``registry.controls.Evidence``
    #: worked out once per build (forked writers inherit it); a higher layer's type.
    control_evidence: object | None = None
    #: The digest of the safety content (``core/digest.py``), worked out once per build after
    #: reading (``registry/safety_content.py``).
    safety_digest: str | None = None
    #: The safety baseline read once per build (``registry/issued.py``): a
    #: ``core.baseline.Baseline``, a ``SafetyProblem`` saying why it cannot be used, or
    #: ``None`` when none is configured; `baseline_read` says whether it was read yet.
    baseline: Baseline | SafetyProblem | None = None
    baseline_read: bool = False
    #: conf.py's own ``redirects`` while the declared ones are added to it (``pages/redirects.py``).
    redirects_configured: dict[str, Any] | None = None


@dataclass
class ExtensionState:
    """The extension's state in one build environment."""

    #: Per-document facts of each collector, by collector name: ``{docname: value}``.
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Facts about the whole site, kept from one build to the next.
    site: dict[str, Any] = field(default_factory=dict)
    #: Working state of the build in progress; never pickled.
    build: BuildState = field(default_factory=BuildState)

    def __getstate__(self) -> dict[str, Any]:
        # The build's working state may hold unpicklable things (the builder) and must not
        # outlive the build: the environment is pickled after reading and by parallel readers.
        return {"documents": self.documents, "site": self.site, "build": BuildState()}


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
    if build.risk_matrix is None:
        build.risk_matrix = matrix_from_config(value)
    return build.risk_matrix


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
