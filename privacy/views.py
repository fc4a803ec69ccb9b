"""The partner's "Your data" page, the downloads of their data, and closing their account."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.access import role_required
from accounts.roles import Role
from audit.services import audit_export
from notifications.retention import sent_email_retention_days
from partnerconnect.spreadsheets import csv_response
from partners.services import survey_draft_retention_days

from .forms import AccountDeleteForm
from .selectors import partner_personal_data, personal_data_rows
from .services import partner_account_delete


@never_cache
@role_required(Role.PARTNER)
def privacy(request):
    return render(
        request,
        "privacy/privacy.html",
        {
            "draft_days": survey_draft_retention_days(),
            "email_days": sent_email_retention_days(),
            "session_days": round(settings.SESSION_COOKIE_AGE / 86400),
        },
    )


def _export_name(extension: str) -> str:
    return f"partner-connect-my-data-{timezone.localdate():%Y-%m-%d}.{extension}"


@never_cache
@role_required(Role.PARTNER)
def privacy_export_json(request):
    response = JsonResponse(
        partner_personal_data(request.user), json_dumps_params={"indent": 2, "ensure_ascii": False}
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name("json")}"'
    audit_export(filename=_export_name("json"))  # CSV downloads are recorded by csv_response
    return response


@never_cache
@role_required(Role.PARTNER)
def privacy_export_csv(request):
    response = csv_response(
        _export_name("csv"),
        ["section", "item", "field", "value"],
        personal_data_rows(partner_personal_data(request.user)),
    )
    return response


@never_cache
@role_required(Role.PARTNER)
def account_delete(request):
    """Confirm with the password, then delete the account (see partner_account_delete)."""
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            partner_account_delete(user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(request, _("Your account and your personal data were deleted."))
            return redirect("home")
    return render(request, "privacy/account_delete.html", {"form": form})
