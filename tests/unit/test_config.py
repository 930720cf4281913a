"""The typed view of the settings (``config.settings``) holds every setting of ``config.SETTINGS``
and each value as the project configured it."""

from __future__ import annotations

import dataclasses

from nhs_assurance.config import SETTINGS, Settings, settings
from sphinx.config import Config


def configured(**values: object) -> Config:
    """A configuration as Sphinx makes it, with every setting registered and *values* set."""
    config = Config(values)
    for setting in SETTINGS:
        config.add(setting.name, setting.default, setting.rebuild, frozenset(setting.types))
    return config


def test_the_typed_view_has_one_field_for_each_setting() -> None:
    named = [field.metadata["setting"] for field in dataclasses.fields(Settings)]
    assert sorted(named) == sorted(setting.name for setting in SETTINGS)
    for field in dataclasses.fields(Settings):
        # Named after the setting, without its prefix.
        assert field.metadata["setting"].endswith(field.name)


def test_the_typed_view_gives_the_defaults_and_what_the_project_set() -> None:
    assert settings(configured()) == Settings(
        **{field.name: next(s.default for s in SETTINGS if s.name == field.metadata["setting"])
           for field in dataclasses.fields(Settings)}
    )  # fmt: skip
    chosen = settings(
        configured(nhs_pdf_language="en-GB", nhs_assurance_frontmatter_keys=["owner"])
    )
    assert chosen.pdf_language == "en-GB"
    assert list(chosen.frontmatter_keys) == ["owner"]
    assert chosen.furo_navigation is True


def test_a_setting_no_part_registered_has_its_default() -> None:
    assert settings(Config({})).pdf_basename == ""
