"""Forms of requests_app: requests, scheduling, answers, delivery, offers, the directory filter."""

import django_filters
from django import forms

from partners.forms import CatalogChoiceField
from partners.models import Certification, Experience, OrganizationType, Partner, Pathway, Tier

from .models import Offer, Request, School
from .selectors import distance_miles, miles_box


class ExperienceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.tier.name})"


class RequestForm(forms.ModelForm):
    experience = ExperienceChoiceField(
        queryset=Experience.objects.active().select_related("tier"), label="Experience wanted"
    )
    pathways = CatalogChoiceField(
        queryset=Pathway.objects.active().filter(is_exclusive=False),
        required=False,
        label="Career pathway(s)",
    )

    class Meta:
        model = Request
        fields = [
            "school",
            "title",
            "description",
            "experience",
            "pathways",
            "skills",
            "grade_levels",
            "student_count",
            "partners_wanted",
            "delivery",
            "starts_on",
            "ends_on",
            "start_time",
            "end_time",
            "location",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "start_time": forms.TimeInput(attrs={"type": "time"}),
            "end_time": forms.TimeInput(attrs={"type": "time"}),
            "delivery": forms.RadioSelect,
        }

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools if schools is not None else School.objects.none()
        self.fields["school"].empty_label = None

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The window must end on or after its first day.")
        start_time, end_time = data.get("start_time"), data.get("end_time")
        if start_time and end_time and end_time <= start_time:
            self.add_error("end_time", "The end time must be after the start time.")
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Reason (sent to the partners involved)",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AnswerForm(forms.Form):
    message = forms.CharField(
        label="Message to the Career Coordinator (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ScheduleForm(forms.Form):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label="Start time", widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label="End time", widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(
        max_length=200, required=False, help_text="Room and address, for in person."
    )
    video_link = forms.URLField(
        label="Video link",
        required=False,
        assume_scheme="https",
        help_text="For a virtual session.",
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("start_time")
            and data.get("end_time")
            and data["end_time"] <= data["start_time"]
        ):
            self.add_error("end_time", "The end time must be after the start time.")
        if not data.get("place") and not data.get("video_link"):
            self.add_error("place", "Give a place or a video link.")
        return data


class DeliveryForm(forms.Form):
    students_reached = forms.IntegerField(label="Students reached", min_value=0, max_value=5000)
    volunteer_hours = forms.DecimalField(
        label="Volunteer hours", min_value=0, max_value=1000, decimal_places=2
    )
    note = forms.CharField(
        label="A short note",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    rating = forms.TypedChoiceField(
        label="How did it go?",
        choices=[("", "—"), (5, "5 · excellent"), (4, "4"), (3, "3"), (2, "2"), (1, "1 · poor")],
        coerce=int,
        empty_value=None,
        required=False,
    )


class OfferForm(forms.ModelForm):
    experience = ExperienceChoiceField(queryset=Experience.objects.active().select_related("tier"))
    pathways = CatalogChoiceField(
        queryset=Pathway.objects.active(), required=False, label="Career pathway(s)"
    )

    class Meta:
        model = Offer
        fields = [
            "title",
            "description",
            "experience",
            "pathways",
            "offered_on",
            "start_time",
            "end_time",
            "capacity",
            "grade_levels",
            "delivery",
            "location",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "offered_on": forms.DateInput(attrs={"type": "date"}),
            "start_time": forms.TimeInput(attrs={"type": "time"}),
            "end_time": forms.TimeInput(attrs={"type": "time"}),
            "delivery": forms.RadioSelect,
        }


class BookOfferForm(forms.Form):
    school = forms.ModelChoiceField(queryset=School.objects.none(), empty_label=None)

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools if schools is not None else School.objects.none()


DISTANCE_CHOICES = [(5, "5 miles"), (10, "10 miles"), (25, "25 miles"), (50, "50 miles")]


class PartnerDirectoryFilter(django_filters.FilterSet):
    """The partner directory's filters; every one is applied in the database, on the facts
    kept on each partner's row (indexed on PostgreSQL), so no filter joins many rows."""

    q = django_filters.CharFilter(label="Search", method="filter_text")
    pathway = django_filters.ModelChoiceFilter(
        queryset=Pathway.objects.active(), label="Pathway", method="filter_key"
    )
    experience = django_filters.ModelChoiceFilter(
        queryset=Experience.objects.active(), label="Experience", method="filter_key"
    )
    tier = django_filters.ModelChoiceFilter(
        queryset=Tier.objects.active(), label="Tier", method="filter_tier"
    )
    certification = django_filters.ModelChoiceFilter(
        field_name="organization__certifications",
        queryset=Certification.objects.active(),
        label="Certification",
    )
    organization_type = django_filters.ModelChoiceFilter(
        field_name="organization__type",
        queryset=OrganizationType.objects.active(),
        label="Organization type",
    )
    delivery = django_filters.ChoiceFilter(
        label="Meets",
        choices=[("in_person", "In person"), ("virtual", "Virtually")],
        method="filter_delivery",
    )
    language = django_filters.CharFilter(
        field_name="languages", lookup_expr="icontains", label="Language"
    )
    near_school = django_filters.ModelChoiceFilter(
        queryset=School.objects.filter(is_active=True), label="Near school", method="filter_noop"
    )
    within = django_filters.TypedChoiceFilter(
        choices=DISTANCE_CHOICES, coerce=int, label="Within", method="filter_noop"
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
