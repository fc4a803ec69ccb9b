"""The intake survey's forms: one per step, reused to edit a section of a profile later."""

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .models import (
    Certification,
    Contribution,
    Experience,
    OrganizationType,
    Partner,
    PartnerRole,
    Pathway,
)
from .services import (
    exclusive_choice_error,
    offers_something,
    organization_required,
    zip_code_clean,
)


class CatalogChoiceField(forms.ModelMultipleChoiceField):
    """Checkboxes of a catalog, each labelled with its name and help text."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.label_with_help


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("Contact email"))
    phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    job_title = forms.CharField(label=_("Contact job title"), max_length=150, required=False)
    roles = CatalogChoiceField(
        label=_("What is your role? (check all that apply)"),
        queryset=PartnerRole.objects.active(),
        error_messages={"required": _("Choose at least one role.")},
        help_text=_(
            "As a parent or alumni you might contribute as a guest speaker or provide a student "
            "an opportunity to participate in an informational interview or other Career Related "
            "Learning Experience. As a leader in your organization you could take on the role of "
            "an advocate or lead for your organization in connecting and collaborating with PPS."
        ),
    )
    organization_name = forms.CharField(
        label=_("Company/Organization Name"),
        max_length=200,
        required=False,
        help_text=_(
            "Preferred information though not required if submitting as an Alumni or Parent."
        ),
        widget=forms.TextInput(attrs={"list": "organization-suggestions", "autocomplete": "off"}),
    )
    organization_type = forms.ModelChoiceField(
        label=_("Company/Organization Type"),
        queryset=OrganizationType.objects.active(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
        help_text=_(
            "Preferred information though not required if submitting as an Alumni or Parent."
        ),
    )
    organization_type_detail = forms.CharField(
        label=_("Other organization type"), max_length=200, required=False
    )
    zip_code = forms.CharField(
        label=_("ZIP code"),
        max_length=10,
        help_text=_(
            "Where you would host students or travel from; used to match you with nearby schools."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated:
            self.fields["email"].disabled = True
            self.fields["email"].help_text = _(
                "Your sign-in email. Change it under your account's email settings."
            )

    def clean_zip_code(self):
        return zip_code_clean(self.cleaned_data["zip_code"])

    def clean_email(self):
        # Whether the address already has an account is never said here: the survey
        # carries on, and its owner is told by email at the end (partner_submit_survey).
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        roles = data.get("roles") or []
        if organization_required(roles) and not data.get("organization_name", "").strip():
            self.add_error(
                "organization_name",
                gettext(
                    "Required for a Business/Industry Partner: name your company or organization."
                ),
            )
        if organization_required(roles) and not data.get("organization_type"):
            self.add_error(
                "organization_type",
                gettext(
                    "Required for a Business/Industry Partner: choose the type of your organization."
                ),
            )
        org_type = data.get("organization_type")
        if (
            org_type
            and org_type.needs_detail
            and not data.get("organization_type_detail", "").strip()
        ):
            self.add_error(
                "organization_type_detail", gettext("Describe the type of your organization.")
            )
        return data


class CertificationsForm(forms.Form):
    certifications = CatalogChoiceField(
        label=_(
            "Is your company certified as a Minority Business Enterprise (MBE), a Women Business "
            "Enterprise (WBE), an Emerging Small Business (ESB), a Service-Disabled Veteran "
            "Business Enterprise (SDVBE), or a Disadvantaged Business Enterprise (DBE)? "
            "Check all that apply."
        ),
        queryset=Certification.objects.active(),
        error_messages={"required": _("Mark the certifications that apply, or N/A.")},
        help_text=_("If this does not apply, please mark N/A."),
    )

    def clean_certifications(self):
        chosen = self.cleaned_data["certifications"]
        if error := exclusive_choice_error(chosen, label="certifications"):
            raise ValidationError(error)
        return chosen


class ExperiencesForm(forms.Form):
    """Steps 3, 4 and 5: the experiences of one tier."""

    experiences = CatalogChoiceField(
        label=_("Please select the experiences that you are interested in providing."),
        queryset=Experience.objects.none(),
        required=False,
    )

    def __init__(self, *args, tier_code: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["experiences"].queryset = Experience.objects.active().filter(
            tier__code=tier_code
        )


class ContributionsForm(forms.Form):
    contributions = CatalogChoiceField(
        label=_(
            "Please select the additional contributions or opportunities you would be interested in."
        ),
        queryset=Contribution.objects.active(),
        required=False,
    )

    def __init__(self, *args, experiences_chosen=(), **kwargs):
        self.experiences_chosen = list(experiences_chosen)
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if "contributions" in data and not offers_something(
            self.experiences_chosen, data["contributions"]
        ):
            raise ValidationError(
                gettext(
                    "Choose at least one experience (steps 3 to 5) or contribution (this step): "
                    "a partner who offers nothing cannot be matched with students."
                )
            )
        return data


class PathwaysForm(forms.Form):
    pathways = CatalogChoiceField(
        label=_(
            "Please select the Career Pathway Options that are applicable to your interest(s)."
        ),
        queryset=Pathway.objects.active(),
        error_messages={
            "required": _("Choose at least one pathway, or No Preference at this time.")
        },
    )
    skills = forms.CharField(
        label=_("Skills and expertise topics"),
        max_length=500,
        required=False,
        help_text=_("Separate topics with commas, e.g. welding, nursing, UX design."),
    )
    languages = forms.CharField(
        label=_("Languages you speak besides English"),
        max_length=300,
        required=False,
        help_text=_("Separate languages with commas, e.g. Spanish, Vietnamese."),
    )

    def clean_pathways(self):
        chosen = self.cleaned_data["pathways"]
        if error := exclusive_choice_error(chosen, label="pathways"):
            raise ValidationError(error)
        return chosen


# Each distance is its own message: in some languages the word for "miles" agrees with
# the number.
TRAVEL_CHOICES = [
    (5, _("Up to 5 miles")),
    (10, _("Up to 10 miles")),
    (25, _("Up to 25 miles")),
    (50, _("Up to 50 miles")),
]


class FinalForm(forms.Form):
    """The final step: how the partner can meet students, and a newcomer's password."""

    # Neither is preselected: the partner chooses (a default would be taken as an answer).
    delivery = forms.ChoiceField(
        label=_("Can you meet students in person, virtually, or both?"),
        choices=Partner.Delivery.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you can meet students.")},
    )
    travel_miles = forms.TypedChoiceField(
        label=_("How far would you travel to a school?"),
        choices=[("", _("Choose a distance")), *TRAVEL_CHOICES],
        coerce=int,
        empty_value=None,
        error_messages={"required": _("Choose how far you would travel to a school.")},
    )
    availability = forms.MultipleChoiceField(
        label=_("When are you generally available?"),
        choices=Partner.Availability.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    # A honeypot: hidden from people and screen readers (see steps/final.html), filled in
    # by bots that fill every field. A submission with it filled creates nothing.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, new_account: bool = False, email: str = "", **kwargs):
        self.new_account, self.email = new_account, email
        super().__init__(*args, **kwargs)
        if not new_account:
            for name in ("password1", "password2", "website"):
                del self.fields[name]

    @property
    def is_from_a_bot(self) -> bool:
        """The honeypot was filled: no person sees it."""
        return bool(self.cleaned_data.get("website", "").strip())

    def clean(self):
        data = super().clean()
        if self.new_account:
            password1, password2 = data.get("password1"), data.get("password2")
            if password1 and password2 and password1 != password2:
                self.add_error("password2", gettext("The two passwords do not match."))
            elif password1:
                try:
                    password_validation.validate_password(password1, User(email=self.email))
                except ValidationError as error:
                    self.add_error("password1", error)
        return data


# The survey's steps in order: (step name, title, form class).
SURVEY_STEPS = [
    ("profile", _("Profile"), ProfileForm),
    ("certifications", _("Certifications"), CertificationsForm),
    ("awareness", _("Career Awareness"), ExperiencesForm),
    ("exploration", _("Career Exploration"), ExperiencesForm),
    ("preparation", _("Career Preparation"), ExperiencesForm),
    ("contributions", _("Other Contributions"), ContributionsForm),
    ("pathways", _("Career Pathways"), PathwaysForm),
    ("final", _("How you can meet students"), FinalForm),
]
SURVEY_FORMS = {name: form_class for name, _title, form_class in SURVEY_STEPS}
