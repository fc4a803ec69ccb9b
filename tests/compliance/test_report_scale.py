"""The compliance report over many contracts: the same rows as a plain evaluation of each contract
(on random data, with every filter), the page evaluating only what it shows with the right totals,
pagination keeping the filters, and a number of queries that does not grow with the contracts."""

import csv
import io
import random
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from compliance import selectors
from compliance.models import Contract, Opportunity
from compliance.rules import evaluate_contract
from compliance.selectors import REPORT_COLUMNS, ReportFilters, compliance_report
from expo.models import ExpoEdition, Registration
from expo.rules import registration_meets_expo
from partnerconnect.spreadsheets import write_csv
from requests_app.models import Engagement
from tests.compliance.factories import ContractFactory, OpportunityFactory
from tests.expo.factories import ExpoEditionFactory, RegistrationFactory, SponsorLevelFactory
from tests.partners.factories import OrganizationFactory, PartnerFactory
from tests.requests_app.factories import EngagementFactory, RequestFactory

pytestmark = pytest.mark.django_db

VALUES = [
    Decimal("0.00"),
    Decimal("99999.99"),
    Decimal("100000.00"),
    Decimal("450000.00"),
    Decimal("999999.99"),
    Decimal("1000000.00"),
    Decimal("3000000.00"),
]
FIRST, LAST = date(2022, 1, 1), date(2026, 12, 31)


def some_day(rng: random.Random, first: date = FIRST, last: date = LAST) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def random_data(seed: int, *, contracts: int = 36, organizations: int = 9) -> None:
    """Contracts of every tier over 1 to 4 years (29 February starts, short final years, terms
    sharing organizations), delivered engagements (several people per event, and some not
    delivered), hand-recorded opportunities, Expo editions and registrations of every kind."""
    rng = random.Random(seed)
    orgs = [OrganizationFactory() for _ in range(organizations)]
    people = {org.pk: [PartnerFactory(organization=org) for _ in range(3)] for org in orgs}
    requests = [RequestFactory() for _ in range(8)]
    for _ in range(50):  # events
        org, request = rng.choice(orgs), rng.choice(requests)
        status = rng.choice([Engagement.Status.DELIVERED] * 3 + [Engagement.Status.SCHEDULED])
        day = some_day(rng)
        for partner in rng.sample(people[org.pk], rng.choice([1, 1, 2, 3])):
            if Engagement.objects.filter(request=request, partner=partner).exists():
                continue
            EngagementFactory(
                request=request,
                partner=partner,
                organization=org,
                status=status,
                delivered_on=day if status == Engagement.Status.DELIVERED else None,
            )
    for _ in range(70):
        OpportunityFactory(organization=rng.choice(orgs), delivered_on=some_day(rng))
    editions = [ExpoEditionFactory(date=date(year, 3, 10 + year % 5)) for year in range(2022, 2028)]
    for edition in editions:
        equivalent = SponsorLevelFactory(edition=edition, exhibitor_equivalent=True)
        friend = SponsorLevelFactory(edition=edition, exhibitor_equivalent=False)
        for org in orgs:
            draw = rng.random()
            if draw < 0.35:
                RegistrationFactory(edition=edition, organization=org)
            elif draw < 0.6:
                level = equivalent if draw < 0.5 else friend
                RegistrationFactory(
                    edition=edition, organization=org, kind="sponsor", sponsor_level=level
                )
    for n in range(contracts):
        start = date(2024, 2, 29) if n % 7 == 0 else some_day(rng, FIRST, date(2026, 6, 30))
        end = start + timedelta(days=rng.randrange(0, 4 * 366))
        ContractFactory(
            number=f"R-{rng.randrange(10_000):04d}-{n}",
            contractor=rng.choice(orgs),
            value=rng.choice(VALUES),
            start_date=start,
            end_date=end,
        )


def plain_rows(as_of: date) -> list[dict]:
    """The report as a plain reading of the rule: every contract loaded and evaluated on its
    own with `rules.evaluate_contract`, from facts gathered one by one."""
    rows = []
    for contract in Contract.objects.select_related("contractor"):
        org = contract.contractor
        events = {
            (e.request_id, e.offer_id, e.school_id, e.delivered_on)
            for e in Engagement.objects.filter(organization=org, status="delivered")
        }
        dates = [day for *_, day in events] + [
            o.delivered_on for o in Opportunity.objects.filter(organization=org)
        ]
        registered = {
            r.edition_id
            for r in Registration.objects.filter(organization=org)
            if registration_meets_expo(
                kind=r.kind,
                exhibitor_equivalent=bool(r.sponsor_level and r.sponsor_level.exhibitor_equivalent),
            )
        }
        evaluation = evaluate_contract(
            contract=contract,
            value=contract.value,
            start=contract.start_date,
            end=contract.end_date,
            signed_date=contract.signed_date,
            as_of=as_of,
            delivery_dates=sorted(day for day in dates if day <= as_of),
            editions=list(ExpoEdition.objects.all()),
            registered_edition_ids=registered,
        )
        for year in evaluation.years:
            rows.append(
                {
                    "contract_number": contract.number,
                    "contractor": org.name,
                    "tier": evaluation.tier.value,
                    "year": year.year.number,
                    "year_start": year.year.start.isoformat(),
                    "year_end": year.year.end.isoformat(),
                    "opportunities_required": year.opportunities_required,
                    "opportunities_delivered": year.opportunities_delivered,
                    "expo_required": "yes" if year.expo_required else "no",
                    "expo_met": "yes" if year.expo_met else "no",
                    "status": year.status.value,
                    "at_risk": year.at_risk,
                    "value": contract.value,
                }
            )
    return sorted(rows, key=lambda row: (row["contract_number"], row["year"]))


