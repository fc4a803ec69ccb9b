"""Forms of requests_app: requests, scheduling, answers, delivery, offers."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partners.forms import CatalogChoiceField
from partners.models import Experience, Partner, Pathway

from .models import Offer, Request, School


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
        schools = schools if schools is not None else School.objects.none()
        field = self.fields["school"]
        field.queryset = schools
        field.error_messages["required"] = "Choose the school this request is for."
        only = list(schools[:2])
        if len(only) == 1:  # nothing to choose: their one school
            field.empty_label = None
            field.initial = only[0].pk
        else:  # no default: a coordinator of several schools chooses one
            field.empty_label = "Choose a school"

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The window must end on or after its first day.")
        start_time, end_time = data.get("start_time"), data.get("end_time")
        if start_time and end_time and end_time <= start_time:
            self.add_error("end_time", "The end time must be after the start time.")
        return data


class InviteForm(forms.Form):
    """The candidates page: the partners ticked, or "Invite the top candidates" (`next`)."""

    partner = forms.ModelMultipleChoiceField(
        queryset=Partner.objects.all(),
        required=False,
        label="Partners to invite",
        widget=forms.MultipleHiddenInput,  # the page draws a checkbox beside each candidate
    )
    next = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if not data.get("next") and not data.get("partner") and "partner" not in self.errors:
            raise forms.ValidationError(
                "Tick the partners to invite, or use “Invite the top candidates”."
            )
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
        label=_("Message to the Career Coordinator (optional)"),
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
    students_reached = forms.IntegerField(label=_("Students reached"), min_value=0, max_value=5000)
    volunteer_hours = forms.DecimalField(
        label=_("Volunteer hours"), min_value=0, max_value=1000, decimal_places=2
    )
    note = forms.CharField(
        label=_("A short note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    rating = forms.TypedChoiceField(
        label=_("How did it go?"),
        choices=[
            ("", "—"),
            # Translators: the best rating of an engagement, from 5 (excellent) to 1 (poor).
            (5, _("5 · excellent")),
            (4, "4"),
            (3, "3"),
            (2, "2"),
            # Translators: the worst rating of an engagement, from 5 (excellent) to 1 (poor).
            (1, _("1 · poor")),
        ],
        coerce=int,
        empty_value=None,
        required=False,
    )


class OfferForm(forms.ModelForm):
    """A partner's offer. Its labels are given here, in the partner's language (the model's
    verbose names are the staff's, in English)."""

    experience = ExperienceChoiceField(
        queryset=Experience.objects.active().select_related("tier"), label=_("Experience")
    )
    pathways = CatalogChoiceField(
        queryset=Pathway.objects.active(), required=False, label=_("Career pathway(s)")
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
        labels = {
            # Translators: the title of a partner's offer, e.g. "Worksite tour".
            "title": _("Title"),
            "description": _("Description"),
            # Translators: the day of a partner's offer.
            "offered_on": _("Date"),
            "start_time": _("Start time"),
            "end_time": _("End time"),
            "capacity": _("Number of students"),
            "grade_levels": _("Grade levels"),
            # Translators: how the offer is given: in person, virtual or either.
            "delivery": _("Delivery"),
            "location": _("Location"),
        }
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
