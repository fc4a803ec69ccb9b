"""Pages of requests_app: coordinators' requests and candidates, the partner directory,
engagements, one-time email links, and offers."""

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import role_required
from accounts.roles import Role
from accounts.selectors import user_has_role
from partnerconnect.spreadsheets import csv_streaming_response
from partners.models import Partner
from partners.selectors import partner_for_user

from . import links, services
from .filters import DAY_HELP, engagement_filter, engagement_page, partner_directory, request_list
from .forms import (
    AnswerForm,
    BookOfferForm,
    CancelForm,
    DeliveryForm,
    InviteForm,
    OfferForm,
    RequestForm,
    ScheduleForm,
)
from .models import Engagement, Offer, Request
from .selectors import (
    ACTIVE_ENGAGEMENT_STATUSES,
    ENGAGEMENT_CSV_HEADER,
    INVITATION_NUDGE_AFTER,
    PARTNER_ENGAGEMENT_CSV_HEADER,
    POINTS,
    REQUESTS_PER_STATUS,
    engagement_csv_rows,
    engagement_for_user_or_404,
    engagements_for_request,
    invitation_is_overdue,
    open_offers,
    partner_engagement_csv_rows,
    partner_ids_with_verified_email,
    request_candidates_with_invitees,
    request_for_user_or_404,
    request_taken_count,
    requests_by_status,
    requests_for_user,
    requests_with_counts,
    schools_for_user,
)

COORDINATOR_ROLES = (Role.COORDINATOR, Role.DISTRICT_ADMIN)
OFFERS_PER_PAGE = 20  # the coordinators' list of partners' open offers
INVITE_TO_CHOICES = 100  # the directory's "Invite to" list: the coordinator's next open requests


def _form_errors_to_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# Requests


@role_required(*COORDINATOR_ROLES)
def home(request):
    """Every status with its first requests and a link to all of them; `?status=` pages
    through one status; any filter of `RequestListFilter` besides it (the dashboard's
    links) pages through one filtered list."""
    labels = dict(Request.Status.choices)
    status = request.GET.get("status", "")
    page = None
    request_filter, filtered_page = request_list(
        request.user, request.GET, page_number=request.GET.get("page")
    )
    if filtered_page is not None:
        page = filtered_page
        tabs = [("filtered", None, page.object_list, page.paginator.count)]
    elif status in labels:
        queryset = requests_with_counts(request.user).filter(status=status)
        page = Paginator(queryset, REQUESTS_PER_STATUS).get_page(request.GET.get("page"))
        tabs = [(status, labels[status], page.object_list, page.paginator.count)]
    else:
        grouped = requests_by_status(request.user, limit=REQUESTS_PER_STATUS)
        tabs = [(status, label, *grouped[status]) for status, label in labels.items()]
    return render(
        request,
        "requests_app/home.html",
        {
            "tabs": tabs,
            "page": page,
            "schools": request_filter.schools,
            "filter": request_filter,
        },
    )


@role_required(*COORDINATOR_ROLES)
def request_create(request):
    schools = schools_for_user(request.user)
    form = RequestForm(request.POST or None, schools=schools)
    if request.method == "POST" and form.is_valid():
        created = services.request_create(
            user=request.user,
            school=form.cleaned_data["school"],
            data=form.cleaned_data,
            publish="publish" in request.POST,
        )
        messages.success(request, f"“{created}” is {created.get_status_display().lower()}.")
        return redirect("requests_app:request_detail", created.pk)
    return render(request, "requests_app/request_form.html", {"form": form, "creating": True})


