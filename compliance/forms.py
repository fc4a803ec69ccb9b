"""Procurement's forms: a contract, a hand-recorded opportunity, an upload, the report's and the
contract list's filters. They parse input; the rules live in services and rules."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from imports.jobs import importers
from partners.models import Experience
from partners.selectors import normalize_name, organization_find_by_name
from requests_app.models import School

from .models import Contract
from .rules import Tier, YearStatus, parse_money, tier_value_q


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MoneyField(forms.CharField):
    """Dollars written 1000000, 1000000.00 or $1,000,000.00 (compliance.rules.parse_money)."""

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            return parse_money(text)
        except ValueError:
            raise forms.ValidationError(
                "Enter an amount in dollars, such as 1000000, 1000000.00 or $1,000,000.00."
            ) from None


ORGANIZATION_INPUT = forms.TextInput(
    attrs={"list": "organization-suggestions", "autocomplete": "off"}
)


class ContractForm(forms.Form):
    contract_number = forms.CharField(label="Contract number", max_length=50)
    contractor = forms.CharField(
        label="Contractor (organization)",
        max_length=200,
        widget=ORGANIZATION_INPUT,
        help_text=(
            "The organization its people register under in the survey. Matched ignoring case "
            "and extra spaces; a new name creates the organization."
        ),
    )
    title = forms.CharField(label="Title", max_length=200, required=False)
    value = MoneyField(
        label="Value (US dollars)",
        help_text="$100,000.00 and more owe 2 opportunities a year; $1,000,000.00 and more owe 4 "
        "and the Expo.",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "maxlength": 30}),
    )
    start_date = forms.DateField(label="Start date", widget=DateInput())
    end_date = forms.DateField(
        label="End date", widget=DateInput(), help_text="The contract's last day (inclusive)."
    )
    signed_date = forms.DateField(label="Date signed", widget=DateInput())
    other_proof = forms.CharField(
        label="Other proof of registration",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Only when the contractor proved its Partner Connect registration another way "
            "(e.g. the confirmation email attached to the signed contract): what and when."
        ),
    )

    @staticmethod
    def initial_for(contract: Contract) -> dict:
        return {
            "contract_number": contract.number,
            "contractor": contract.contractor.name,
            "title": contract.title,
            "value": f"{contract.value:.2f}",
            "start_date": contract.start_date,
            "end_date": contract.end_date,
            "signed_date": contract.signed_date,
            "other_proof": contract.other_proof,
        }


class OpportunityForm(forms.Form):
    organization = forms.CharField(label="Organization", max_length=200, widget=ORGANIZATION_INPUT)
    date = forms.DateField(label="Date delivered", widget=DateInput())
    experience = forms.ModelChoiceField(
        label="Experience",
        queryset=Experience.objects.active()
        .select_related("tier")
        .order_by("tier__position", "position"),
    )
    school = forms.ModelChoiceField(
        label="School", queryset=School.objects.filter(is_active=True), required=False
    )
    students = forms.IntegerField(label="Students reached", min_value=0, required=False)
    note = forms.CharField(
        label="Note",
        max_length=300,
        required=False,
        help_text="What it was, e.g. “Spring job shadow day”. The same organization, date, "
        "experience and note is one opportunity: recording it again does not count it twice.",
    )

    def clean_organization(self):
        name = normalize_name(self.cleaned_data["organization"])
        organization = organization_find_by_name(name)
        if organization is None:
            raise forms.ValidationError(f"No organization is named “{name}”. Check the spelling.")
        return organization

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError("Record opportunities once delivered: this date is ahead.")
        return day


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label="What the file holds", widget=forms.RadioSelect)
    file = forms.FileField(
        label="CSV file",
        help_text="Rows with a problem are listed after the import; the other rows are kept.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (importer.kind, f"{importer.label}. First row: {', '.join(importer.columns)}")
            for importer in importers().values()
        ]


ANY = [("", "Any")]


class ReportFilterForm(forms.Form):
    as_of = forms.DateField(
        label="As of", required=False, widget=DateInput(), help_text="Leave empty for today."
    )
    status = forms.ChoiceField(label="Status", choices=ANY + YearStatus.choices, required=False)
    tier = forms.ChoiceField(label="Tier", choices=ANY + Tier.choices, required=False)
    contractor = forms.CharField(label="Contractor", max_length=200, required=False)
    year = forms.IntegerField(
        label="Contract year",
        min_value=1,
        max_value=99,
        required=False,
        help_text="1 is the first year.",
    )
    calendar_year = forms.IntegerField(
        label="Calendar year", min_value=1990, max_value=2200, required=False
    )
    at_risk = forms.BooleanField(
        label="At risk only",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class ContractFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    tier = django_filters.ChoiceFilter(
        label="Tier", choices=Tier.choices, method="by_tier", empty_label="Any"
    )
    term = django_filters.ChoiceFilter(
        label="Term",
        choices=[("running", "Running today"), ("future", "Not started"), ("ended", "Ended")],
        method="by_term",
        empty_label="Any",
    )

    class Meta:
        model = Contract
        fields = []

    def search(self, queryset, name, value):
        text = value.strip()
        return queryset.filter(
            Q(number__icontains=text)
            | Q(title__icontains=text)
            | Q(contractor__name__icontains=text)
        )

    def by_tier(self, queryset, name, value):
        return queryset.filter(tier_value_q(value))

    def by_term(self, queryset, name, value):
        today = timezone.localdate()
        if value == "running":
            return queryset.filter(start_date__lte=today, end_date__gte=today)
        if value == "future":
            return queryset.filter(start_date__gt=today)
        return queryset.filter(end_date__lt=today)
