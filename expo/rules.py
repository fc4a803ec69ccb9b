"""The Expo's own rules, pure: which registrations give a major contractor its booth.
Compliance reads them; the Expo needs nothing from compliance."""

from django.db.models import Q


def registration_meets_expo(*, kind: str, exhibitor_equivalent: bool) -> bool:
    """An exhibitor registration, or a sponsor one at a level marked exhibitor-equivalent."""
    return kind == "exhibitor" or (kind == "sponsor" and exhibitor_equivalent)


def registration_meets_expo_q(*, prefix: str = "") -> Q:
    """The same rule as a database filter on expo.Registration."""
    return Q(**{f"{prefix}kind": "exhibitor"}) | Q(
        **{f"{prefix}kind": "sponsor", f"{prefix}sponsor_level__exhibitor_equivalent": True}
    )
