"""Partner pages: the intake survey, the partner's home and section edits, the staff queue."""

from http import HTTPStatus

from allauth.core.internal import ratelimit
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST
from formtools.wizard.views import SessionWizardView

from accounts.access import role_required
from accounts.roles import Role

from .forms import SURVEY_FORMS, SURVEY_STEPS
from .models import SurveyDraft, Tier
from .rules import TIER_STEPS
from .selectors import (
    NO_ORGANIZATION_CERTIFICATIONS,
    AnswerSection,
    answer_rows,
    normalize_name,
    organization_suggestions,
    partner_answer_sections,
    partner_detail_queryset,
    partner_for_user,
    partner_initial_for_step,
    partner_queue,
    queue_rows,
    recently_contacted_partners,
)
from .services import (
    SurveyAnswers,
    partner_mark_contacted,
    partner_submit_survey,
    partner_update_section,
    survey_draft_save,
)

QUEUE_PAGE_SIZE = 25  # partners per page of the new-partner queue
STEP_TITLES = {name: title for name, title, _form in SURVEY_STEPS}

# The public survey's limits per client (the address allauth sees, behind the proxy too),
# in allauth's format "amount/period/ip"; settings.SURVEY_RATE_LIMITS overrides them.
SURVEY_RATE_LIMITS = {
    "survey_submit": "20/h/ip",  # completed surveys: each makes an account and two emails
    "survey_step": "300/h/ip",  # every step posted (Next, Back, errors): generous
    "organization_suggest": "600/h/ip",  # the organization name's suggestions, as one types
}


def _rate_limits() -> dict[str, str]:
    return {**SURVEY_RATE_LIMITS, **getattr(settings, "SURVEY_RATE_LIMITS", {})}


def _wait_phrase(action: str) -> str:
    """How long the client waits: the longest period of the action's limits, in words."""
    seconds = max(
        (
            rate.duration
            for rate in ratelimit.get_rates(app="partners", action=action, config=_rate_limits())
        ),
        default=3600,
    )
    if seconds >= 2 * 86400:
        days = round(seconds / 86400)
        # Translators: the wait phrases (days, hours, minutes) end "try again in %(wait)s".
        return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    if seconds >= 86400:
        return _("a day")
    if seconds >= 2 * 3600:
        hours = round(seconds / 3600)
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    if seconds >= 3600:
        return _("an hour")
    if seconds > 60:
        minutes = round(seconds / 60)
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    return _("a minute")


def _over_limit(request, action: str) -> bool:
    """Count one use of `action` by this client; True when its limit is reached."""
    return not ratelimit.consume(
        request, app="partners", action=action, config=_rate_limits(), limit_get=True
    )


def _too_many(request, action: str) -> HttpResponse:
    return render(
        request,
        "partners/survey/too_many.html",
        {"wait": _wait_phrase(action)},
        status=HTTPStatus.TOO_MANY_REQUESTS,
    )


def _names_an_organization(wizard) -> bool:
    """Certifications are asked of a company or organization: the survey asks them only of
    a partner who names one in step 1 (until step 1 is answered, the step counts)."""
    profile = wizard.get_cleaned_data_for_step("profile")
    return profile is None or bool(normalize_name(profile.get("organization_name", "")))


STEP_TEMPLATES = {name: f"partners/survey/steps/{name}.html" for name, *_rest in SURVEY_STEPS}


