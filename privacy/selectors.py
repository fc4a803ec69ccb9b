"""What the product holds about a partner, for their download."""

import json
from datetime import datetime

from allauth.account.models import EmailAddress
from django.db.models import Q
from django.utils import timezone
from post_office.models import Email

from partners.models import Partner, SurveyDraft
from partners.selectors import partner_answer_sections, partner_for_user
from requests_app.models import Engagement


def _when(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def _names(entries) -> list[str]:
    return [entry.name for entry in entries]


def emails_sent_to(address: str):
    """The outbox emails addressed to `address` (To, Cc or Bcc), oldest first."""
    address = address.strip().lower()
    candidates = Email.objects.filter(
        Q(to__icontains=address) | Q(cc__icontains=address) | Q(bcc__icontains=address)
    ).order_by("created", "pk")
    return [
        email
        for email in candidates
        if address
        in {recipient.strip().lower() for recipient in [*email.to, *email.cc, *email.bcc]}
    ]


def partner_personal_data(user) -> dict:
    """Everything the product holds about a partner's account, as plain data (JSON-ready):
    the account and its sign-in emails, the profile and answers, the organization, the
    engagements with what was noted and rated about them, the offers, the emails sent to
    them (subjects and dates) and an unfinished survey."""
    partner = partner_for_user(user)
    data = {
        "exported_at": _when(timezone.now()),
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "joined": _when(user.date_joined),
            "last_sign_in": _when(user.last_login),
            "sign_in_emails": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
        },
        "profile": None,
        "answers": [],
        "organization": None,
        "certification_claims": [],
        "engagements": [],
        "offers": [],
        "emails": [],
        "survey_draft": None,
    }
    addresses = {user.email.lower()}
    if partner is not None:
        addresses.add(partner.email.lower())
        data["profile"] = {
            "first_name": partner.first_name,
            "last_name": partner.last_name,
            "contact_email": partner.email,
            "phone": partner.phone,
            "job_title": partner.job_title,
            "zip_code": partner.zip_code,
            "travel_miles": partner.travel_miles,
            "delivery": partner.get_delivery_display(),
            "availability": [Partner.Availability(value).label for value in partner.availability],
            "skills": partner.skills,
            "languages": partner.languages,
            "roles": _names(partner.roles.all()),
            "experiences": _names(partner.experiences.all()),
            "contributions": _names(partner.contributions.all()),
            "pathways": _names(partner.pathways.all()),
            "status": partner.get_status_display(),
            "confirmation_number": partner.confirmation_number,
            "submitted": _when(partner.submitted_at),
            "updated": _when(partner.updated_at),
            "contacted": _when(partner.contacted_at),
        }
        data["answers"] = [
            {"section": section.title, "question": question, "answer": answer}
            for section in partner_answer_sections(partner)
            for question, answer in section.rows
        ]
        if partner.organization is not None:
            organization = partner.organization
            data["organization"] = {
                "name": organization.name,
                "type": str(organization.type or ""),
                "type_detail": organization.type_detail,
                "certifications": _names(organization.certifications.all()),
                "you_are_its_admin": partner.is_organization_admin,
            }
        data["certification_claims"] = [
            {
                "organization": claim.organization.name,
                "certifications": _names(claim.certifications.all()),
                "status": claim.get_status_display(),
                "claimed": _when(claim.claimed_at),
                "reviewed": _when(claim.reviewed_at),
            }
            for claim in partner.certification_claims.select_related("organization")
        ]
        engagements = Engagement.objects.filter(partner=partner).select_related(
            "request", "offer", "school", "experience", "organization", "coordinator"
        )
        data["engagements"] = [
            {
                "title": engagement.title,
                "school": engagement.school.name,
                "experience": engagement.experience.name,
                "organization": str(engagement.organization or ""),
                "coordinator": engagement.coordinator.get_full_name()
                or engagement.coordinator.email,
                "status": engagement.get_status_display(),
                "invited": _when(engagement.invited_at),
                "answered": _when(engagement.responded_at),
                "your_message": engagement.response_message,
                "starts": _when(engagement.starts_at),
                "ends": _when(engagement.ends_at),
                "place": engagement.place,
                "video_link": engagement.video_link,
                "delivered_on": _when(engagement.delivered_on),
                "students_reached": engagement.students_reached,
                "volunteer_hours": (
                    str(engagement.volunteer_hours)
                    if engagement.volunteer_hours is not None
                    else None
                ),
                "coordinator_note": engagement.delivery_note,
                "coordinator_rating_of_you": engagement.coordinator_rating,
                "your_rating": engagement.partner_rating,
            }
            for engagement in engagements.order_by("created_at", "pk")
        ]
        data["offers"] = [
            {
                "title": offer.title,
                "description": offer.description,
                "experience": offer.experience.name,
                "date": _when(offer.offered_on),
                "students": offer.capacity,
                "grade_levels": offer.grade_levels,
                "delivery": offer.get_delivery_display(),
                "location": offer.location,
                "status": offer.get_status_display(),
                "created": _when(offer.created_at),
            }
            for offer in partner.offers.select_related("experience").order_by("created_at", "pk")
        ]
    emails = {}
    for address in sorted(addresses):
        for email in emails_sent_to(address):
            emails[email.pk] = email
    data["emails"] = [
        {
            "subject": email.subject,
            "to": ", ".join(email.to),
            "created": _when(email.created),
            "status": email.get_status_display() if email.status is not None else "",
        }
        for email in sorted(emails.values(), key=lambda email: (email.created, email.pk))
    ]
    draft = SurveyDraft.objects.filter(user=user).first()
    if draft is not None:
        data["survey_draft"] = {"updated": _when(draft.updated_at), "answers": draft.data}
    return data


def personal_data_rows(data: dict) -> list[tuple[str, str, str, str]]:
    """The same data as spreadsheet rows: (section, item, field, value)."""
    rows = []

    def add(section: str, item: str, values: dict) -> None:
        for name, value in values.items():
            if isinstance(value, list):
                value = "; ".join(
                    str(entry)
                    if not isinstance(entry, dict)
                    else ", ".join(f"{key}: {text}" for key, text in entry.items())
                    for entry in value
                )
            elif isinstance(value, bool):
                value = "yes" if value else "no"
            rows.append((section, item, name, "" if value is None else str(value)))

    add("export", "", {"exported_at": data["exported_at"]})
    add("account", "", data["account"])
    if data["profile"]:
        add("profile", "", data["profile"])
    for answer in data["answers"]:
        rows.append(("answers", answer["section"], answer["question"], answer["answer"]))
    if data["organization"]:
        add("organization", "", data["organization"])
    for section in ("certification_claims", "engagements", "offers", "emails"):
        for number, entry in enumerate(data[section], start=1):
            add(section, str(number), entry)
    if data["survey_draft"]:
        add(
            "survey_draft",
            "",
            {
                "updated": data["survey_draft"]["updated"],
                "answers": json.dumps(data["survey_draft"]["answers"], sort_keys=True),
            },
        )
    return rows
