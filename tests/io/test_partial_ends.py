"""An ``ended`` that shares days with ``started`` loads as stated; one wholly before it is refused."""

from __future__ import annotations

import json

import pytest

import ustb_coop as uc


def _with_dates(started: str, ended: str) -> str:
    """The bundled dataset as JSON, with RWTH Aachen's partnership started and ended as given."""
    document = json.loads(uc.dumps(uc.load()))
    rwth = next(p for p in document["partnerships"] if p["id"] == "rwth-aachen")
    rwth["started"], rwth["ended"] = started, ended
    rwth["milestones"] = [m for m in rwth["milestones"] if m["on"] is None or m["on"] >= started[:4]]
    return json.dumps(document)


@pytest.mark.parametrize(
    ("started", "ended"),
    [
        ("2000-06", "2000"),
        ("2000", "2000"),
        ("2000-06", "2000-06"),
        ("2000", "2000-01-01"),
        ("2000-06-30", "2000"),
    ],
)
def test_an_end_sharing_days_with_the_start_loads_as_stated(started: str, ended: str) -> None:
    """Imprecise but possible: the dates load unchanged and round-trip through dumps."""
    dataset = uc.loads(_with_dates(started, ended))
    rwth = dataset["rwth-aachen"]
    expected = (started, ended, dataset)
    assert expected == (
        rwth.started.isoformat(),
        rwth.ended.isoformat() if rwth.ended else None,
        uc.loads(uc.dumps(dataset)),
    )


@pytest.mark.parametrize(
    ("started", "ended"), [("2000-06", "1999"), ("2000-06", "2000-05"), ("2000-06-02", "2000-06-01")]
)
def test_an_end_wholly_before_the_start_is_refused(started: str, ended: str) -> None:
    """Impossible: every day the end can mean is before every day the start can mean."""
    with pytest.raises(uc.DatasetError) as caught:
        uc.loads(_with_dates(started, ended))
    expected = [("partnerships[0].ended", True)]
    assert expected == [
        (p.path, f"ended {ended} is before started {started}" in p.message) for p in caught.value.problems
    ]
