"""What a bad input can cost to reject is bounded: problems per list and per error, characters per message."""

from __future__ import annotations

import json

import pytest

import ustb_coop as uc
from tests.malformed_cases import bundled_document
from ustb_coop.exceptions import MAX_PROBLEMS, MESSAGE_PROBLEM_LIMIT, QUOTED_CHARACTERS
from ustb_coop.io._limits import MAX_ITEM_PROBLEMS


def _rejected(document: object) -> uc.DatasetError:
    with pytest.raises(uc.DatasetError) as caught:
        uc.loads(json.dumps(document))
    return caught.value


def test_a_top_level_list_of_bad_items_reports_the_first_hundred() -> None:
    """A million bad sources give a hundred problems and one that counts the items left unchecked."""
    document = bundled_document()
    document["sources"] = [1] * 1_000_000
    problems = [problem for problem in _rejected(document).problems if problem.location[0] == "sources"]
    expected = (
        MAX_ITEM_PROBLEMS + 1,
        (
            "sources[99]: expected a table with keys id, title, publisher, published, url, sections, "
            "got a whole number 1"
        ),
        "sources: 999,900 more items not checked after 100 bad ones",
    )
    assert expected == (len(problems), str(problems[-2]), str(problems[-1]))


def test_a_million_unknown_keys_report_the_first_hundred() -> None:
    """Unknown top-level keys are listed up to a hundred, then counted."""
    document = bundled_document()
    document.update({f"key{number}": 0 for number in range(1_000_000)})
    problems = _rejected(document).problems
    expected = (MAX_ITEM_PROBLEMS + 1, "999,900 more unknown keys")
    assert expected == (len(problems), problems[-1].message)


def test_many_partnerships_naming_an_unknown_organization_stay_cheap_to_report() -> None:
    """20,000 organizations and 20,000 partnerships naming 'zz': a bounded error, each message short."""
    document = bundled_document()
    template = {key: document["partnerships"][0][key] for key in ("id", "home", "kind", "started")}
    document["organizations"] += [
        {"id": f"org-{number}", "name": f"Org {number}", "kind": "university"} for number in range(20_000)
    ]
    document["partnerships"] = [
        {**template, "id": f"p-{number}", "partner": "zz"} for number in range(20_000)
    ]
    error = _rejected(document)
    first = error.problems[0]
    assert len(error.problems) == MAX_ITEM_PROBLEMS + 1
    assert (
        first.path,
        first.message,
    ) == (
        "partnerships[0].partner",
        "unknown organization 'zz'; none of the 20,005 known organizations is close",
    )
    assert max(len(problem.message) for problem in error.problems) < 200
    assert len(str(error)) < 200 * (MESSAGE_PROBLEM_LIMIT + 2)


def test_a_huge_value_is_quoted_short() -> None:
    """A megabyte-long id or key is cut short in the message that names it."""
    document = bundled_document()
    document["partnerships"][0]["partner"] = "x" * 1_000_000
    document["y" * 1_000_000] = 1
    problems = _rejected(document).problems
    assert all(len(problem.message) < 2 * QUOTED_CHARACTERS + 100 for problem in problems)


def test_one_error_holds_at_most_a_thousand_problems() -> None:
    """An error built with more problems keeps the first thousand and says how many more there were."""
    problems = tuple(uc.Problem(("sources", n), "bad") for n in range(MAX_PROBLEMS + 5))
    error = uc.DatasetError("f.json", problems)
    expected = (MAX_PROBLEMS + 1, "... and 5 more problems, not kept")
    assert expected == (len(error.problems), error.problems[-1].message)