@role_required(*COORDINATOR_ROLES)
def request_edit(request, pk):
    item = request_for_user_or_404(request.user, pk)
    form = RequestForm(request.POST or None, instance=item, schools=schools_for_user(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            data = {**form.cleaned_data}
            services.request_update(
                request=item, user=request.user, data=data, school=data["school"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, "Request saved. The partners involved have been told what changed."
            )
            return redirect("requests_app:request_detail", item.pk)
    return render(request, "requests_app/request_form.html", {"form": form, "item": item})


@role_required(*COORDINATOR_ROLES)
def request_detail(request, pk):
    item = request_for_user_or_404(request.user, pk)
    engagements = list(engagements_for_request(item))
    waiting = [e for e in engagements if e.status == Engagement.Status.INVITED]
    now = timezone.now()
    return render(
        request,
        "requests_app/request_detail.html",
        {
            "item": item,
            "engagements": engagements,
            "waiting": waiting,
            "overdue": [e for e in waiting if invitation_is_overdue(e, now=now)],
            "nudge_delay": INVITATION_NUDGE_AFTER,
            "taken": request_taken_count(item),
        },
    )


@require_POST
@role_required(*COORDINATOR_ROLES)
def request_publish(request, pk):
    item = request_for_user_or_404(request.user, pk)
    try:
        services.request_publish(request=item)
        messages.success(request, "The request is open: you can invite partners.")
    except ValidationError as error:
        _form_errors_to_messages(request, error)
    return redirect("requests_app:request_detail", pk)


@role_required(*COORDINATOR_ROLES)
def request_cancel(request, pk):
    item = request_for_user_or_404(request.user, pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_cancel(request=item, reason=form.cleaned_data["reason"])
            messages.success(
                request, "The request is cancelled and the partners involved were told."
            )
            return redirect("requests_app:request_detail", pk)
        except ValidationError as error:
            form.add_error(None, error)
    involved = item.engagements.filter(status__in=ACTIVE_ENGAGEMENT_STATUSES).count()
    return render(
        request,
        "requests_app/request_cancel.html",
        {"item": item, "form": form, "involved": involved},
    )


@role_required(*COORDINATOR_ROLES)
def request_candidates(request, pk):
    """The ranked candidates; its form invites the ones ticked, or the top candidates."""
    item = request_for_user_or_404(request.user, pk)
    form = InviteForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            if form.cleaned_data["next"]:
                result = services.request_invite_next(request=item, by=request.user)
            else:
                result = services.NextInvitations(
                    invited=services.request_invite_partners(
                        request=item, partners=form.cleaned_data["partner"], by=request.user
                    ),
                    skipped=[],
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _invited_messages(request, result.invited, result.skipped)
            return redirect("requests_app:request_detail", item.pk)
    candidates, to_invite, skipped = [], [], []
    if item.status == Request.Status.OPEN:
        candidates, to_invite, skipped = request_candidates_with_invitees(item)
    return render(
        request,
        "requests_app/candidates.html",
        {
            "item": item,
            "form": form,
            "ticked": set(request.POST.getlist("partner")),
            "candidates": candidates,
            "to_invite": to_invite,
            "skipped": skipped,
            "points": POINTS,
        },
    )


def _invited_messages(request, invited, skipped) -> None:
    if invited:
        names = ", ".join(str(e.partner) for e in invited)
        messages.success(request, f"Invited {names}.")
    elif not skipped:
        messages.info(request, "Nobody new to invite.")
    if skipped:
        messages.warning(request, services.email_not_verified_message(skipped))


@require_POST
@role_required(*COORDINATOR_ROLES)
def request_invite(request, pk):
    item = request_for_user_or_404(request.user, pk)
    skipped = []
    try:
        if "next" in request.POST:
            result = services.request_invite_next(request=item, by=request.user)
            invited, skipped = result.invited, result.skipped
        else:
            ids = [value for value in request.POST.getlist("partner") if value.isdigit()]
            partners = Partner.objects.filter(pk__in=ids).order_by("pk")
            invited = services.request_invite_partners(
                request=item, partners=partners, by=request.user
            )
    except ValidationError as error:
        _form_errors_to_messages(request, error)
    else:
        _invited_messages(request, invited, skipped)
    return_to = request.POST.get("return_to", "")
    if return_to and url_has_allowed_host_and_scheme(
        return_to, {request.get_host()}, request.is_secure()
    ):
        return redirect(return_to)
    return redirect("requests_app:request_detail", pk)


# The partner directory


@role_required(*COORDINATOR_ROLES, Role.PROCUREMENT)
def directory(request):
    """The partner directory: coordinators invite from it; procurement only reads it."""
    partner_filter, page = partner_directory(
        request.GET or None, page_number=request.GET.get("page")
    )
    can_invite = any(user_has_role(request.user, role) for role in COORDINATOR_ROLES)
    open_requests, invite_to, verified = [], None, set()
    if can_invite:
        choices = requests_for_user(request.user).filter(status=Request.Status.OPEN)
        chosen = request.GET.get("invite_to", "")
        invite_to = choices.filter(pk=chosen).first() if chosen.isdigit() else None
        open_requests = list(choices.order_by("starts_on", "pk")[:INVITE_TO_CHOICES])
        if invite_to and invite_to not in open_requests:
            open_requests.append(invite_to)
        verified = partner_ids_with_verified_email(partner.pk for partner in page)
    return render(
        request,
        "requests_app/directory.html",
        {
            "filter": partner_filter,
            "page": page,
            "can_invite": can_invite,
            "open_requests": open_requests,
            "invite_to": invite_to,
            "verified": verified,
        },
    )


# Engagements


def _csv_query(query) -> str:
    """The list's query string for its CSV: the same filters, every page."""
    query = query.copy()
    query.pop("page", None)
    query["format"] = "csv"
    return query.urlencode()


@role_required(*COORDINATOR_ROLES)
def engagements(request):
    """The engagements of the user's schools, filtered (see `EngagementFilter`), a page at
    a time; `?format=csv` downloads every row of the same filters."""
    chosen = engagement_filter(request.user, request.GET)
    if request.GET.get("format") == "csv" and chosen.is_valid():
        filename = f"engagements-{timezone.localdate():%Y-%m-%d}.csv"
        return csv_streaming_response(
            filename, ENGAGEMENT_CSV_HEADER, engagement_csv_rows(chosen.qs)
        )
    page = engagement_page(chosen, page_number=request.GET.get("page"))
    return render(
        request,
        "requests_app/engagements.html",
        {
            "filter": chosen,
            "page": page,
            "csv_query": _csv_query(request.GET),
            "day_help": DAY_HELP,
        },
    )


@role_required(Role.PARTNER)
def partner_engagements_csv(request):
    """The partner's own engagements and volunteer hours, for an employer's volunteering
    programme."""
    return csv_streaming_response(
        "my-engagements.csv",
        PARTNER_ENGAGEMENT_CSV_HEADER,
        partner_engagement_csv_rows(request.user),
    )


def _is_partner_of(user, engagement: Engagement) -> bool:
    return engagement.partner.user_id == user.pk


def _engagement_page(request, engagement: Engagement, **forms):
    """The engagement page, with fresh forms unless a bound one with errors is given."""
    is_partner = _is_partner_of(request.user, engagement)
    context = {
        "engagement": engagement,
        "is_partner": is_partner,
        "is_coordinator": schools_for_user(request.user).filter(pk=engagement.school_id).exists(),
        "happened": engagement.starts_at is not None and engagement.starts_at <= timezone.now(),
        "answer_form": AnswerForm(),
        "delivery_form": DeliveryForm(),
        "cancel_form": CancelForm(),
        "schedule_form": ScheduleForm(initial=_schedule_initial(engagement)),
        **forms,
    }
    return render(request, "requests_app/engagement_detail.html", context)


@role_required(Role.PARTNER, *COORDINATOR_ROLES)
def engagement_detail(request, pk):
    return _engagement_page(request, engagement_for_user_or_404(request.user, pk))


def _schedule_initial(engagement: Engagement) -> dict:
    if engagement.starts_at:
        start = timezone.localtime(engagement.starts_at)
        end = timezone.localtime(engagement.ends_at) if engagement.ends_at else None
        return {
            "date": start.date(),
            "start_time": start.time(),
            "end_time": end.time() if end else None,
            "place": engagement.place,
            "video_link": engagement.video_link,
        }
    request = engagement.request
    if request is None:
        return {}
    return {
        "date": request.starts_on,
        "start_time": request.start_time,
        "end_time": request.end_time,
        "place": request.place if request.delivery != "virtual" else "",
    }


@require_POST
@role_required(Role.PARTNER, *COORDINATOR_ROLES)
def engagement_action(request, pk, action):
    engagement = engagement_for_user_or_404(request.user, pk)
    is_partner = _is_partner_of(request.user, engagement)
    coordinates = schools_for_user(request.user).filter(pk=engagement.school_id).exists()
    try:
        if action in {"accept", "decline"} and is_partner:
            form = AnswerForm(request.POST)
            if not form.is_valid():
                return _engagement_page(request, engagement, answer_form=form)
            _answer(request, engagement, action == "accept", form.cleaned_data["message"])
        elif action == "withdraw" and is_partner:
            form = AnswerForm(request.POST)
            if not form.is_valid():
                return _engagement_page(request, engagement, answer_form=form)
            _withdraw(request, engagement, form.cleaned_data["message"])
        elif action == "schedule" and coordinates:
            form = ScheduleForm(request.POST)
            if not form.is_valid():
                return _engagement_page(request, engagement, schedule_form=form)
            data = form.cleaned_data
            services.engagement_schedule(
                engagement=engagement,
                starts_at=timezone.make_aware(datetime.combine(data["date"], data["start_time"])),
                ends_at=timezone.make_aware(datetime.combine(data["date"], data["end_time"])),
                place=data["place"],
                video_link=data["video_link"],
            )
            messages.success(request, "Scheduled. Both of you received a calendar invitation.")
        elif action == "deliver" and (coordinates or is_partner):
            form = DeliveryForm(request.POST)
            if not form.is_valid():
                return _engagement_page(request, engagement, delivery_form=form)
            _confirm_delivery(request, engagement, form, by_partner=is_partner and not coordinates)
        elif action in {"cancel", "no_show"} and coordinates:
            form = CancelForm(request.POST)
            if not form.is_valid():
                return _engagement_page(request, engagement, cancel_form=form)
            services.engagement_cancel(
                engagement=engagement,
                by=request.user,
                reason=form.cleaned_data["reason"],
                no_show=action == "no_show",
            )
            messages.success(
                request,
                "Recorded as a no-show." if action == "no_show" else "Engagement cancelled.",
            )
        else:
            raise Http404
    except ValidationError as error:
        _form_errors_to_messages(request, error)
    return redirect("requests_app:engagement_detail", pk)


def _confirm_delivery(request, engagement, form, *, by_partner: bool = False) -> None:
    services.engagement_confirm_delivery(
        engagement=engagement,
        students_reached=form.cleaned_data["students_reached"],
        volunteer_hours=form.cleaned_data["volunteer_hours"],
        note=form.cleaned_data["note"],
        rating=form.cleaned_data["rating"],
        by_partner=by_partner,
    )
    messages.success(request, _("Thank you: the engagement is confirmed as delivered."))


def _withdraw(request, engagement, message: str) -> None:
    services.engagement_withdraw(engagement=engagement, message=message)
    messages.success(request, _("The Career Coordinator has been told you can't make it."))


def _answer(request, engagement, accept: bool, message: str) -> None:
    try:
        services.engagement_answer(engagement=engagement, accept=accept, message=message)
    except services.RequestFilled:
        messages.warning(
            request, _("Thank you! This request has just been filled by other partners.")
        )
    else:
        if accept:
            messages.success(
                request,
                _("Thank you for accepting! The Career Coordinator will schedule it with you."),
            )
        else:
            messages.info(request, _("You declined the invitation. Thank you for letting us know."))


def engagement_link(request, action, token):
    """One-time links from emails: answer an invitation, say "can't make it", confirm delivery.
    They work without a password for that one action; a GET only shows the form."""
    if action not in links.MAX_AGE:
        raise Http404
    engagement_id = links.read_token(token, action)
    engagement = (
        Engagement.objects.select_related("request", "offer", "school", "partner", "experience")
        .filter(pk=engagement_id)
        .first()
    )
    if engagement is None:
        return render(request, "requests_app/link_invalid.html", status=410)
    form_class = DeliveryForm if action == links.CONFIRM else AnswerForm
    form = form_class(request.POST or None)
    done = False
    if request.method == "POST" and form.is_valid():
        try:
            if action == links.ANSWER:
                _answer(
                    request,
                    engagement,
                    request.POST.get("choice") == "accept",
                    form.cleaned_data["message"],
                )
            elif action == links.CANT_MAKE_IT:
                _withdraw(request, engagement, form.cleaned_data["message"])
            else:
                _confirm_delivery(request, engagement, form)
            done = True
        except ValidationError as error:
            _form_errors_to_messages(request, error)
            done = True
        engagement.refresh_from_db()
    return render(
        request,
        "requests_app/link_action.html",
        {
            "engagement": engagement,
            "form": form,
            "action": action,
            "done": done,
            "choice": request.GET.get("choice", ""),
        },
    )


# Offers


@role_required(Role.PARTNER)
def offer_create(request):
    partner = partner_for_user(request.user)
    if partner is None:
        messages.info(request, _("Complete the intake survey before posting an offer."))
        return redirect("partners:survey")
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_create(partner=partner, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your offer is posted: Career Coordinators can book it."))
            return redirect("partners:home")
    return render(request, "requests_app/offer_form.html", {"form": form})


@require_POST
@role_required(Role.PARTNER)
def offer_withdraw(request, pk):
    offer = get_object_or_404(Offer, pk=pk, partner__user=request.user)
    try:
        services.offer_withdraw(offer=offer)
        messages.success(request, _("Offer withdrawn."))
    except ValidationError as error:
        _form_errors_to_messages(request, error)
    return redirect("partners:home")


@role_required(*COORDINATOR_ROLES)
def offers(request):
    page = Paginator(open_offers(), OFFERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "requests_app/offers.html",
        {"page": page, "schools": list(schools_for_user(request.user))},
    )


@require_POST
@role_required(*COORDINATOR_ROLES)
def offer_book(request, pk):
    offer = get_object_or_404(Offer, pk=pk)
    form = BookOfferForm(request.POST, schools=schools_for_user(request.user))
    if not form.is_valid():
        messages.error(request, "Choose one of your schools.")
        return redirect("requests_app:offers")
    try:
        engagement = services.offer_book(
            offer=offer, school=form.cleaned_data["school"], by=request.user
        )
    except ValidationError as error:
        _form_errors_to_messages(request, error)
        return redirect("requests_app:offers")
    messages.success(request, "Booked. The partner and you received a calendar invitation.")
    return redirect("requests_app:engagement_detail", engagement.pk)
