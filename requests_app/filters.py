"""The filters (django-filter) of the partner directory, the staff's list of engagements and
the requests home, and the read of their pages.

The page reads live here rather than in selectors.py because they start from the
FilterSets, which themselves build on the selectors' expressions.
"""

from datetime import date

import django_filters
from django import forms
from django.core.paginator import Page, Paginator
from django.http import Http404, QueryDict

from partners.models import (
    Certification,
    Experience,
    Organization,
    OrganizationType,
    Partner,
    Pathway,
    Tier,
)

from .models import Engagement, Request, School
from .selectors import (
    NO_PATHWAY,
    DirectoryPaginator,
    distance_miles,
    engagement_day_condition,
    engagement_pathway_condition,
    engagement_schools_for_user,
    engagements_for_user,
    miles_box,
    organizations_engaged_at,
    request_opened_condition,
    request_past_date_condition,
    request_pathway_condition,
    requests_with_counts,
    schools_for_user,
)

ANY = "Any"  # the empty choice of every select
DISTANCE_CHOICES = [(5, "5 miles"), (10, "10 miles"), (25, "25 miles"), (50, "50 miles")]


class PartnerDirectoryFilter(django_filters.FilterSet):
    """The partner directory's filters; every one is applied in the database, on the facts
    kept on each partner's row (indexed on PostgreSQL), so no filter joins many rows."""

    q = django_filters.CharFilter(label="Search", method="filter_text")
    status = django_filters.ChoiceFilter(
        empty_label=ANY,
        label="Status",
        choices=[
            (Partner.Status.ACTIVE, "Active"),
            (Partner.Status.NEW, "New, not yet contacted"),
        ],
    )
    pathway = django_filters.ModelChoiceFilter(
        empty_label=ANY, queryset=Pathway.objects.active(), label="Pathway", method="filter_key"
    )
    experience = django_filters.ModelChoiceFilter(
        empty_label=ANY,
        queryset=Experience.objects.active(),
        label="Experience",
        method="filter_key",
    )
    tier = django_filters.ModelChoiceFilter(
        empty_label=ANY, queryset=Tier.objects.active(), label="Tier", method="filter_tier"
    )
    certification = django_filters.ModelChoiceFilter(
        empty_label=ANY,
        field_name="organization__certifications",
        queryset=Certification.objects.active(),
        label="Certification",
    )
    organization_type = django_filters.ModelChoiceFilter(
        empty_label=ANY,
        field_name="organization__type",
        queryset=OrganizationType.objects.active(),
        label="Organization type",
    )
    delivery = django_filters.ChoiceFilter(
        empty_label=ANY,
        label="Meets",
        choices=[("in_person", "In person"), ("virtual", "Virtually")],
        method="filter_delivery",
    )
    language = django_filters.CharFilter(
        field_name="languages", lookup_expr="icontains", label="Language"
    )
    near_school = django_filters.ModelChoiceFilter(
        empty_label=ANY,
        queryset=School.objects.filter(is_active=True),
        label="Near school",
        method="filter_noop",
    )
    within = django_filters.TypedChoiceFilter(
        choices=[("", ANY), *DISTANCE_CHOICES],
        coerce=int,
        empty_value=None,
        label="Within",
        method="filter_noop",
    )

    class Meta:
        model = Partner
        fields = []

    def filter_text(self, queryset, name, value):
        """Every word in the name, organization, job title or skills (the row's search text)."""
        for word in value.lower().split()[:5]:
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def filter_key(self, queryset, name, value):
        return queryset.filter(**{f"{name}_keys__has_key": str(value.pk)})

    def filter_tier(self, queryset, name, value):
        keys = [str(pk) for pk in value.experiences.values_list("pk", flat=True)]
        return queryset.filter(experience_keys__has_any_keys=keys) if keys else queryset.none()

    def filter_delivery(self, queryset, name, value):
        if value == "virtual":
            return queryset.filter(delivery__in=[Partner.Delivery.VIRTUAL, Partner.Delivery.BOTH])
        return queryset.filter(delivery__in=[Partner.Delivery.IN_PERSON, Partner.Delivery.BOTH])

    def filter_noop(self, queryset, name, value):
        return queryset  # applied together in filter_queryset

    @property
    def near(self):
        """(school, within miles or None) when the directory is sorted by distance."""
        school = self.form.cleaned_data.get("near_school") if self.is_valid() else None
        return (school, self.form.cleaned_data.get("within")) if school else None

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        school = self.form.cleaned_data.get("near_school")
        if school:
            queryset = queryset.annotate(
                distance=distance_miles(school.latitude, school.longitude)
            ).filter(latitude__isnull=False)
            within = self.form.cleaned_data.get("within")
            if within:
                queryset = queryset.filter(
                    miles_box(school.latitude, school.longitude, within), distance__lte=within
                )
            return queryset.order_by("distance", "last_name", "pk")
        return queryset.order_by("last_name", "first_name", "pk")


