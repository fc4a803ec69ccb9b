"""The partner directory: its filters (django-filter) and the read of one page.

The page read lives here rather than in selectors.py because it starts from the FilterSet,
which itself builds on the selectors' distance expressions.
"""

import django_filters
from django.core.paginator import Page

from partners.models import Certification, Experience, OrganizationType, Partner, Pathway, Tier

from .models import School
from .selectors import DirectoryPaginator, distance_miles, miles_box

ANY = "Any"  # the empty choice of every select
DISTANCE_CHOICES = [(5, "5 miles"), (10, "10 miles"), (25, "25 miles"), (50, "50 miles")]


class PartnerDirectoryFilter(django_filters.FilterSet):
    """The partner directory's filters; every one is applied in the database, on the facts
    kept on each partner's row (indexed on PostgreSQL), so no filter joins many rows."""

    q = django_filters.CharFilter(label="Search", method="filter_text")
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
