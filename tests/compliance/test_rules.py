"""The contract rule as pure functions: tiers, money, contract years, year status, proof."""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta

from compliance.rules import (
    Tier,
    YearStatus,
    contract_tier,
    contract_years,
    evaluate_year,
    parse_money,
    proof_check,
    year_may_be_at_risk,
    year_statuses_possible,
)
from expo.rules import registration_meets_expo
from partnerconnect.formats import format_money

# Every accepted way to write the four boundary values, and the tier each must give.
BOUNDARIES = [
    ("99999.99", "$99,999.99", "$99999.99", Tier.NONE),
    ("100000", "100000.00", "$100,000.00", Tier.STANDARD),
    ("999999.99", "$999,999.99", "$999999.99", Tier.STANDARD),
    ("1000000", "1000000.00", "$1,000,000.00", Tier.MAJOR),
]


@pytest.mark.parametrize(
    ("text", "tier"),
    [(text, tier) for *texts, tier in BOUNDARIES for text in texts],
)
def test_the_tier_boundaries_in_every_accepted_form(text, tier):
    assert contract_tier(parse_money(text)) == tier


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1000000", Decimal("1000000.00")),
        ("1000000.00", Decimal("1000000.00")),
        ("$1,000,000.00", Decimal("1000000.00")),
        ("  $1,000,000.00 ", Decimal("1000000.00")),
        ("$1000000.5", Decimal("1000000.50")),
        ("0", Decimal("0.00")),
    ],
)
def test_money_is_parsed_exactly(text, value):
    parsed = parse_money(text)
    assert parsed == value
    assert isinstance(parsed, Decimal)
    assert parsed.as_tuple().exponent == -2


@pytest.mark.parametrize(
    "text",
    ["", "abc", "-100000", "1,00,000", "100000.001", "1.000.000,00", "1e6", "$", "12 345", "USD 5"],
)
def test_money_that_is_not_exact_dollars_is_refused(text):
    with pytest.raises(ValueError):
        parse_money(text)


def test_money_is_formatted_with_dollars_and_commas():
    assert format_money(Decimal("1000000")) == "$1,000,000.00"
    assert format_money(Decimal("99999.99")) == "$99,999.99"


def years(start, end):
    return [(y.number, y.start, y.end) for y in contract_years(start, end)]


def test_contract_years_run_from_anniversary_to_the_day_before_the_next():
    assert years(date(2024, 7, 1), date(2027, 6, 30)) == [
        (1, date(2024, 7, 1), date(2025, 6, 30)),
        (2, date(2025, 7, 1), date(2026, 6, 30)),
        (3, date(2026, 7, 1), date(2027, 6, 30)),
    ]


def test_a_short_final_year_ends_on_the_end_date():
    assert years(date(2024, 7, 1), date(2025, 9, 15)) == [
        (1, date(2024, 7, 1), date(2025, 6, 30)),
        (2, date(2025, 7, 1), date(2025, 9, 15)),
    ]


def test_a_contract_of_one_day_has_one_year_of_one_day():
    assert years(date(2024, 5, 5), date(2024, 5, 5)) == [(1, date(2024, 5, 5), date(2024, 5, 5))]


def test_a_29_february_start_has_its_anniversaries_on_28_february_in_common_years():
    assert years(date(2024, 2, 29), date(2029, 1, 31)) == [
        (1, date(2024, 2, 29), date(2025, 2, 27)),
        (2, date(2025, 2, 28), date(2026, 2, 27)),
        (3, date(2026, 2, 28), date(2027, 2, 27)),
        (4, date(2027, 2, 28), date(2028, 2, 28)),
        (5, date(2028, 2, 29), date(2029, 1, 31)),
    ]


def test_a_contract_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        contract_years(date(2024, 1, 2), date(2024, 1, 1))


@dataclass(frozen=True)
class Edition:
    pk: int
    date: date


YEAR = contract_years(date(2024, 1, 1), date(2024, 12, 31))[0]


def status(tier, as_of, dates=(), editions=(), registered=frozenset()):
    return evaluate_year(
        tier=tier,
        year=YEAR,
        as_of=as_of,
        delivery_dates=sorted(dates),
        editions=editions,
        registered_edition_ids=registered,
    )


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2023, 12, 31), YearStatus.UPCOMING),  # the day before the first day
        (date(2024, 1, 1), YearStatus.IN_PROGRESS),  # the first day
        (date(2024, 12, 31), YearStatus.IN_PROGRESS),  # the last day
        (date(2025, 1, 1), YearStatus.MISSED),  # the day after
    ],
)
def test_status_at_the_first_and_last_day_of_a_year_and_the_day_after(as_of, expected):
    assert status(Tier.STANDARD, as_of, dates=[date(2024, 6, 1)]).status == expected


