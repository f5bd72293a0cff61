"""The error family's shared parts: where a problem is, as keys and positions, and as text."""

from __future__ import annotations

import pytest

import ustb_coop as uc
from ustb_coop.exceptions import render_location


@pytest.mark.parametrize(
    ("location", "text"),
    [
        ((), ""),
        (("version",), "version"),
        (("partnerships", 1, "milestones", 0, "on"), "partnerships[1].milestones[0].on"),
        (("sources", 0, "sections", 3, "id"), "sources[0].sections[3].id"),
    ],
)
def test_a_location_renders_as_a_path(location: tuple[str | int, ...], text: str) -> None:
    """Keys join with dots and positions go in brackets; the whole document is the empty path."""
    assert text == render_location(location)
    assert text == uc.Problem(location, "m").path


def test_a_problem_reads_as_path_and_message() -> None:
    """A problem prints as ``path: message``, or the message alone for the whole document."""
    expected = ("as_of: required key missing", "malformed JSON")
    assert expected == (
        str(uc.Problem(("as_of",), "required key missing")),
        str(uc.Problem((), "malformed JSON")),
    )


@pytest.mark.parametrize("location", ["partnerships[1]", ("partnerships", 1.5), ["partnerships", 1]])
def test_a_location_is_a_tuple_of_keys_and_positions(location: object) -> None:
    """A path given as text, or a step that is neither a key nor a position, is refused."""
    with pytest.raises(TypeError, match="a location is a tuple of keys"):
        uc.Problem(location, "m")  # type: ignore[arg-type]
