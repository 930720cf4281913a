"""Every configuration value of the extension, declared once: name, default, type, meaning.

``setup_config`` registers them all with Sphinx. The rest of the extension reads them through
:func:`settings`, one typed object (:class:`Settings`, a field for each of :data:`SETTINGS`), never
as untyped attributes of ``app.config`` or by a string of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, Final, Literal

from sphinx.errors import ConfigError

from nhs_assurance.core import baseline, verification
from nhs_assurance.core.risk_matrix import MatrixError, default_matrix_config, matrix_from_config

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from sphinx.application import Sphinx
    from sphinx.config import Config


@dataclass(frozen=True)
class Setting:
    """One configuration value: what ``app.add_config_value`` is given."""

    name: str
    default: Any
    #: What a change of the value makes Sphinx do: "env" re-reads every page, "" nothing.
    rebuild: Literal["env", "html", ""]
    types: tuple[type, ...]
    description: str
    #: Lines of ``conf.py`` that set it, for the handbook's settings reference (Python that
    #: tests/test_references.py runs: it must set the value to one of ``types``).
    example: str


ORIGINAL_SITE: Final = "nhs_assurance_original_site"
FRONTMATTER_KEYS: Final = "nhs_assurance_frontmatter_keys"
FURO_NAVIGATION: Final = "nhs_assurance_furo_navigation"
TRIM_TOCTREE_REWRITES: Final = "nhs_assurance_trim_toctree_rewrites"
PDF_BASENAME: Final = "nhs_pdf_basename"
PDF_LANGUAGE: Final = "nhs_pdf_language"
RISK_MATRIX: Final = "nhs_assurance_risk_matrix"
EXPORTS_ARE_EXAMPLES: Final = "nhs_assurance_exports_are_examples"
TEST_RESULTS: Final = verification.SETTING
SAFETY_BASELINE: Final = baseline.SETTING

#: The settings that switch the optimisations resting on other packages' internals, by feature.
FEATURE_SETTINGS: Final[dict[str, str]] = {
    "furo_navigation": FURO_NAVIGATION,
    "trim_toctree_rewrites": TRIM_TOCTREE_REWRITES,
}

SETTINGS: Final[tuple[Setting, ...]] = (
    Setting(
        ORIGINAL_SITE, "", "env", (str,),
        "The original site's address: links to pages this project does not carry go there.",
        'nhs_assurance_original_site = "https://developer.nhs.uk/apis/e-Referrals/"',
    ),
    Setting(
        FRONTMATTER_KEYS, [], "env", (list, tuple),
        "Front matter keys accepted without a warning, besides the Jekyll and tool keys known.",
        'nhs_assurance_frontmatter_keys = ["audience", "review_date"]',
    ),
    Setting(
        FURO_NAVIGATION, True, "", (bool,),
        "Render Furo's navigation tree once per build instead of once per page.",
        "nhs_assurance_furo_navigation = False  # leave the navigation to Furo",
    ),
    Setting(
        TRIM_TOCTREE_REWRITES, True, "", (bool,),
        "In an incremental build, rewrite a toctree parent only when the child's entry changed.",
        "nhs_assurance_trim_toctree_rewrites = False  # Sphinx's own rule: rewrite every parent",
    ),
    Setting(
        PDF_BASENAME, "", "env", (str,),
        "The accessible PDF's file name without .pdf (default: the project's name).",
        'nhs_pdf_basename = "ers-clinical-safety"',
    ),
    Setting(
        PDF_LANGUAGE, "", "env", (str,),
        "The accessible PDF's language tag, e.g. en-GB (default: Sphinx's `language`).",
        'nhs_pdf_language = "en-GB"',
    ),
    # "env": ratings are worked out, and their warnings given, as pages are read.
    Setting(
        RISK_MATRIX, default_matrix_config(), "env", (dict,),
        "The clinical risk matrix hazards are rated with: ratings by likelihood and severity, "
        "and what each rating means (DCB0129/DCB0160's by default).",
        "from nhs_assurance.core.risk_matrix import default_matrix_config\n\n"
        "# A fictional plan that rates a considerable harm of low likelihood 3, not 2.\n"
        "nhs_assurance_risk_matrix = default_matrix_config()\n"
        'nhs_assurance_risk_matrix["ratings"]["Low"]["Considerable"] = 3',
    ),
    Setting(
        EXPORTS_ARE_EXAMPLES, False, "", (bool,),
        "The site's entries are examples (a handbook): its exports are named example-*.json, "
        "example-*.csv and example-*.xlsx, so that nobody files them as a real register or log.",
        "nhs_assurance_exports_are_examples = True",
    ),
    # "": the results are read in every build, and the pages showing a verification that
    # changed are written again (registry/controls.py); no page needs reading again.
    Setting(
        TEST_RESULTS, [], "", (list, tuple, str),
        "JUnit XML files (globs, relative to the configuration folder) whose results verify "
        "the controls that name tests in :verified-by:.",
        'nhs_assurance_test_results = ["results/*.xml"]',
    ),
    # "env": a page showing the changes depends on the file (env.note_dependency), so a new
    # file, or a new value, has those pages read again (registry/issued.py).
    Setting(
        SAFETY_BASELINE, "", "env", (str,),
        "The hazards.json of the last issued version, kept in the project (relative to the "
        "configuration folder): safety-changes shows what changed since it.",
        'nhs_assurance_safety_baseline = "safety/issued/hazards-1.0.json"',
    ),
)  # fmt: skip


def _setting(name: str) -> Any:
    """A field of :class:`Settings` holding the configuration value *name*."""
    return field(metadata={"setting": name})


@dataclass(frozen=True)
class Settings:
    """The extension's settings in one build, typed: what :func:`settings` reads from a
    ``Config``. One field for each of :data:`SETTINGS` (a test checks), named after it."""

    original_site: str = _setting(ORIGINAL_SITE)
    frontmatter_keys: Sequence[str] = _setting(FRONTMATTER_KEYS)
    furo_navigation: bool = _setting(FURO_NAVIGATION)
    trim_toctree_rewrites: bool = _setting(TRIM_TOCTREE_REWRITES)
    pdf_basename: str = _setting(PDF_BASENAME)
    pdf_language: str = _setting(PDF_LANGUAGE)
    risk_matrix: Mapping[str, Any] = _setting(RISK_MATRIX)
    exports_are_examples: bool = _setting(EXPORTS_ARE_EXAMPLES)
    #: Checked when read (core/verification.read_test_results): a path, or a list of them.
    test_results: str | Sequence[str] = _setting(TEST_RESULTS)
    #: Checked when read (core/baseline.read_baseline): a path, or "" for none.
    safety_baseline: str = _setting(SAFETY_BASELINE)


def settings(config: Config) -> Settings:
    """The extension's settings in *config*, typed. A setting no part registered (a part loaded
    on its own registers only its own) has its default."""
    values = {}
    for item in fields(Settings):
        name = item.metadata["setting"]
        values[item.name] = config[name] if name in config else setting_named(name).default
    return Settings(**values)


def add_setting(app: Sphinx, setting: Setting) -> None:
    """Register one configuration value, unless a part loaded on its own did already.

    The ``nhs_pdf`` builder and the shared Furo navigation can be loaded without the rest of the
    extension (by ``-b nhs_pdf``, or by name in ``extensions``), and before it.
    """
    if setting.name in app.config:
        return
    app.add_config_value(
        setting.name,
        setting.default,
        setting.rebuild,
        types=frozenset(setting.types),
        description=setting.description,
    )


def setting_named(name: str) -> Setting:
    """The declaration of the configuration value *name*."""
    return next(setting for setting in SETTINGS if setting.name == name)


def check_risk_matrix(app: Sphinx, config: Config) -> None:
    """``config-inited``: stop the build with every problem of an unusable risk matrix.

    A configuration error, not a warning: no hazard could be rated with the matrix, and a page
    cannot cause (or fix) it.
    """
    try:
        matrix_from_config(config[RISK_MATRIX])
    except MatrixError as error:
        raise ConfigError(str(error)) from None


def setup_config(app: Sphinx) -> None:
    """Register every configuration value of the extension, and check those that can be wrong."""
    for setting in SETTINGS:
        add_setting(app, setting)
    app.connect("config-inited", check_risk_matrix)
