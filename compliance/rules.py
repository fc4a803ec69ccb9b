"""The contract rule of Attachment C, as pure functions: tiers, contract years, what a year owes
and its status as of a date. Every page, command, report and reminder calls these."""

import re
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Protocol

from django.db import models
from django.db.models import Q
from django.utils.translation import pgettext_lazy

# Tiers


class Tier(models.TextChoices):
    NONE = "none", "None (under $100,000)"
    STANDARD = "standard", "Standard ($100,000 to $999,999.99)"
    MAJOR = "major", "Major ($1,000,000 and more)"


STANDARD_FROM = Decimal("100000.00")
MAJOR_FROM = Decimal("1000000.00")


@dataclass(frozen=True)
class Requirement:
    opportunities_per_year: int
    expo: bool


REQUIREMENTS: dict[Tier, Requirement] = {
    Tier.NONE: Requirement(opportunities_per_year=0, expo=False),
    Tier.STANDARD: Requirement(opportunities_per_year=2, expo=False),
    Tier.MAJOR: Requirement(opportunities_per_year=4, expo=True),
}


def contract_tier(value: Decimal) -> Tier:
    """The tier of a contract of this value: $100,000.00 is standard, $1,000,000.00 is major."""
    if value >= MAJOR_FROM:
        return Tier.MAJOR
    if value >= STANDARD_FROM:
        return Tier.STANDARD
    return Tier.NONE


def tier_value_q(tier: Tier | str, *, field_name: str = "value") -> Q:
    """The database filter for the contracts of one tier, from the same boundaries."""
    tier = Tier(tier)
    if tier == Tier.MAJOR:
        return Q(**{f"{field_name}__gte": MAJOR_FROM})
    if tier == Tier.STANDARD:
        return Q(**{f"{field_name}__gte": STANDARD_FROM, f"{field_name}__lt": MAJOR_FROM})
    return Q(**{f"{field_name}__lt": STANDARD_FROM})


# Money as spreadsheets write it

_MONEY = re.compile(r"^\$?\s*(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<cents>\d{1,2}))?$")


def parse_money(text: str) -> Decimal:
    """A dollar amount written `1000000`, `1000000.00`, `$1,000,000.00` (or `$1000000.5`).

    Exact: never through a float; more than two decimals, a minus sign or misplaced commas
    are refused with ValueError rather than rounded or guessed.
    """
    cleaned = (text or "").strip()
    match = _MONEY.fullmatch(cleaned)
    if not match:
        raise ValueError(
            f"{text!r} is not an amount in dollars (write 1000000, 1000000.00 or $1,000,000.00)"
        )
    digits = match["digits"].replace(",", "")
    try:
        return Decimal(f"{digits}.{(match['cents'] or '').ljust(2, '0')}")
    except InvalidOperation:  # pragma: no cover - the pattern admits digits only
        raise ValueError(f"{text!r} is not an amount in dollars") from None


