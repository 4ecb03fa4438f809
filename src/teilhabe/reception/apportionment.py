"""Apportionment: turning shares into whole persons. Pure functions, no database.

Method (recorded on every calculation as :data:`METHOD`):

1. **Population share** – the new contingent ``total`` is split by largest remainder
   (Hare–Niemeyer): every territory gets ``floor(total × w / W)``; the persons left over go,
   one each, to the territories with the largest remainders.
   Tie-break, documented and deterministic: (a) larger remainder, (b) larger weight (= larger
   exact share), (c) AGS (the key) ascending. All comparisons are exact integer arithmetic:
   weights are integers or decimals that are scaled to integers, never floats.
   The population shares add up to exactly ``total``, and each lies between floor and ceiling
   of its exact share.
2. **Carry-over and credits** – added *after* the population share: a shortfall of earlier
   periods (Unterquote, positive) raises the quota, a surplus (Überquote, negative) and credits
   (facility sites, unaccompanied minors, negative) lower it.
3. **Never below zero** – if the result is negative the quota is 0 and the rest of the
   surplus is carried on to the next period (``carried_forward``, ≤ 0). It is not passed to
   the other territories: they keep their population share (as Niedersachsen did in 2023:
   Kommunen with a large Überquote owed 0, see domain.md A3).

So for every calculation: ``Σ population_share == total`` and
``Σ quota == total + Σ adjustment − Σ carried_forward``.

The Königsteiner calculator (:func:`koenigstein`) uses step 1 on units of 0.00001 %: the
exact shares ``100 × (2/3 · T/ΣT + 1/3 · P/ΣP)`` are apportioned onto 10,000,000 units, so
the 16 published shares sum to exactly 100.00000 %. The GWK does not publish its own
remainder rule (domain.md A1); ours is Hare–Niemeyer with the tie-break above.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import NamedTuple

from django.utils.translation import gettext as _

METHOD = "hare-niemeyer/v1"
TIE_BREAK = "remainder desc, weight desc, key asc"
KS_DECIMALS = 5


class ApportionmentError(ValueError):
    """Bad input, with a message for the user (German in the UI)."""


@dataclass(frozen=True)
class Claim:
    """One territory's claim: its key (AGS), weight (population or key share) and the
    adjustments after the population share (signed persons: + shortfall, − surplus/credit)."""

    key: str
    weight: int | decimal.Decimal
    adjustment: int = 0


class Allocation(NamedTuple):
    key: str
    weight: int | decimal.Decimal
    #: the exact share of the contingent is ``exact_numerator / weight_sum`` (total × w / W)
    exact_numerator: int
    weight_sum: int
    floor: int
    #: 1 if this territory got one of the persons left over after the floors
    extra: int
    #: position of its remainder in the order of the tie-break (1 = first served)
    rank: int
    population_share: int
    adjustment: int
    quota: int
    #: the part of a surplus the quota could not absorb (≤ 0), carried to the next period
    carried_forward: int

    @property
    def exact(self) -> Fraction:
        return Fraction(self.exact_numerator, self.weight_sum)

    @property
    def exact_decimal(self) -> decimal.Decimal:
        return decimal.Decimal(self.exact.numerator) / decimal.Decimal(self.exact.denominator)

    @property
    def remainder(self) -> Fraction:
        return self.exact - self.floor


@dataclass(frozen=True)
class Result:
    total: int
    weight_sum: int | decimal.Decimal
    allocations: list[Allocation] = field(default_factory=list)
    method: str = METHOD
    tie_break: str = TIE_BREAK

    @property
    def quota_sum(self) -> int:
        return sum(a.quota for a in self.allocations)

    @property
    def leftover(self) -> int:
        """Persons handed out by remainder after the floors."""
        return self.total - sum(a.floor for a in self.allocations)


def _integer_weights(weights: Sequence[int | decimal.Decimal]) -> tuple[list[int], int]:
    """The weights as integers of the same scale (exact), and the scale exponent."""
    exponent = 0
    for w in weights:
        if isinstance(w, decimal.Decimal):
            if not w.is_finite():
                raise ApportionmentError(_("A weight is not a number."))
            exp = w.as_tuple().exponent
            assert isinstance(exp, int)
            exponent = max(exponent, -exp)
    if exponent == 0:
        return [int(w) for w in weights], 0
    factor = 10**exponent
    return [int(decimal.Decimal(w).scaleb(exponent)) for w in weights], factor


def largest_remainder(total: int, weights: Sequence[tuple[str, int]]) -> list[tuple[int, int, int]]:
    """Hare–Niemeyer on integer weights: ``[(floor, extra, rank), …]`` in input order.

    The hot path of :func:`allocate`; no validation here. Sort order of the remainders:
    remainder descending, weight descending, key ascending.
    """
    keys = [k for k, _w in weights]
    ws = [w for _k, w in weights]
    weight_sum = sum(ws)
    qr = [divmod(total * w, weight_sum) for w in ws]
    floors = [q for q, _r in qr]
    # One integer per territory orders by remainder, then weight (both descending): r < W and
    # w <= W, so r·(W+1) + w compares like the pair (r, w). Ties on both are broken by the key
    # (ascending) through the stable sort of indices already ordered by key.
    step = weight_sum + 1
    priority = [-(r * step + w) for (_q, r), w in zip(qr, ws, strict=True)]
    order = sorted(range(len(ws)), key=keys.__getitem__)
    order.sort(key=priority.__getitem__)
    leftover = total - sum(floors)
    extra = [0] * len(ws)
    rank = [0] * len(ws)
    for position, index in enumerate(order, start=1):
        rank[index] = position
        if position <= leftover:
            extra[index] = 1
    return list(zip(floors, extra, rank, strict=True))


def validate(total: int, claims: Sequence[Claim]) -> None:
    if not isinstance(total, int) or isinstance(total, bool):
        raise ApportionmentError(_("The total must be a whole number of persons."))
    if total < 0:
        raise ApportionmentError(
            _("The total must not be negative (given: %(total)s).") % {"total": total}
        )
    if not claims:
        raise ApportionmentError(_("There is no territory to distribute to."))
    seen: set[str] = set()
    for claim in claims:
        if claim.key in seen:
            raise ApportionmentError(
                _("The AGS %(ags)s occurs twice; every territory may appear only once.")
                % {"ags": claim.key}
            )
        seen.add(claim.key)
        if claim.weight is None:
            raise ApportionmentError(
                _("Territory %(ags)s has no population or share.") % {"ags": claim.key}
            )
        if claim.weight < 0:
            raise ApportionmentError(
                _("Territory %(ags)s has a negative weight.") % {"ags": claim.key}
            )
    if sum(c.weight for c in claims) <= 0:
        raise ApportionmentError(_("The weights add up to zero; nothing can be distributed."))


def allocate(total: int, claims: Sequence[Claim]) -> Result:
    """The quotas of the claims for a new contingent ``total`` (see the module docstring)."""
    validate(total, claims)
    int_weights, _factor = _integer_weights([c.weight for c in claims])
    weight_sum = sum(int_weights)
    shares = largest_remainder(
        total, [(c.key, w) for c, w in zip(claims, int_weights, strict=True)]
    )
    allocations: list[Allocation] = []
    append = allocations.append
    for claim, w, (floor, extra, rank) in zip(claims, int_weights, shares, strict=True):
        share = floor + extra
        raw = share + claim.adjustment
        append(
            Allocation(
                claim.key,
                claim.weight,
                total * w,
                weight_sum,
                floor,
                extra,
                rank,
                share,
                claim.adjustment,
                raw if raw > 0 else 0,
                raw if raw < 0 else 0,
            )
        )
    return Result(
        total=total,
        weight_sum=sum((c.weight for c in claims), start=type(claims[0].weight)(0)),
        allocations=allocations,
    )


def check_shares_sum(
    shares: Iterable[decimal.Decimal], *, expected: decimal.Decimal = decimal.Decimal(100)
) -> None:
    """Refuse a key whose shares do not add up to exactly 100 %."""
    total = sum(shares, decimal.Decimal(0))
    if total != expected:
        raise ApportionmentError(
            _("The shares of the key add up to %(sum)s %% instead of %(expected)s %%.")
            % {"sum": str(total).replace(".", ","), "expected": str(expected)}
        )


@dataclass(frozen=True)
class KeyShareResult:
    key: str
    tax: int
    population: int
    exact_percent: Fraction
    share_percent: decimal.Decimal
    extra: int
    rank: int


def koenigstein(
    inputs: Mapping[str, tuple[int, int]], *, decimals: int = KS_DECIMALS
) -> list[KeyShareResult]:
    """The Königsteiner Schlüssel from ``{land: (tax revenue, population)}``.

    ``KS = 100 × (2/3 · T/ΣT + 1/3 · P/ΣP)`` in percent with ``decimals`` places, apportioned
    by largest remainder onto ``100 × 10**decimals`` units so that the shares sum to exactly
    100 %. The integer weight of each Land is ``2·T·ΣP + P·ΣT`` (their sum is ``3·ΣT·ΣP``).
    """
    if not inputs:
        raise ApportionmentError(_("There is no territory to distribute to."))
    for key, (tax, population) in inputs.items():
        if tax < 0 or population < 0:
            raise ApportionmentError(
                _("Tax revenue and population of %(ags)s must not be negative.") % {"ags": key}
            )
    tax_sum = sum(t for t, _p in inputs.values())
    pop_sum = sum(p for _t, p in inputs.values())
    if tax_sum <= 0 or pop_sum <= 0:
        raise ApportionmentError(_("Tax revenue and population must not add up to zero."))
    keys = list(inputs)
    weights = [(k, 2 * inputs[k][0] * pop_sum + inputs[k][1] * tax_sum) for k in keys]
    units = 100 * 10**decimals
    shares = largest_remainder(units, weights)
    quantum = decimal.Decimal(1).scaleb(-decimals)
    weight_sum = 3 * tax_sum * pop_sum
    return [
        KeyShareResult(
            key=k,
            tax=inputs[k][0],
            population=inputs[k][1],
            exact_percent=Fraction(100 * w, weight_sum),
            share_percent=(decimal.Decimal(floor + extra) * quantum).quantize(quantum),
            extra=extra,
            rank=rank,
        )
        for (k, w), (floor, extra, rank) in zip(weights, shares, strict=True)
    ]