def partner_directory(data, *, page_number) -> tuple[PartnerDirectoryFilter, Page]:
    """The directory's filters bound to `data` (a QueryDict or None) and the page asked for:
    active partners with their organization, experiences and pathways, in a bounded number
    of queries whatever the number of partners."""
    partners = (
        Partner.objects.exclude(status=Partner.Status.INACTIVE)
        .select_related("organization__type")
        .prefetch_related("pathways", "experiences")
    )
    partner_filter = PartnerDirectoryFilter(data, queryset=partners)
    paginator = DirectoryPaginator(partner_filter.qs, near=partner_filter.near)
    return partner_filter, paginator.get_page(page_number)


# The staff's list of engagements and the requests home

ENGAGEMENTS_PER_PAGE = 50
REQUESTS_PER_PAGE = 50
DAY_HELP = (
    "A delivered engagement's day is its delivery date; any other's is the day it is "
    "scheduled for (engagements not yet scheduled have none)."
)


def pathway_choices() -> list[tuple[str, str]]:
    """`pathway=<id>` for each pathway of the catalog (retired ones too: past requests
    keep them), and `pathway=none` for a request without pathways."""
    return [
        (NO_PATHWAY, "No pathway"),
        *((str(pk), name) for pk, name in Pathway.objects.values_list("pk", "name")),
    ]


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _chosen_id(data, name: str) -> int | None:
    value = (data or {}).get(name, "")
    return int(value) if isinstance(value, str) and value.isdigit() else None