def test_opportunities_on_the_first_and_last_day_count_and_the_day_after_does_not():
    evaluation = status(
        Tier.STANDARD,
        date(2025, 6, 1),
        dates=[date(2023, 12, 31), date(2024, 1, 1), date(2024, 12, 31), date(2025, 1, 1)],
    )
    assert evaluation.opportunities_delivered == 2
    assert evaluation.status == YearStatus.MET


def test_a_year_is_met_as_soon_as_its_count_is_reached_even_while_running():
    evaluation = status(Tier.STANDARD, date(2024, 3, 1), dates=[date(2024, 1, 5), date(2024, 2, 5)])
    assert evaluation.status == YearStatus.MET
    assert evaluation.opportunities_owed == 0


def test_only_what_was_delivered_on_or_before_the_as_of_date_counts():
    dates = [date(2024, 1, 5), date(2024, 6, 5)]
    assert status(Tier.STANDARD, date(2024, 6, 4), dates=dates).opportunities_delivered == 1
    assert status(Tier.STANDARD, date(2024, 6, 5), dates=dates).opportunities_delivered == 2


def test_an_upcoming_year_is_upcoming_whatever_was_delivered():
    assert status(Tier.MAJOR, date(2023, 6, 1)).status == YearStatus.UPCOMING


def test_a_none_tier_year_is_not_required_but_still_counts_deliveries():
    evaluation = status(Tier.NONE, date(2025, 6, 1), dates=[date(2024, 6, 1)])
    assert evaluation.status == YearStatus.NOT_REQUIRED
    assert evaluation.opportunities_required == 0
    assert evaluation.opportunities_delivered == 1
    assert not evaluation.expo_required and evaluation.expo_met


FOUR = [date(2024, m, 1) for m in (2, 3, 4, 5)]
EXPO = Edition(pk=7, date=date(2024, 3, 12))


def test_a_major_year_needs_four_opportunities_and_the_expo_dated_inside_it():
    without = status(Tier.MAJOR, date(2025, 1, 1), dates=FOUR, editions=[EXPO])
    assert without.expo_required and not without.expo_met
    assert without.status == YearStatus.MISSED
    registered = status(Tier.MAJOR, date(2025, 1, 1), dates=FOUR, editions=[EXPO], registered={7})
    assert registered.expo_met
    assert registered.status == YearStatus.MET
    three = status(Tier.MAJOR, date(2025, 1, 1), dates=FOUR[:3], editions=[EXPO], registered={7})
    assert three.status == YearStatus.MISSED


def test_a_year_with_no_expo_inside_owes_no_expo():
    outside = [Edition(pk=1, date=date(2023, 12, 31)), Edition(pk=2, date=date(2025, 1, 1))]
    evaluation = status(Tier.MAJOR, date(2025, 1, 1), dates=FOUR, editions=outside)
    assert not evaluation.expo_required
    assert evaluation.expo_met
    assert evaluation.status == YearStatus.MET


def test_every_expo_inside_a_year_is_needed():
    editions = [Edition(pk=1, date=date(2024, 1, 1)), Edition(pk=2, date=date(2024, 12, 31))]
    evaluation = status(Tier.MAJOR, date(2025, 1, 1), dates=FOUR, editions=editions, registered={1})
    assert [e.pk for e in evaluation.expo_missing] == [2]
    assert evaluation.status == YearStatus.MISSED


def test_a_standard_year_owes_no_expo():
    evaluation = status(Tier.STANDARD, date(2025, 1, 1), dates=FOUR[:2], editions=[EXPO])
    assert not evaluation.expo_required
    assert evaluation.status == YearStatus.MET


@pytest.mark.parametrize(
    ("as_of", "at_risk"),
    [
        (date(2024, 11, 1), False),  # 60 days left
        (date(2024, 11, 2), True),  # 59 days left
        (date(2024, 12, 31), True),  # the last day
    ],
)
def test_at_risk_is_in_progress_with_fewer_than_60_days_left(as_of, at_risk):
    evaluation = status(Tier.STANDARD, as_of, dates=[date(2024, 2, 1)])
    assert evaluation.status == YearStatus.IN_PROGRESS
    assert evaluation.at_risk is at_risk


def test_a_met_or_missed_year_is_never_at_risk():
    assert not status(Tier.STANDARD, date(2024, 12, 1), dates=FOUR[:2]).at_risk
    assert not status(Tier.STANDARD, date(2025, 1, 5)).at_risk


def test_registration_meets_the_expo_as_exhibitor_or_equivalent_sponsor():
    assert registration_meets_expo(kind="exhibitor", exhibitor_equivalent=False)
    assert registration_meets_expo(kind="sponsor", exhibitor_equivalent=True)
    assert not registration_meets_expo(kind="sponsor", exhibitor_equivalent=False)


