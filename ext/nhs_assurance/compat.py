"""Small shims over Sphinx APIs that are private or moving (Sphinx 9 deprecated several)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


def builder_of(env: BuildEnvironment) -> Builder:
    """The running builder; transforms lost their public ``app`` in Sphinx 9."""
    app = getattr(env, "_app", None) or env.app
    return app.builder
