"""Datasets changed in one place, for tests of what a change makes the library say."""

from __future__ import annotations

from typing import Any

import attrs

import ustb_coop as uc


def with_partnership(dataset: uc.Dataset, index: int, **changes: Any) -> uc.Dataset:
    """*dataset* with the partnership at *index* changed by *changes* (as `attrs.evolve` takes them)."""
    partnerships = list(dataset.partnerships)
    partnerships[index] = attrs.evolve(partnerships[index], **changes)
    return attrs.evolve(dataset, partnerships=tuple(partnerships))


def with_child(dataset: uc.Dataset, index: int, collection: str, position: int, **changes: Any) -> uc.Dataset:
    """*dataset* with one milestone, metric or program (*collection*, *position*) of a partnership changed."""
    children = list(getattr(dataset.partnerships[index], collection))
    children[position] = attrs.evolve(children[position], **changes)
    return with_partnership(dataset, index, **{collection: tuple(children)})
