"""Every internal of Sphinx, Furo, sphinx-reredirects and WeasyPrint the extension relies on
(``nhs_assurance/_compat.py``) is still what it was when checked (the probes of
``compat_probes.py``), and the features resting on them switch themselves off, saying so once,
outside the releases they were tested with."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from compat_probes import INTERNALS, CompatError, Internal
from helpers import BASE_CONF, HANDBOOK_DIR, REPO_ROOT, BuildResult, Site, page_with
from nhs_assurance import _compat
from nhs_assurance.theme import furo_navigation

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """A Furo site with sphinx-reredirects, built: what every probe looks at."""
    site = Site(tmp_path_factory.mktemp("compat"))
    site.conf = BASE_CONF.replace('"nhs_assurance"]', '"nhs_assurance", "sphinx_reredirects"]')
    site.write_pages({"one": page_with("One."), "two": page_with("Two.")})
    return site.build()


@pytest.mark.parametrize("internal", INTERNALS, ids=lambda item: item.name)
def test_internal_is_as_checked(internal: Internal, built: BuildResult) -> None:
    internal.check(built.app)  # raises CompatError naming the item


def test_every_internal_says_why_and_against_which_versions() -> None:
    names = [internal.name for internal in INTERNALS]
    assert len(names) == len(set(names))
    for internal in INTERNALS:
        assert internal.what and internal.why and internal.checked


def test_every_section_of_compat_is_an_item_with_a_probe() -> None:
    """_compat.py holds shims only, in sections headed by the item they belong to; each item is
    probed here, and each section's item is one of them."""
    source = (REPO_ROOT / "ext" / "nhs_assurance" / "_compat.py").read_text("utf-8")
    sections = set(re.findall(r"^# -- ([a-z-]+):", source, re.M))
    assert sections == {internal.name for internal in INTERNALS}
    assert "def _probe" not in source and "import inspect" not in source


def test_the_architecture_page_lists_every_internal() -> None:
    page = (HANDBOOK_DIR / "architecture.md").read_text("utf-8")
    missing = [i.name for i in INTERNALS if f"| `{i.name}` |" not in page]
    assert not missing, f"handbook/architecture.md does not list {missing}"


def test_a_changed_internal_fails_with_a_message_naming_it(built: BuildResult) -> None:
    def broken(app: object) -> None:
        raise AttributeError("'BuildEnvironment' object has no attribute '_app'")

    item = Internal("example-item", "env._app", "a reason", "Sphinx 9.0.4", broken)
    with pytest.raises(CompatError, match=r"^example-item: .*Sphinx 9\.0\.4"):
        item.check(built.app)


@pytest.fixture
def untested_releases(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Pretend the installed Sphinx and Furo are newer than any release the features know."""
    monkeypatch.setitem(_compat.TESTED, "sphinx", ((0,), (1,)))
    monkeypatch.setitem(_compat.TESTED, "furo", ((0,), (1,)))
    _compat.untested_packages.cache_clear()
    yield
    _compat.untested_packages.cache_clear()


@pytest.mark.usefixtures("untested_releases")
def test_features_switch_themselves_off_outside_the_tested_range_and_say_so(site: Site) -> None:
    site.write_pages({f"p{n}": page_with(f"Page {n}.") for n in range(3)})
    result = site.build()
    # Furo rendered the navigation itself on every page: the shared tree was never made.
    assert furo_navigation.build_navigation(result.app.env) is None
    assert 'class="toctree-l1' in (result.outdir / "p1.html").read_text("utf-8")
    for setting in ("nhs_assurance_furo_navigation", "nhs_assurance_trim_toctree_rewrites"):
        messages = [line for line in result.status.splitlines() if setting in line]
        assert len(messages) == 1, messages  # said once, not once per page
        assert "was not tested with sphinx" in messages[0]
    assert result.warning_lines() == []


def test_features_can_be_switched_off(site: Site) -> None:
    site.write_pages({"one": page_with("One.")})
    result = site.build(
        confoverrides={
            "nhs_assurance_furo_navigation": False,
            "nhs_assurance_trim_toctree_rewrites": False,
        }
    )
    assert furo_navigation.build_navigation(result.app.env) is None
    assert "switched off" not in result.status  # the author's choice needs no message