class ScopedFilterSet(django_filters.FilterSet):
    """A FilterSet whose `school` choices are the user's schools: a school outside them is a
    404, like any object outside the user's scope; any other invalid value shows on the
    form and selects nothing."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["pathway"].extra["choices"] = pathway_choices()  # read once

    def raise_404_for_a_school_outside_the_scope(self) -> None:
        if self.is_bound and "school" in self.errors:
            raise Http404("No such school among yours.")

    def filter_queryset(self, queryset):
        if not self.form.is_valid():
            return queryset.none()
        return super().filter_queryset(queryset)

    def filter_noop(self, queryset, name, value):
        return queryset  # applied together in filter_queryset

    def filter_pathway(self, queryset, name, value):
        return queryset.filter(self.pathway_condition(value))


class EngagementFilter(ScopedFilterSet):
    """The staff's list of engagements and its CSV, on exactly these GET parameters (the
    district dashboard links to them):

    - `school=<School id>`: one of the user's schools (another is a 404);
    - `pathway=<Pathway id>`: engagements whose request has that pathway (or, booked from
      an offer, whose offer has it); `pathway=none`: whose request (or offer) has none;
    - `tier=<Tier id>`: the tier of the engagement's experience;
    - `status=<Engagement.Status value>`;
    - `organization=<Organization id>`;
    - `from=YYYY-MM-DD` and `to=YYYY-MM-DD`, both included, on the engagement's day: its
      `delivered_on` if delivered, else the local date of its `starts_at`. An engagement
      neither delivered nor scheduled has no day and is left out once either is given.
    """

    pathway_condition = staticmethod(engagement_pathway_condition)

    school = django_filters.ModelChoiceFilter(
        empty_label=ANY, queryset=School.objects.none(), label="School"
    )
    pathway = django_filters.ChoiceFilter(
        empty_label=ANY, choices=[], label="Pathway", method="filter_pathway"
    )
    tier = django_filters.ModelChoiceFilter(
        empty_label=ANY,
        queryset=Tier.objects.all(),
        field_name="experience__tier",
        label="Tier",
        help_text="The tier of the engagement's experience.",
    )
    status = django_filters.ChoiceFilter(
        empty_label=ANY, choices=Engagement.Status.choices, label="Status"
    )
    organization = django_filters.ModelChoiceFilter(
        empty_label=ANY, queryset=Organization.objects.none(), label="Organization"
    )

    class Meta:
        model = Engagement
        fields = []

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, queryset=engagements_for_user(user), **kwargs)
        schools = engagement_schools_for_user(user)
        self.filters["school"].queryset = schools.order_by("name")
        self.filters["organization"].queryset = organizations_engaged_at(
            schools, also=_chosen_id(data, "organization")
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.is_valid():
            return queryset
        since, until = self.form.cleaned_data.get("from"), self.form.cleaned_data.get("to")
        if since or until:
            queryset = queryset.filter(engagement_day_condition(since=since, until=until))
        return queryset


# `from` and `to` are Python keywords: they join the class's filters by name, last.
EngagementFilter.base_filters["from"] = django_filters.DateFilter(
    field_name="from",
    label="From",
    method="filter_noop",
    widget=_date_input(),
    help_text="On or after this day. " + DAY_HELP,
)
EngagementFilter.base_filters["to"] = django_filters.DateFilter(
    field_name="to",
    label="To",
    method="filter_noop",
    widget=_date_input(),
    help_text="On or before this day.",
)


def engagement_filter(user, data: QueryDict) -> EngagementFilter:
    """The engagements list's filters bound to `data`, on the user's schools' engagements;
    a school outside them is a 404."""
    engagements = EngagementFilter(data, user=user)
    engagements.raise_404_for_a_school_outside_the_scope()
    return engagements


def engagement_page(engagements: EngagementFilter, *, page_number) -> Page:
    """The page asked for of the filtered engagements: a fixed number of queries whatever
    the number of engagements."""
    return Paginator(engagements.qs, ENGAGEMENTS_PER_PAGE).get_page(page_number)


PAST_DATE = "1"


class RequestListFilter(ScopedFilterSet):
    """The requests home's filters (the district dashboard links to them): besides `status`,
    `school=<School id>` (one of the user's schools), `pathway=<Pathway id>` or
    `pathway=none`, `past_date=1` (still open, and its date, the last day of the window or
    else the day, is before today), and `opened_from` / `opened_to` (YYYY-MM-DD, both
    included, on the local day the request was created)."""

    pathway_condition = staticmethod(request_pathway_condition)
    FILTERING = ("school", "pathway", "past_date", "opened_from", "opened_to")

    status = django_filters.ChoiceFilter(
        empty_label=ANY, choices=Request.Status.choices, label="Status"
    )
    school = django_filters.ChoiceFilter(
        empty_label=ANY, choices=[], label="School", field_name="school_id"
    )
    pathway = django_filters.ChoiceFilter(
        empty_label=ANY, choices=[], label="Pathway", method="filter_pathway"
    )
    past_date = django_filters.ChoiceFilter(
        empty_label=ANY,
        choices=[(PAST_DATE, "Still open past their date")],
        label="Request date",
        method="filter_past_date",
    )
    opened_from = django_filters.DateFilter(
        label="Opened from", method="filter_noop", widget=_date_input()
    )
    opened_to = django_filters.DateFilter(
        label="Opened until", method="filter_noop", widget=_date_input()
    )

    class Meta:
        model = Request
        fields = []

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, queryset=requests_with_counts(user), **kwargs)
        # The user's schools, read once: the home lists them too.
        self.schools = list(schools_for_user(user))
        self.filters["school"].extra["choices"] = [
            (str(school.pk), school.name) for school in self.schools
        ]

    @property
    def is_filtering(self) -> bool:
        """Is any filter besides `status` given? (Without one, the home lists every status,
        or pages through the one of `status`.)"""
        return any(self.data.get(name) for name in self.FILTERING)

    def filter_past_date(self, queryset, name, value):
        return queryset.filter(request_past_date_condition())

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.is_valid():
            return queryset
        since = self.form.cleaned_data.get("opened_from")
        until = self.form.cleaned_data.get("opened_to")
        return queryset.filter(request_opened_condition(since=since, until=until))

    @property
    def description(self) -> list[str]:
        """What is filtered, in words, for the list's heading."""
        if not self.is_valid():
            return []
        data = self.form.cleaned_data
        parts = []
        if data.get("status"):
            parts.append(Request.Status(data["status"]).label.lower())
        if data.get("school"):
            school = next(school for school in self.schools if str(school.pk) == data["school"])
            parts.append(f"at {school.label}")
        if data.get("pathway"):
            names = dict(self.form.fields["pathway"].choices)
            pathway = names.get(data["pathway"], "")
            no_pathway = data["pathway"] == NO_PATHWAY
            parts.append("without a pathway" if no_pathway else f"in the {pathway} pathway")
        if data.get("past_date"):
            parts.append("still open past their date")
        since, until = data.get("opened_from"), data.get("opened_to")
        if since and until:
            parts.append(f"opened {_day(since)} to {_day(until)}")
        elif since:
            parts.append(f"opened on or after {_day(since)}")
        elif until:
            parts.append(f"opened on or before {_day(until)}")
        return parts


def _day(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def request_list(user, data: QueryDict, *, page_number) -> tuple[RequestListFilter, Page | None]:
    """The requests home's filters bound to `data` and, when filtering, the page asked for
    (else None); a school outside the user's is a 404."""
    requests = RequestListFilter(data, user=user)
    if not requests.is_filtering:
        return requests, None
    requests.raise_404_for_a_school_outside_the_scope()
    return requests, Paginator(requests.qs, REQUESTS_PER_PAGE).get_page(page_number)
