"""The garbage collector paused around work that makes many objects and no cycles, then given back."""

from __future__ import annotations

import gc

import pytest

import ustb_coop as uc
from ustb_coop.model._collector import paused


def test_the_collector_is_off_inside_and_on_again_after_an_error() -> None:
    """Inside `paused` the collector is off; an exception leaves it on again, as it was before."""
    seen: list[bool] = []

    def fail() -> None:
        with paused():
            seen.append(gc.isenabled())
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail()
    expected = ([False], True)
    assert expected == (seen, gc.isenabled())


def test_nested_pauses_switch_it_on_only_at_the_outermost_end() -> None:
    """A pause inside a pause keeps the collector off until the outer one ends."""
    with paused():
        with paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


@pytest.mark.parametrize("app_enabled", [True, False])
def test_timeline_and_fingerprint_leave_the_collector_as_the_app_had_it(app_enabled: bool) -> None:
    """Timeline and fingerprint pause the collector and restore the app's setting, on or off."""
    dataset = uc.load()
    if not app_enabled:
        gc.disable()
    try:
        dataset.timeline()
        uc.fingerprint(dataset)
        assert app_enabled == gc.isenabled()
    finally:
        gc.enable()
