"""Which of the optimisations resting on other packages' internals run in a build.

Each is on unless ``conf.py`` switches it off; one also switches itself off when the installed
Sphinx or Furo is outside the releases it was tested with (``_compat.TESTED``), saying so once
per build: Sphinx's and Furo's own behaviour then takes over, slower but right.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util import logging

from nhs_assurance._compat import untested_packages
from nhs_assurance.config import FEATURE_SETTINGS, settings
from nhs_assurance.state import extension_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


def decide_features(app: Sphinx) -> dict[str, bool]:
    """``builder-inited``: decide once per build which features run, and say why one does not
    when the author did not switch it off."""
    decided: dict[str, bool] = {}
    configured = settings(app.config)
    for feature, setting in FEATURE_SETTINGS.items():
        # A setting nobody declared (this module loaded without the rest) leaves its feature off.
        wanted = setting in app.config and bool(getattr(configured, feature))
        untested = untested_packages(feature) if wanted else ()
        if untested:
            logger.info(
                "nhs_assurance: %s is switched off: it was not tested with %s (set %s = False "
                "to silence this)",
                feature, ", ".join(untested), setting,
            )  # fmt: skip
        decided[feature] = wanted and not untested
    extension_state(app.env).build.features = decided
    return decided


def feature_enabled(app: Sphinx, feature: str) -> bool:
    """Whether *feature* runs in this build."""
    decided = extension_state(app.env).build.features
    if decided is None:  # asked before builder-inited
        decided = decide_features(app)
    return decided[feature]


def setup_features(app: Sphinx) -> None:
    """Decide which features run as each build starts."""
    app.connect("builder-inited", decide_features)