# Contract years


ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class ContractYear:
    number: int
    start: date
    end: date

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def add_years(day: date, years: int) -> date:
    """`day` plus whole years, as `dateutil.relativedelta(years=...)` adds them: 29 February
    becomes 28 February in a common year (the only date a year later that may not exist)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@lru_cache(maxsize=16384)
def _contract_years(start: date, end: date) -> tuple[ContractYear, ...]:
    """The years of a term, computed once per (start, end): reports ask for the same terms
    again and again."""
    years = []
    number = 1
    year_start = start
    while year_start <= end:
        next_start = add_years(start, number)
        years.append(
            ContractYear(number=number, start=year_start, end=min(next_start - ONE_DAY, end))
        )
        number += 1
        year_start = next_start
    return tuple(years)


def _contract_years_checked(start: date, end: date) -> tuple[ContractYear, ...]:
    if end < start:
        raise ValueError("a contract cannot end before it starts")
    return _contract_years(start, end)


def contract_years(start: date, end: date) -> list[ContractYear]:
    """Year k runs from start + (k-1) years to the day before start + k years, or to `end`.

    Calendar arithmetic as dateutil.relativedelta does it, always counted from the start
    date: a start on 29 February has its anniversaries on 28 February in common years.
    A short final year is still a whole contract year (the rule does not prorate).
    """
    return list(_contract_years_checked(start, end))


# What a year owes and its status


class YearStatus(models.TextChoices):
    # Shown to a contractor's organization admin on their partner home (compliance/_status.html).
    NOT_REQUIRED = "not_required", pgettext_lazy("contract year status", "Not required")
    UPCOMING = "upcoming", pgettext_lazy("contract year status", "Upcoming")
    MET = "met", pgettext_lazy("contract year status", "Met")
    IN_PROGRESS = "in_progress", pgettext_lazy("contract year status", "In progress")
    MISSED = "missed", pgettext_lazy("contract year status", "Missed")


AT_RISK_DAYS = 60


class Dated(Protocol):
    """An Expo edition as the rules see it: a primary key and a date."""

    pk: int
    date: date


@dataclass(frozen=True, slots=True)
class YearEvaluation:
    year: ContractYear
    tier: Tier
    as_of: date
    opportunities_required: int
    opportunities_delivered: int
    expo_editions: tuple = ()  # the Expo editions the year requires (dated inside, major tier)
    expo_missing: tuple = ()  # those of them without a qualifying registration
    status: YearStatus = YearStatus.NOT_REQUIRED

    @property
    def expo_required(self) -> bool:
        return bool(self.expo_editions)

    @property
    def expo_met(self) -> bool:
        """True when nothing is owed for the Expo (also when no Expo is required)."""
        return not self.expo_missing

    @property
    def opportunities_summary(self) -> str:
        """The opportunities as pages say them: "1 of 2", or "Not required" for a year that
        owes none (with what was delivered anyway), never "1 of 0"."""
        if self.opportunities_required:
            return f"{self.opportunities_delivered} of {self.opportunities_required}"
        if self.opportunities_delivered:
            return f"Not required ({self.opportunities_delivered} delivered)"
        return "Not required"

    @property
    def expo_met_summary(self) -> str:
        """The Expo as pages say it: "Not required" when no Expo falls due in the year, else
        "Yes" or "No". (The CSV keeps the spec's `yes` there: nothing is owed.)"""
        if not self.expo_required:
            return "Not required"
        return "Yes" if self.expo_met else "No"

    @property
    def opportunities_owed(self) -> int:
        return max(0, self.opportunities_required - self.opportunities_delivered)

    @property
    def owes_something(self) -> bool:
        return self.opportunities_owed > 0 or not self.expo_met

    @property
    def days_left(self) -> int:
        """Days from the as-of date to the last day of the year (0 on the last day)."""
        return (self.year.end - self.as_of).days

    @property
    def at_risk(self) -> bool:
        """The highlight: in progress, fewer than 60 days left, something still owed."""
        return (
            self.status == YearStatus.IN_PROGRESS
            and self.days_left < AT_RISK_DAYS
            and self.owes_something
        )


def year_status(*, tier: Tier, year: ContractYear, as_of: date, satisfied: bool) -> YearStatus:
    """The status of a year as of `as_of`, `satisfied` telling whether its opportunities and
    Expo are all delivered."""
    if tier == Tier.NONE:
        return YearStatus.NOT_REQUIRED
    if year.start > as_of:
        return YearStatus.UPCOMING
    if satisfied:
        return YearStatus.MET
    if year.end >= as_of:
        return YearStatus.IN_PROGRESS
    return YearStatus.MISSED


def year_statuses_possible(*, tier: Tier, year: ContractYear, as_of: date) -> set[YearStatus]:
    """The statuses the year may have whatever was delivered: one when the dates alone decide
    (tier none, a year not started), else two. Lets a report filter by status and evaluate
    only the years it cannot decide from their dates."""
    return {
        year_status(tier=tier, year=year, as_of=as_of, satisfied=satisfied)
        for satisfied in (True, False)
    }


def year_may_be_at_risk(*, tier: Tier, year: ContractYear, as_of: date) -> bool:
    """Whether the year can be at risk (`YearEvaluation.at_risk`) whatever was delivered: it
    may be in progress and has fewer than 60 days left (a year in progress has not ended: 0
    days left or more). Only those years need evaluating to count the years at risk."""
    return 0 <= (year.end - as_of).days < AT_RISK_DAYS and YearStatus.IN_PROGRESS in (
        year_statuses_possible(tier=tier, year=year, as_of=as_of)
    )


def count_between(sorted_dates: Sequence[date], first: date, last: date) -> int:
    """How many of the (sorted) dates fall between first and last, both included."""
    if last < first:
        return 0
    return bisect_right(sorted_dates, last) - bisect_left(sorted_dates, first)


def expo_editions_in_year(year: ContractYear, editions: Iterable[Dated]) -> tuple:
    return tuple(edition for edition in editions if year.contains(edition.date))


def evaluate_year(
    *,
    tier: Tier,
    year: ContractYear,
    as_of: date,
    delivery_dates: Sequence[date],
    editions: Iterable[Dated] = (),
    registered_edition_ids: Collection[int] = frozenset(),
) -> YearEvaluation:
    """One contract year as of `as_of`.

    `delivery_dates` are the organization's delivered opportunities, one date per event,
    sorted; those inside the year and on or before `as_of` count. `editions` are the Expo
    editions; `registered_edition_ids` those the organization registered for as an
    exhibitor or at an exhibitor-equivalent sponsor level.
    """
    requirement = REQUIREMENTS[tier]
    delivered = count_between(delivery_dates, year.start, min(year.end, as_of))
    if requirement.expo:
        required_editions = expo_editions_in_year(year, editions)
        missing = tuple(e for e in required_editions if e.pk not in registered_edition_ids)
    else:
        required_editions = missing = ()
    satisfied = delivered >= requirement.opportunities_per_year and not missing
    return YearEvaluation(
        year=year,
        tier=tier,
        as_of=as_of,
        opportunities_required=requirement.opportunities_per_year,
        opportunities_delivered=delivered,
        expo_editions=required_editions,
        expo_missing=missing,
        status=year_status(tier=tier, year=year, as_of=as_of, satisfied=satisfied),
    )


# Registration proof


@dataclass(frozen=True)
class ProofCheck:
    required: bool
    holds: bool
    confirmation_number: str = ""
    registered_on: date | None = None
    other_proof: str = ""

    @property
    def by_registration(self) -> bool:
        return self.registered_on is not None and self.holds and not self.other_proof


def proof_check(
    *,
    tier: Tier,
    signed_date: date,
    first_registration: tuple[date, str] | None,
    other_proof: str = "",
) -> ProofCheck:
    """The organization registered on Partner Connect on or before the date signed (its first
    partner's survey confirmation), or staff recorded other proof. None-tier owes nothing."""
    registered_on, number = first_registration or (None, "")
    by_registration = registered_on is not None and registered_on <= signed_date
    return ProofCheck(
        required=tier != Tier.NONE,
        holds=tier == Tier.NONE or by_registration or bool(other_proof.strip()),
        confirmation_number=number,
        registered_on=registered_on,
        other_proof=other_proof.strip(),
    )


@dataclass
class ContractEvaluation:
    """A contract as of a date: its tier, every year evaluated, the proof, compliance."""

    contract: object
    tier: Tier
    as_of: date
    years: list[YearEvaluation] = field(default_factory=list)
    proof: ProofCheck | None = None

    @property
    def compliant(self) -> bool:
        """No year missed and the registration proof holds."""
        return self.proof is not None and self.proof.holds and not self.missed_years

    @property
    def missed_years(self) -> list[YearEvaluation]:
        return [year for year in self.years if year.status == YearStatus.MISSED]

    @property
    def current_year(self) -> YearEvaluation | None:
        return next((year for year in self.years if year.year.contains(self.as_of)), None)

    @property
    def at_risk(self) -> bool:
        return any(year.at_risk for year in self.years)


def evaluate_years(
    *,
    tier: Tier,
    start: date,
    end: date,
    as_of: date,
    delivery_dates: Sequence[date],
    editions: Sequence[Dated] = (),
    registered_edition_ids: Collection[int] = frozenset(),
) -> list[YearEvaluation]:
    """Every year of a contract of this tier and term, evaluated (`evaluate_year`)."""
    return [
        evaluate_year(
            tier=tier,
            year=year,
            as_of=as_of,
            delivery_dates=delivery_dates,
            editions=editions,
            registered_edition_ids=registered_edition_ids,
        )
        for year in _contract_years_checked(start, end)
    ]


def evaluate_contract(
    *,
    contract,
    value: Decimal,
    start: date,
    end: date,
    signed_date: date,
    as_of: date,
    delivery_dates: Sequence[date],
    editions: Sequence[Dated] = (),
    registered_edition_ids: Collection[int] = frozenset(),
    first_registration: tuple[date, str] | None = None,
    other_proof: str = "",
) -> ContractEvaluation:
    tier = contract_tier(value)
    return ContractEvaluation(
        contract=contract,
        tier=tier,
        as_of=as_of,
        years=evaluate_years(
            tier=tier,
            start=start,
            end=end,
            as_of=as_of,
            delivery_dates=delivery_dates,
            editions=editions,
            registered_edition_ids=registered_edition_ids,
        ),
        proof=proof_check(
            tier=tier,
            signed_date=signed_date,
            first_registration=first_registration,
            other_proof=other_proof,
        ),
    )