SIGNED = date(2024, 1, 10)


@pytest.mark.parametrize(
    ("first", "other", "holds"),
    [
        ((date(2024, 1, 10), "PC-1"), "", True),  # registered on the day signed
        ((date(2024, 1, 9), "PC-1"), "", True),
        ((date(2024, 1, 11), "PC-1"), "", False),  # the day after
        (None, "", False),
        (None, "Email attached", True),
        ((date(2024, 1, 11), "PC-1"), "  ", False),
    ],
)
def test_registration_proof_on_or_before_the_date_signed_or_other_proof(first, other, holds):
    check = proof_check(
        tier=Tier.STANDARD, signed_date=SIGNED, first_registration=first, other_proof=other
    )
    assert check.holds is holds


def test_a_none_tier_contract_needs_no_proof():
    check = proof_check(tier=Tier.NONE, signed_date=SIGNED, first_registration=None)
    assert check.holds and not check.required


def test_contract_years_are_the_calendar_arithmetic_of_relativedelta():
    rng = random.Random(29)
    starts = [date(2024, 2, 29), date(2023, 2, 28), date(2023, 3, 1), date(2020, 12, 31)]
    starts += [date(2019, 1, 1) + timedelta(days=rng.randrange(3000)) for _ in range(300)]
    for start in starts:
        end = start + timedelta(days=rng.randrange(0, 9 * 366))
        expected, number = [], 1
        while (first := start + relativedelta(years=number - 1)) <= end:
            last = min(start + relativedelta(years=number) - timedelta(days=1), end)
            expected.append((number, first, last))
            number += 1
        assert years(start, end) == expected, (start, end)
        assert years(start, end) == expected, "the same again, from the cache"


def random_year_cases(seed: int):
    """Years of every tier around every as-of date, with random deliveries and Expo."""
    rng = random.Random(seed)
    editions = [Edition(pk=n, date=date(2022 + n, 3, 12)) for n in range(5)]
    for _ in range(400):
        start = date(2022, 1, 1) + timedelta(days=rng.randrange(1500))
        year = contract_years(start, start + timedelta(days=rng.randrange(1, 366)))[0]
        dates = sorted(
            start + timedelta(days=rng.randrange(-30, 400)) for _ in range(rng.randrange(6))
        )
        as_of = start + timedelta(days=rng.randrange(-90, 460))
        for tier in Tier:
            yield evaluate_year(
                tier=tier,
                year=year,
                as_of=as_of,
                delivery_dates=dates,
                editions=editions,
                registered_edition_ids={e.pk for e in editions if rng.random() < 0.5},
            )


def test_the_statuses_possible_from_the_dates_contain_the_status_and_decide_alone_when_one():
    seen = set()
    for evaluation in random_year_cases(1):
        possible = year_statuses_possible(
            tier=evaluation.tier, year=evaluation.year, as_of=evaluation.as_of
        )
        assert evaluation.status in possible
        assert len(possible) in (1, 2)
        seen.add((len(possible), evaluation.status))
    assert seen == {
        (1, YearStatus.NOT_REQUIRED),
        (1, YearStatus.UPCOMING),
        (2, YearStatus.MET),
        (2, YearStatus.IN_PROGRESS),
        (2, YearStatus.MISSED),
    }


def test_a_year_at_risk_is_always_one_that_may_be():
    at_risk = 0
    for evaluation in random_year_cases(2):
        may = year_may_be_at_risk(
            tier=evaluation.tier, year=evaluation.year, as_of=evaluation.as_of
        )
        assert may or not evaluation.at_risk
        at_risk += evaluation.at_risk
        if may:
            assert evaluation.status in (YearStatus.IN_PROGRESS, YearStatus.MET)
            assert 0 <= evaluation.days_left < 60
    assert at_risk > 10


def test_pages_say_not_required_instead_of_one_of_zero_or_a_blank_expo():
    none_tier = status(Tier.NONE, date(2025, 6, 1), dates=[date(2024, 6, 1)])
    assert none_tier.opportunities_summary == "Not required (1 delivered)"
    assert status(Tier.NONE, date(2025, 6, 1)).opportunities_summary == "Not required"
    assert none_tier.expo_met_summary == "Not required"
    standard = status(Tier.STANDARD, date(2025, 6, 1), dates=[date(2024, 6, 1)])
    assert standard.opportunities_summary == "1 of 2"
    assert standard.expo_met_summary == "Not required"
    without = status(Tier.MAJOR, date(2025, 1, 1), dates=FOUR, editions=[EXPO])
    assert without.expo_met_summary == "No"
    registered = status(Tier.MAJOR, date(2025, 1, 1), dates=FOUR, editions=[EXPO], registered={7})
    assert (registered.opportunities_summary, registered.expo_met_summary) == ("4 of 4", "Yes")
