"""Inputs the fuzz test (`tests.fuzz`) found crashing the loader, each fixed at its root.

Each is the smallest form of the failing cases, with the cases' numbers in
a run of seed 0.
"""

from __future__ import annotations

import json

import pytest

import ustb_coop as uc


def test_an_unknown_key_beside_a_dangling_reference_is_two_problems() -> None:
    """A partnership with an unknown key and a partner that names nothing lists both problems.

    The loader sorted a record's problems by the field each is about; an
    unknown key is about the whole record and has none, which raised
    IndexError (cases 19250, 36136, 53891, 56828, 84618, 90984 of 100,000).
    """
    document = json.loads(uc.dumps(uc.load()))
    document["partnerships"][0]["partner"] = "nobody"
    document["partnerships"][0]["activitiec"] = []
    with pytest.raises(uc.DatasetError) as caught:
        uc.loads(json.dumps(document))
    expected = [
        ("partnerships[0]", "unknown key 'activitiec'"),
        ("partnerships[0].partner", "unknown organization 'nobody'"),
    ]
    actual = [(problem.path, problem.message.split(";")[0]) for problem in caught.value.problems]
    assert expected == actual
