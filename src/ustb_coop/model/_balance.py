"""The student exchange balance of a partnership: students sent against students received.

Its own module so that `ExchangeBalance` is made when a balance is first
asked for, not at import (docs/performance.md, "Startup").
"""

from __future__ import annotations

import attrs

from ustb_coop.model._intervals import Interval
from ustb_coop.model._quantities import Quantity
from ustb_coop.model._queries import latest_metric, signed
from ustb_coop.model._records import MetricKind, Partnership


@attrs.frozen(kw_only=True)
class ExchangeBalance:
    """Students sent against students received, from the home institution's side.

    Attributes:
        outbound: Students the home institution sent to the partner.
        inbound: Students the partner sent to the home institution.
        net: ``outbound.bounds - inbound.bounds``: every difference the two
            figures allow ("over 400" less "over 200" is unknown).
    """

    outbound: Quantity
    inbound: Quantity
    net: Interval

    @property
    def exact(self) -> bool:
        """Whether the net is known exactly (`net.is_exact`)."""
        return self.net.is_exact

    def __str__(self) -> str:
        """The balance in words, the one text every interface shows.

        Example:
            >>> import ustb_coop as uc
            >>> str(uc.exchange_balance(uc.load()["rwth-aachen"]))
            'over 400 out, over 200 in, net unknown'
        """
        return f"{self.outbound} out, {self.inbound} in, net {signed(self.net)}"


def exchange_balance(partnership: Partnership) -> ExchangeBalance | None:
    """The student exchange balance of *partnership*.

    Uses the latest STUDENTS_SENT and STUDENTS_RECEIVED metrics. The net is
    an `Interval`: exact only when both figures are.

    Returns:
        The balance, or None when either direction has no figure.

    Example:
        >>> import ustb_coop as uc
        >>> uc.exchange_balance(uc.load()["rwth-aachen"]).net
        Interval(None, None)
    """
    sent = latest_metric(partnership, MetricKind.STUDENTS_SENT)
    received = latest_metric(partnership, MetricKind.STUDENTS_RECEIVED)
    if sent is None or received is None:
        return None
    return ExchangeBalance(
        outbound=sent.value,
        inbound=received.value,
        net=sent.value.bounds - received.value.bounds,
    )
