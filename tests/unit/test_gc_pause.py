"""The collector paused while a page holding a site-wide list is written (core/gc_pause.py):
paused by `hold`, started again by `release`, and never started when someone else stopped it."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from nhs_assurance.core.gc_pause import collector_paused, hold, release


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    was_enabled = gc.isenabled()
    yield
    release()
    if was_enabled:
        gc.enable()


def test_hold_pauses_the_collector_until_release() -> None:
    gc.enable()
    hold()
    assert not gc.isenabled()
    with collector_paused():  # a table built meanwhile leaves it paused
        pass
    assert not gc.isenabled()
    release()
    assert gc.isenabled()
    release()  # a second release changes nothing
    assert gc.isenabled()


def test_release_never_starts_a_collector_someone_else_stopped() -> None:
    gc.disable()
    release()
    assert not gc.isenabled()
    hold()
    release()
    assert not gc.isenabled()
