"""The Expo registration form an organization's partner fills, and staff's edition filter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerconnect.formats import format_money

from .models import ExpoEdition, Registration, SponsorLevel


class SponsorLevelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: SponsorLevel) -> str:
        label = f"{obj.name}: {format_money(obj.price)}"
        if obj.exhibitor_equivalent:
            label += " " + str(_("(counts as exhibiting for a major contract)"))
        return label


class RegistrationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Register as"), choices=Registration.Kind.choices, widget=forms.RadioSelect
    )
    sponsor_level = SponsorLevelChoiceField(
        label=_("Sponsor level"),
        queryset=SponsorLevel.objects.none(),
        required=False,
        empty_label=_("Choose a level (sponsors only)"),
    )

    def __init__(self, *args, edition: ExpoEdition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sponsor_level"].queryset = SponsorLevel.objects.filter(
            edition=edition
        ).order_by("position", "-price")

    def clean(self):
        data = super().clean()
        if data.get("kind") == Registration.Kind.SPONSOR and not data.get("sponsor_level"):
            self.add_error("sponsor_level", _("Choose the sponsor level."))
        return data


class EditionChoiceForm(forms.Form):
    edition = forms.ModelChoiceField(
        label="Expo edition", queryset=ExpoEdition.objects.order_by("-date"), empty_label=None
    )