def plain_filter(rows: list[dict], filters: ReportFilters) -> list[dict]:
    kept = []
    for row in rows:
        calendar = range(int(row["year_start"][:4]), int(row["year_end"][:4]) + 1)
        if (
            (filters.status and row["status"] != filters.status)
            or (filters.tier and row["tier"] != filters.tier)
            or (filters.contractor and filters.contractor.lower() not in row["contractor"].lower())
            or (filters.year and row["year"] != filters.year)
            or (filters.calendar_year and filters.calendar_year not in calendar)
            or (filters.at_risk_only and not row["at_risk"])
        ):
            continue
        kept.append(row)
    return kept


def columns(row: dict) -> dict:
    return {column: row[column] for column in REPORT_COLUMNS}


AS_OF_DATES = [date(2021, 12, 31), date(2024, 2, 29), date(2025, 3, 1), date(2026, 11, 15)]
FILTERS = [
    ReportFilters(),
    ReportFilters(status="met"),
    ReportFilters(status="missed"),
    ReportFilters(status="in_progress"),
    ReportFilters(status="upcoming"),
    ReportFilters(status="not_required"),
    ReportFilters(at_risk_only=True),
    ReportFilters(status="in_progress", at_risk_only=True),
    ReportFilters(status="missed", at_risk_only=True),
    ReportFilters(tier="major", status="met"),
    ReportFilters(tier="none"),
    ReportFilters(year=2, status="missed"),
    ReportFilters(calendar_year=2025, at_risk_only=True),
    ReportFilters(calendar_year=2024, tier="standard"),
]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_report_has_the_rows_of_a_plain_evaluation_of_each_contract(seed):
    random_data(seed)
    for as_of in AS_OF_DATES + [date(2025, 1, 1) + timedelta(days=seed * 97)]:
        expected = plain_rows(as_of)
        for filters in FILTERS:
            wanted = plain_filter(expected, filters)
            report = compliance_report(as_of=as_of, filters=filters)
            label = f"{as_of} {filters}"
            assert [row.as_dict() for row in report] == [columns(r) for r in wanted], label
            assert len(report) == len(wanted), label
            assert report.at_risk_count == sum(row["at_risk"] for row in wanted), label
            assert [row.year.at_risk for row in report] == [r["at_risk"] for r in wanted], label
            for start, stop in [(0, 5), (3, 11), (len(wanted) - 2, len(wanted) + 3)]:
                page = compliance_report(as_of=as_of, filters=filters)[max(start, 0) : stop]
                assert [row.as_dict() for row in page] == [
                    columns(r) for r in wanted[max(start, 0) : stop]
                ], label


def test_the_command_prints_the_plain_evaluation_byte_for_byte():
    random_data(4)
    as_of = date(2025, 3, 1)
    expected = io.StringIO(newline="")
    write_csv(expected, REPORT_COLUMNS, ([*columns(r).values()] for r in plain_rows(as_of)))
    out = io.StringIO()
    call_command("compliance_report", "--as-of", as_of.isoformat(), stdout=out)
    assert out.getvalue() == expected.getvalue().replace("\r\n", "\n")


def test_the_page_evaluates_the_rows_it_shows_only_and_counts_all(
    client, procurement_user, monkeypatch
):
    for n in range(60):
        contract = ContractFactory(
            number=f"P-{n:03d}", start_date=date(2024, 7, 1), end_date=date(2026, 6, 30)
        )
        if n % 4 == 0:  # one of the two opportunities owed in year 1: still owing
            OpportunityFactory(organization=contract.contractor, delivered_on=date(2024, 9, 1))
    evaluated = []
    real = selectors.evaluate_years
    monkeypatch.setattr(
        selectors, "evaluate_years", lambda **kwargs: evaluated.append(1) or real(**kwargs)
    )
    client.force_login(procurement_user)
    url = reverse("compliance:report")

    page = client.get(url, {"as_of": "2025-01-15", "page": "2"}).content.decode()
    assert re.findall(r">(P-\d{3})</a>", page) == [
        f"P-{n:03d}" for n in range(25, 50) for _ in "12"
    ]
    assert "120 contract years as of January 15, 2025; 0 at risk" in page
    assert "Page 2 of 3" in page
    assert len(evaluated) == 25, "the page's 25 contracts only: no year may be at risk"

    evaluated.clear()
    page = client.get(url, {"as_of": "2025-06-01", "page": "2"}).content.decode()
    assert re.findall(r">(P-\d{3})</a>", page) == [
        f"P-{n:03d}" for n in range(25, 50) for _ in "12"
    ]
    assert "120 contract years as of June 1, 2025; 60 at risk" in page
    assert page.count('class="table-warning"') == 25  # this page's first years
    assert len(evaluated) == 60, "the page's contracts and those whose year may be at risk"