class SurveyWizard(SessionWizardView):
    """The 8-step intake survey. Signed-in partners resume a saved draft; newcomers make
    their account on the last step."""

    form_list = [(name, form_class) for name, _, form_class in SURVEY_STEPS]
    condition_dict = {"certifications": _names_an_organization}
    template_name = "partners/survey/wizard.html"

    def dispatch(self, request, *args, **kwargs):
        self.partner = partner_for_user(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        """Show the current step; nothing typed is lost by reloading the page. A signed-in
        partner starting afresh resumes their saved draft."""
        fresh = not self.storage.data.get("step_data")
        if fresh:
            self.storage.reset()
            self.storage.current_step = self.steps.first
            draft = SurveyDraft.objects.filter(user_id=request.user.pk).first()
            if draft and draft.data.get("step") in self.form_list:
                self.storage.data = draft.data
                messages.info(request, _("Welcome back: your survey continues where you left it."))
        return self.render(self.get_form())

    def post(self, *args, **kwargs):
        """Back (or any jump) keeps what was typed on the current step, valid or not; a
        password is never kept."""
        if _over_limit(self.request, "survey_step"):
            return _too_many(self.request, "survey_step")
        goto = self.request.POST.get("wizard_goto_step")
        if goto and goto in self.get_form_list():
            form = self.get_form(data=self.request.POST, files=self.request.FILES)
            data = self.process_step(form).copy()
            for name in ("password1", "password2"):
                data.pop(form.add_prefix(name), None)
            self.storage.set_step_data(self.steps.current, data)
        return super().post(*args, **kwargs)

    def get_form_kwargs(self, step=None):
        kwargs = {}
        if step == "profile":
            kwargs["user"] = self.request.user
        elif step in TIER_STEPS:
            kwargs["tier_code"] = step
        elif step == "contributions":
            kwargs["experiences_chosen"] = [
                experience
                for tier in TIER_STEPS
                for experience in (self.get_cleaned_data_for_step(tier) or {}).get(
                    "experiences", []
                )
            ]
        elif step == "final":
            kwargs["new_account"] = not self.request.user.is_authenticated
            kwargs["email"] = (self.get_cleaned_data_for_step("profile") or {}).get("email", "")
        return kwargs

    def get_form_initial(self, step):
        return partner_initial_for_step(self.partner, step, user=self.request.user)

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        current = self.steps.current
        context.update(
            step_title=STEP_TITLES[current],
            step_template=STEP_TEMPLATES[current],
            new_account=not self.request.user.is_authenticated,
            partner=self.partner,
        )
        if current in TIER_STEPS:
            context["tier"] = Tier.objects.filter(code=current).first()
        if current == "final":
            context["summary"] = self._summary()
        return context

    def _summary(self) -> list[AnswerSection]:
        """The answers of every step before the last, each under its question."""
        return [
            AnswerSection(
                step=name,
                title=STEP_TITLES[name],
                rows=answer_rows(name, self.get_cleaned_data_for_step(name) or {}),
            )
            for name in self.get_form_list()
            if name != self.steps.last
        ]

    def render(self, form=None, **kwargs):
        if self.request.user.is_authenticated and self.steps.current != self.steps.last:
            survey_draft_save(user=self.request.user, data=self.storage.data)
        return super().render(form, **kwargs)

    def render_done(self, form, **kwargs):
        """The final submission counts against the client's limit; over it, the answers
        stay in the session (nothing is lost) and nothing is created."""
        if _over_limit(self.request, "survey_submit"):
            return _too_many(self.request, "survey_submit")
        return super().render_done(form, **kwargs)

    def done(self, form_list, form_dict, **kwargs):
        user = self.request.user if self.request.user.is_authenticated else None
        if user is None and form_dict["final"].is_from_a_bot:
            return self._thanks(email=form_dict["profile"].cleaned_data["email"], partner=None)
        data = {}
        for form in form_list:
            data.update(form.cleaned_data)
        experiences = [
            e for step in TIER_STEPS for e in form_dict[step].cleaned_data["experiences"]
        ]
        answers = SurveyAnswers(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"] if "email" in data else self.request.user.email,
            phone=data["phone"],
            job_title=data["job_title"],
            roles=list(data["roles"]),
            organization_name=data["organization_name"],
            organization_type=data["organization_type"],
            organization_type_detail=data["organization_type_detail"],
            zip_code=data["zip_code"],
            certifications=list(data.get("certifications", [])),
            experiences=experiences,
            contributions=list(data["contributions"]),
            pathways=list(data["pathways"]),
            skills=data["skills"],
            languages=data["languages"],
            delivery=data["delivery"],
            travel_miles=data["travel_miles"],
            availability=data["availability"],
        )
        try:
            partner = partner_submit_survey(
                user=user, answers=answers, password=data.get("password1"), request=self.request
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(self.request, message)
            return redirect("partners:survey")
        return self._thanks(email=answers.email, partner=partner)

    def _thanks(self, *, email: str, partner) -> HttpResponse:
        """The thank-you page. A newcomer's page is the same whether an account was made,
        the address had one already (its owner was emailed) or a bot was dropped: it shows
        no confirmation number, which the auto reply email carries."""
        signed_in = self.request.user.is_authenticated
        self.request.session["survey_confirmation"] = {
            "number": partner.confirmation_number if signed_in and partner else "",
            "email": email.strip().lower(),
            "new_account": not signed_in,
        }
        return redirect("partners:survey_thanks")


def survey_thanks(request):
    confirmation = request.session.get("survey_confirmation")
    if not confirmation:
        return redirect("partners:survey")
    return render(request, "partners/survey/thanks.html", {"confirmation": confirmation})


@require_GET
def organization_suggest(request):
    if _over_limit(request, "organization_suggest"):
        return JsonResponse(
            {
                "names": [],
                "error": _("Too many requests from your connection; try again in %(wait)s.")
                % {"wait": _wait_phrase("organization_suggest")},
            },
            status=HTTPStatus.TOO_MANY_REQUESTS,
        )
    return JsonResponse({"names": organization_suggestions(request.GET.get("q", ""))})


@role_required(Role.PARTNER)
def section_edit(request, section):
    if section not in SURVEY_FORMS:
        raise Http404
    partner = partner_for_user(request.user)
    if partner is None:
        return redirect("partners:survey")
    if section == "certifications" and partner.organization is None:
        messages.info(request, NO_ORGANIZATION_CERTIFICATIONS)
        return redirect("partners:section_edit", "profile")
    form_class = SURVEY_FORMS[section]
    kwargs = {}
    if section == "profile":
        kwargs["user"] = request.user
    elif section in TIER_STEPS:
        kwargs["tier_code"] = section
    elif section == "contributions":
        kwargs["experiences_chosen"] = list(partner.experiences.all())
    initial = partner_initial_for_step(partner, section)
    if request.method == "POST":
        form = form_class(request.POST, initial=initial, **kwargs)
        if form.is_valid():
            try:
                partner_update_section(partner=partner, section=section, data=form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                # Translators: %(section)s is a survey section's title, e.g. "Profile saved."
                messages.success(
                    request, _("%(section)s saved.") % {"section": STEP_TITLES[section]}
                )
                return redirect(reverse("partners:home") + f"#section-{section}")
    else:
        form = form_class(initial=initial, **kwargs)
    context = {
        "form": form,
        "section": section,
        "title": STEP_TITLES[section],
        "partner": partner,
        "step_template": STEP_TEMPLATES[section],
        "tier": Tier.objects.filter(code=section).first() if section in TIER_STEPS else None,
    }
    return render(request, "partners/section_edit.html", context)


@role_required(Role.DISTRICT_ADMIN, Role.COORDINATOR)
def queue(request):
    """Partners to contact, oldest first; `?overdue=1` only those past the promise."""
    overdue_only = request.GET.get("overdue") == "1"
    page = Paginator(partner_queue(overdue_only=overdue_only), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "partners/queue.html",
        {
            "page": page,
            "rows": queue_rows(page.object_list),
            "recent": recently_contacted_partners()[:10],
            "overdue_only": overdue_only,
        },
    )


@require_POST
@role_required(Role.DISTRICT_ADMIN, Role.COORDINATOR)
def mark_contacted(request, pk):
    partner = get_object_or_404(partner_detail_queryset(), pk=pk)
    partner_mark_contacted(partner=partner, by=request.user)
    messages.success(request, f"{partner} is marked as contacted.")
    return redirect("partners:queue")


@role_required(Role.DISTRICT_ADMIN, Role.COORDINATOR, Role.PROCUREMENT)
def partner_detail(request, pk):
    partner = get_object_or_404(partner_detail_queryset(), pk=pk)
    return render(
        request,
        "partners/detail.html",
        {"partner": partner, "sections": partner_answer_sections(partner)},
    )
