"""Which records the audit trail follows, field by field (django-auditlog's registry): each
create, change (with the old and new value of every field that changed), delete and change of
their many-to-many answers, with the user who made it."""

from auditlog.registry import auditlog
from django.apps import apps

# Timestamps the database keeps on every save are not changes anyone made.
BOOKKEEPING_FIELDS = ["created_at", "updated_at"]


def tracked_models() -> dict[str, dict]:
    """Model label → auditlog registration options."""
    return {
        "compliance.Contract": {"exclude_fields": BOOKKEEPING_FIELDS},
        "compliance.Opportunity": {"exclude_fields": BOOKKEEPING_FIELDS},
        "expo.Registration": {"exclude_fields": BOOKKEEPING_FIELDS},
        "partners.Organization": {
            "exclude_fields": BOOKKEEPING_FIELDS,
            "m2m_fields": {"certifications"},
        },
        "partners.CertificationClaim": {"m2m_fields": {"certifications"}},
        # The partner's answers (its derived fields are left out, see register_models).
        "partners.Partner": {
            "exclude_fields": BOOKKEEPING_FIELDS,
            "m2m_fields": {"roles", "experiences", "contributions", "pathways"},
        },
    }


def register_models() -> None:
    for label, options in tracked_models().items():
        model = apps.get_model(label)
        # Other records pointing at this one (its offers, contracts...) are their own history.
        reverse_relations = [relation.name for relation in model._meta.related_objects]
        # Fields a model derives from its other fields (`DERIVED_FIELDS`, e.g. the partner's
        # matching facts and the place of its ZIP code) are rebuilt by the services, not
        # changed by anyone. The model declares them, so that audit, the lowest layer,
        # imports no app.
        derived = sorted(getattr(model, "DERIVED_FIELDS", ()))
        options = {
            **options,
            "exclude_fields": [*options.get("exclude_fields", []), *derived, *reverse_relations],
        }
        auditlog.register(model, **options)
