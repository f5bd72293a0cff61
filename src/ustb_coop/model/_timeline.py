"""A dated milestone together with its partnership: what `Dataset.timeline` lists.

Its own module so that the class is made when a timeline is first asked
for, not at import (docs/performance.md, "Startup").
"""

from __future__ import annotations

import attrs

from ustb_coop.model._dates import PartialDate
from ustb_coop.model._records import Milestone, Partnership


@attrs.frozen(kw_only=True)
class TimelineEntry:
    """A dated milestone together with its partnership.

    Attributes:
        partnership: The partnership the milestone belongs to.
        milestone: The milestone; its `on` is never None here.
    """

    partnership: Partnership
    milestone: Milestone

    @property
    def on(self) -> PartialDate:
        """The milestone's date."""
        assert self.milestone.on is not None  # timeline() admits dated milestones only
        return self.milestone.on