def test_the_pagination_links_keep_the_filters(client, procurement_user):
    for n in range(55):
        ContractFactory(number=f"F-{n:03d}", contractor=OrganizationFactory(name=f"Acme {n}"))
    client.force_login(procurement_user)
    params = {"as_of": "2025-06-01", "status": "missed", "tier": "standard", "contractor": "acme"}
    page = client.get(reverse("compliance:report"), params).content.decode()
    assert "55 contract years" in page
    [link] = re.findall(r'href="(\?[^"]*page=2)"', page)
    assert "status=missed" in link and "tier=standard" in link and "contractor=acme" in link
    assert "as_of=2025-06-01" in link
    second = client.get(reverse("compliance:report") + link.replace("&amp;", "&")).content.decode()
    assert re.findall(r">(F-\d{3})</a>", second) == [f"F-{n:03d}" for n in range(50, 55)]
    assert "55 contract years" in second
    [back] = re.findall(r'href="(\?[^"]*page=1)"', second)
    assert "status=missed" in back and "contractor=acme" in back


def many_contracts(count: int, *, offset: int = 0) -> None:
    """Contracts of every tier of two to three years, with their contractors' facts."""
    edition = ExpoEdition.objects.first() or ExpoEditionFactory(date=date(2024, 3, 12))
    for n in range(offset, offset + count):
        contract = ContractFactory(
            number=f"Q-{n:04d}",
            value=VALUES[n % len(VALUES)],
            start_date=date(2023, 1, 1) + timedelta(days=37 * n % 700),
            end_date=date(2025, 12, 31),
        )
        OpportunityFactory(organization=contract.contractor, delivered_on=date(2024, 2, 1))
        EngagementFactory(
            partner=PartnerFactory(organization=contract.contractor),
            status=Engagement.Status.DELIVERED,
            delivered_on=date(2025, 1, 5),
        )
        if n % 3 == 0:
            RegistrationFactory(edition=edition, organization=contract.contractor)


def queries_of(function) -> int:
    with CaptureQueriesContext(connection) as context:
        function()
    return len(context)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"status": "met"},
        {"status": "in_progress", "at_risk": "on"},
        {"tier": "major", "year": "2", "page": "2"},
    ],
)
def test_the_page_makes_the_same_queries_however_many_contracts(
    client, procurement_user, django_assert_max_num_queries, params
):
    many_contracts(20)
    client.force_login(procurement_user)
    url = reverse("compliance:report")
    params = {"as_of": "2025-11-15", **params}
    first = queries_of(lambda: client.get(url, params))
    many_contracts(60, offset=20)
    with django_assert_max_num_queries(first):
        assert client.get(url, params).status_code == 200
    assert first <= 11  # transaction, session, user, permissions; contracts, editions, facts


def test_the_command_makes_the_same_five_queries_however_many_contracts(
    django_assert_max_num_queries,
):
    def command(*args):
        call_command("compliance_report", "--as-of", "2025-11-15", *args, stdout=io.StringIO())

    many_contracts(10)
    with django_assert_max_num_queries(5):  # contracts, editions, engagements, recorded, Expo
        command()
    many_contracts(60, offset=10)
    with django_assert_max_num_queries(5):
        command()
    with django_assert_max_num_queries(5):
        command("--format", "json")


def test_the_csv_download_makes_the_same_queries_however_many_contracts(
    client, procurement_user, django_assert_max_num_queries
):
    many_contracts(10)
    client.force_login(procurement_user)
    url = reverse("compliance:report_csv")
    first = queries_of(lambda: client.get(url, {"status": "missed"}))
    many_contracts(40, offset=10)
    with django_assert_max_num_queries(first):
        response = client.get(url, {"status": "missed"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == REPORT_COLUMNS and {row[-1] for row in rows[1:]} == {"missed"}


def test_the_report_counts_events_and_dates_per_organization_once():
    """Two people at one event, another event the same day, and a recorded opportunity."""
    contract = ContractFactory(start_date=date(2024, 1, 1))
    organization = contract.contractor
    request = RequestFactory()
    for _ in range(2):
        EngagementFactory(
            request=request,
            partner=PartnerFactory(organization=organization),
            status=Engagement.Status.DELIVERED,
            delivered_on=date(2024, 5, 1),
        )
    EngagementFactory(
        partner=PartnerFactory(organization=organization),
        status=Engagement.Status.DELIVERED,
        delivered_on=date(2024, 5, 1),
    )
    OpportunityFactory(organization=organization, delivered_on=date(2024, 5, 1))
    [row] = compliance_report(as_of=date(2024, 6, 1))
    assert row.year.opportunities_delivered == 3
    assert row.as_dict() == columns(plain_rows(date(2024, 6, 1))[0])
