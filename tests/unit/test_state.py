"""The build's working state (``state.BuildState``) never outlives the build: the environment is
pickled after reading and by parallel readers, and the state's pickle leaves it empty."""

from __future__ import annotations

import pickle

from nhs_assurance.core.risk_matrix import DEFAULT_MATRIX
from nhs_assurance.state import BuildState, ExtensionState


def test_a_pickled_state_keeps_the_site_facts_and_drops_the_build_state() -> None:
    state = ExtensionState()
    state.documents["links"] = {"index": ("other",)}
    state.site["known_pages"] = {"index", "other"}
    state.build.features = {"furo_navigation": True}
    state.build.risk_matrix = DEFAULT_MATRIX
    state.build.furo_navigation = object()  # stands for the navigation, which holds the builder
    copy = pickle.loads(pickle.dumps(state))
    assert copy.documents == state.documents
    assert copy.site == state.site
    assert copy.build == BuildState()
    assert state.build.features == {"furo_navigation": True}  # the running build keeps its own
