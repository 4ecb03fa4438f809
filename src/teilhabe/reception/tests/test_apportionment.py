"""The apportionment and the Königsteiner calculator: properties and known examples."""

import csv
import decimal
import math
from fractions import Fraction

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from teilhabe.reception import apportionment
from teilhabe.reception.apportionment import ApportionmentError, Claim, allocate, koenigstein
from teilhabe.reception.services import KS_FILE

claims_strategy = st.lists(
    st.tuples(st.integers(min_value=0, max_value=5_000_000), st.integers(-500, 500)),
    min_size=1,
    max_size=40,
).filter(lambda rows: sum(w for w, _a in rows) > 0)


def make_claims(rows):
    return [Claim(key=f"{i:05d}", weight=w, adjustment=a) for i, (w, a) in enumerate(rows)]


@settings(max_examples=300, deadline=None)
@given(total=st.integers(min_value=0, max_value=200_000), rows=claims_strategy)
def test_properties(total, rows):
    claims = make_claims(rows)
    result = allocate(total, claims)
    weight_sum = sum(w for w, _a in rows)
    # the population shares add up to exactly the total
    assert sum(a.population_share for a in result.allocations) == total
    for a, (w, adj) in zip(result.allocations, rows, strict=True):
        exact = Fraction(total * w, weight_sum)
        # within floor and ceiling of the exact share (before carry-over)
        assert math.floor(exact) <= a.population_share <= math.ceil(exact)
        # never negative; the unabsorbed surplus is carried forward
        assert a.quota >= 0
        assert a.carried_forward <= 0
        assert a.quota + a.carried_forward == a.population_share + adj
    assert result.quota_sum == total + sum(adj for _w, adj in rows) - sum(
        a.carried_forward for a in result.allocations
    )
    # identical input, identical output; the input order does not matter
    assert allocate(total, claims) == result
    reversed_result = allocate(total, list(reversed(claims)))
    assert {a.key: a.quota for a in reversed_result.allocations} == {
        a.key: a.quota for a in result.allocations
    }


def test_tie_break_larger_weight_then_ags():
    # equal remainders (1/3 each): the 1 leftover goes to the larger weight
    result = allocate(1, [Claim("03002", 1), Claim("03001", 1), Claim("03003", 1)])
    assert [a.population_share for a in result.allocations] == [0, 1, 0]  # AGS ascending
    # equal remainders (1/2 each) with different weights: the larger weight wins
    result = allocate(2, [Claim("03001", 1), Claim("03002", 3)])
    assert [a.population_share for a in result.allocations] == [0, 2]
    result = allocate(1, [Claim("03001", 1), Claim("03002", 1)])
    assert [a.population_share for a in result.allocations] == [1, 0]


def test_surplus_larger_than_share_gives_zero_and_carries_on():
    result = allocate(100, [Claim("03001", 1, adjustment=-80), Claim("03002", 1, adjustment=5)])
    a, b = result.allocations
    assert (a.population_share, a.quota, a.carried_forward) == (50, 0, -30)
    assert (b.population_share, b.quota) == (50, 55)


def test_peine_10_2024_210_new_plus_127_unterquote_is_337():
    """Inputs are the published numbers: NI's new contingent of 11,000, Peine's new share of
    210 (as its weight against the rest of the Land) and its Unterquote of 127."""
    result = allocate(11_000, [Claim("03157", 210, adjustment=127), Claim("03-rest", 11_000 - 210)])
    peine = result.allocations[0]
    assert peine.population_share == 210
    assert peine.quota == 337


def test_emsland_2018_credit_643_minus_38_is_605():
    result = allocate(15_000, [Claim("03454", 643, adjustment=-38), Claim("03-rest", 15_000 - 643)])
    assert result.allocations[0].quota == 605


def read_ks(year):
    with KS_FILE.open(encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if r["key_year"] == str(year)]


def test_ks_2019_applied_to_a_national_total():
    rows = read_ks(2019)
    claims = [Claim(r["land"], decimal.Decimal(r["share_percent"])) for r in rows]
    result = allocate(100_000, claims)
    quotas = {a.key: a.quota for a in result.allocations}
    assert sum(quotas.values()) == 100_000
    assert quotas["Niedersachsen"] in (9395, 9396)  # 9,39533 % of 100.000 = 9.395,533
    assert quotas["Nordrhein-Westfalen"] in (21075, 21076)
    # exact decimal arithmetic: 13,04061 % of 100.000 = 13.040,61
    assert result.allocations[0].exact == Fraction(1304061, 100)


@pytest.mark.parametrize("year", range(2010, 2021))
def test_published_keys_sum_to_100(year):
    apportionment.check_shares_sum(decimal.Decimal(r["share_percent"]) for r in read_ks(year))


def test_koenigstein_calculator_sums_to_exactly_100_and_weights_two_thirds_tax():
    inputs = {"01": (1_000, 3_000), "02": (2_000, 1_000), "03": (3_333, 7_777), "04": (1, 1)}
    shares = koenigstein(inputs)
    assert sum(s.share_percent for s in shares) == decimal.Decimal("100.00000")
    for s in shares:
        assert s.share_percent.as_tuple().exponent == -5
        exact = Fraction(100) * (
            Fraction(2, 3) * Fraction(s.tax, 6_334)
            + Fraction(1, 3) * Fraction(s.population, 11_778)
        )
        assert s.exact_percent == exact
        assert abs(Fraction(str(s.share_percent)) - exact) < Fraction(1, 100_000)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 10**11), st.integers(0, 2 * 10**7)), min_size=1, max_size=16
    ).filter(lambda r: sum(t for t, _p in r) > 0 and sum(p for _t, p in r) > 0)
)
def test_koenigstein_properties(rows):
    inputs = {f"{i:02d}": row for i, row in enumerate(rows)}
    shares = koenigstein(inputs)
    assert sum(s.share_percent for s in shares) == 100
    assert koenigstein(inputs) == shares


@pytest.mark.parametrize(
    ("total", "claims", "message"),
    [
        (-1, [Claim("03001", 1)], "must not be negative"),
        (10, [Claim("03001", 1), Claim("03001", 2)], "03001 occurs twice"),
        (10, [Claim("03001", None)], "03001 has no population"),  # type: ignore[arg-type]
        (10, [], "no territory"),
        (10, [Claim("03001", 0)], "add up to zero"),
    ],
)
def test_bad_input_is_refused_with_the_reason(total, claims, message):
    # English msgids; the German catalogue translates them (see docs/reception.md)
    with translation.override("en"), pytest.raises(ApportionmentError) as exc:
        allocate(total, claims)
    assert message in str(exc.value)


def test_shares_not_summing_to_100_are_refused():
    with translation.override("en"), pytest.raises(ApportionmentError, match="99,99999"):
        apportionment.check_shares_sum([decimal.Decimal("50"), decimal.Decimal("49.99999")])
