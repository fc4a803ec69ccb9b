"""Closing a partner's account: their engagements to come withdrawn through the requests
services, what is about them erased, the account deleted."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from post_office.models import STATUS

from accounts.models import User
from accounts.roles import Role
from audit.services import audit_forget_person
from partners.models import Partner
from partners.services import partner_facts_refresh, partner_supply_release
from requests_app.models import Engagement, Offer
from requests_app.selectors import COMMITTED_STATUSES
from requests_app.services import (
    engagement_answer,
    engagement_withdraw,
    offer_withdraw,
    partner_engagement_counts_refresh,
)

from .selectors import emails_sent_to

DELETED_PARTNER_EMAIL_DOMAIN = "deleted.invalid"  # RFC 2606: never a real address
WITHDRAWN_MESSAGE = "The partner deleted their Partner Connect account."


@transaction.atomic
def partner_account_delete(*, user: User) -> None:
    """Delete a partner's account and what identifies them; keep what the district counts.

    Engagements still to come are withdrawn (or invitations declined) through the requests
    services, so coordinators are told as when a partner withdraws. A profile without any
    engagement is deleted with the account. A profile with engagements stays as an
    anonymous placeholder ("Deleted partner") attached to an inactive account that cannot
    sign in, because `Engagement.partner` is PROTECT and compliance counts delivered
    engagements by their own `organization`: the delivered ones keep their organization,
    school, date, students and hours, and so stay counted; everything written by or about
    the person (messages, notes, ratings, offers' descriptions, name, contact details,
    answers) is erased. Emails already sent to them are deleted from the outbox; the
    account, its sign-in emails and its survey draft go with the account.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if (
        user.is_staff
        or user.is_superuser
        or user.groups.exclude(name=Role.PARTNER.group_name).exists()
    ):
        raise ValidationError(
            _("Your account also has a district staff role: ask a district admin to close it.")
        )
    partner = Partner.objects.select_for_update().filter(user=user).first()
    partner_pk = partner.pk if partner is not None else None
    addresses = {user.email.lower()}
    if partner is not None:
        addresses.add(partner.email.lower())
        for engagement in partner.engagements.filter(status=Engagement.Status.INVITED):
            engagement_answer(engagement=engagement, accept=False, message=WITHDRAWN_MESSAGE)
        for engagement in partner.engagements.filter(status__in=COMMITTED_STATUSES):
            engagement_withdraw(engagement=engagement, message=WITHDRAWN_MESSAGE)
        for offer in partner.offers.filter(status=Offer.Status.OPEN):
            offer_withdraw(offer=offer)
        if partner.engagements.exists():
            _partner_anonymise(partner)
        else:
            partner_supply_release(partner_ids=[partner.pk])
            partner.delete()
    for address in addresses:
        for email in emails_sent_to(address):
            if email.status in {STATUS.sent, STATUS.failed}:
                email.delete()  # queued ones (the withdrawals' calendar updates) go out first
    email = user.email
    user.delete()
    # The audit log keeps that things happened, not who they were about.
    audit_forget_person(email=email, records=[(Partner, partner_pk)] if partner_pk else [])


def _partner_anonymise(partner: Partner) -> None:
    placeholder = User.objects.create_user(
        email=f"deleted-partner-{partner.pk}@{DELETED_PARTNER_EMAIL_DOMAIN}",
        password=None,
        is_active=False,
    )
    partner.engagements.update(
        response_message="", delivery_note="", coordinator_rating=None, partner_rating=None
    )
    partner.offers.filter(engagements__isnull=True).delete()
    partner.offers.update(description="", location="")
    partner.certification_claims.all().delete()
    partner.user = placeholder
    partner.first_name, partner.last_name = "Deleted", "partner"
    partner.email = placeholder.email
    partner.phone = partner.job_title = partner.skills = partner.languages = ""
    partner.zip_code = ""
    partner.latitude = partner.longitude = None
    partner.availability = []
    partner.organization = None
    partner.is_organization_admin = False
    partner.status = Partner.Status.INACTIVE
    partner.confirmation_number = f"DELETED-{partner.pk}"[:20]
    partner.contacted_by = None
    partner.save()
    for relation in (partner.roles, partner.experiences, partner.contributions, partner.pathways):
        relation.clear()
    partner_facts_refresh(partner_ids=[partner.pk])
    partner_engagement_counts_refresh(partner_ids=[partner.pk])
