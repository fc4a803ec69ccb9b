"""The outbox in the admin: post_office's email admin, with resend through a worker."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from post_office.admin import EmailAdmin as PostOfficeEmailAdmin
from post_office.models import Email

from accounts.models import User

from .services import email_resend

admin.site.unregister(Email)


@admin.action(description="Send again through the outbox", permissions=["change"])
def resend_selected(modeladmin, request, queryset):
    for email_id in queryset.values_list("pk", flat=True):
        email_resend(email_id=email_id)
    messages.success(request, "The selected emails are queued to be sent again.")


@admin.register(Email)
class EmailAdmin(PostOfficeEmailAdmin):
    list_display = [
        "to_display",
        "shortened_subject",
        "status",
        "number_of_retries",
        "created",
        "last_updated",
        "scheduled_time",
    ]
    list_filter = ["status", "created", "last_updated"]
    search_fields = ["to", "subject", "message_id", "logs__message"]
    date_hierarchy = "created"
    actions = [resend_selected]

    def get_queryset(self, request):
        """Staff who are not superusers do not see the operators' emails: reading an
        operator's password-reset email would be signing in as the operator."""
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        for address in _superusers_addresses():
            for field in ("to", "cc", "bcc"):
                queryset = queryset.exclude(**{f"{field}__icontains": address})
        return queryset

    def resend(self, request, pk):
        """Replace post_office's in-request resend: a worker sends it, never the web request.
        Its button is a link, so a GET asks for confirmation and only a POST resends."""
        email = self._get_object_or_deny(request, pk, "change")
        if request.method != "POST":
            context = {**self.admin_site.each_context(request), "email": email}
            return TemplateResponse(request, "admin/notifications/resend_confirm.html", context)
        email_resend(email_id=pk)
        messages.info(request, "The email is queued to be sent again.")
        return HttpResponseRedirect(reverse("admin:post_office_email_change", args=[pk]))


def _superusers_addresses() -> set[str]:
    superusers = User.objects.filter(is_superuser=True)
    addresses = set(superusers.values_list("email", flat=True))
    addresses |= set(superusers.values_list("emailaddress__email", flat=True))
    return addresses - {None, ""}
