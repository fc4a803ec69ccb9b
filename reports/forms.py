"""The reports' period form: `from` and `to` dates (GET), the school year by default."""

from datetime import date

from django import forms

from .selectors import Period, school_year_containing


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PeriodForm(forms.Form):
    """`from` and `to` (Python keywords, so the fields are added by name). Either may be left
    empty: a missing start is the first day of the school year of the end, a missing end the
    last day of the school year of the start; both empty, the school year containing today.
    """

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        default = school_year_containing(today)
        self.fields["from"] = forms.DateField(
            label="From",
            required=False,
            widget=DateInput(attrs={"placeholder": f"{default.start:%Y-%m-%d}"}),
            help_text="The first day counted (YYYY-MM-DD).",
        )
        self.fields["to"] = forms.DateField(
            label="To",
            required=False,
            widget=DateInput(attrs={"placeholder": f"{default.end:%Y-%m-%d}"}),
            help_text="The last day counted (YYYY-MM-DD).",
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and end < start:
            self.add_error("to", "The last day must be on or after the first day.")
        return cleaned

    def period(self) -> Period:
        """The period asked for; the school year containing today if the form is unbound or
        has errors (shown next to their fields)."""
        if not self.is_bound or not self.is_valid():
            return school_year_containing(self.today)
        start, end = self.cleaned_data.get("from"), self.cleaned_data.get("to")
        if start and end:
            return Period(start, end)
        if start:
            return Period(start, school_year_containing(start).end)
        if end:
            return Period(school_year_containing(end).start, end)
        return school_year_containing(self.today)


def period_form(data, *, today: date) -> PeriodForm:
    """The form bound to the request's GET data when it names a period, else unbound."""
    bound = data if any(data.get(name) for name in ("from", "to")) else None
    return PeriodForm(bound, today=today)
