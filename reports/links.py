"""Where the reports' numbers lead: the filtered list each number counts, with exactly the
GET parameters those lists read (requests_app.filters, partners.views.queue,
compliance.forms.ReportFilterForm), and only for a user who may open that list."""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.urls import reverse

from accounts.roles import Role
from accounts.selectors import user_has_role

from .selectors import Period


@dataclass(frozen=True)
class Links:
    """Which lists the user may open, and so which numbers are links."""

    engagements: bool = False
    requests: bool = False
    directory: bool = False
    queue: bool = False
    compliance: bool = False

    @classmethod
    def for_dashboard(cls, user) -> "Links":
        """The dashboard counts the user's schools, as the lists do: every list the user
        may open."""
        coordinates = user_has_role(user, Role.COORDINATOR)
        return cls(
            engagements=coordinates,
            requests=coordinates,
            directory=coordinates or user_has_role(user, Role.PROCUREMENT),
            queue=coordinates,
            compliance=user_has_role(user, Role.PROCUREMENT),
        )

    @classmethod
    def for_organization_report(cls, user) -> "Links":
        """The organization report counts every school: its numbers link to the engagements
        list only for a user whose list shows every school (a District Admin)."""
        return cls(engagements=user_has_role(user, Role.DISTRICT_ADMIN))


def _query(params: dict) -> str:
    kept = {
        name: value.isoformat() if isinstance(value, date) else value
        for name, value in params.items()
        if value is not None and value != ""
    }
    return urlencode(kept)


def engagements_url(period: Period | None = None, **params) -> str:
    """The engagements delivered (in the period), filtered by `school`, `pathway` (an id or
    `none`), `tier` or `organization`."""
    days = {}
    if period is not None:
        days = {"from": params.pop("from", period.start), "to": params.pop("to", period.end)}
    query = _query({"status": "delivered", **days, **params})
    return f"{reverse('requests_app:engagements')}?{query}"


def requests_url(period: Period | None = None, **params) -> str:
    """Requests by `status`, `school`, `pathway` or `past_date=1`; created in the period
    when one is given."""
    if period is not None:
        params = {"opened_from": period.start, "opened_to": period.end, **params}
    return f"{reverse('requests_app:home')}?{_query(params)}"


def directory_url(**params) -> str:
    """Active partners in the directory, by `pathway`, `tier` or `certification`."""
    return f"{reverse('requests_app:directory')}?{_query({'status': 'active', **params})}"


def queue_url(*, overdue: bool = False) -> str:
    url = reverse("partners:queue")
    return f"{url}?overdue=1" if overdue else url


def compliance_url(*, as_of: date, **params) -> str:
    """The compliance report as of a day, by `status` or `at_risk=1`."""
    return f"{reverse('compliance:report')}?{_query({'as_of': as_of, **params})}"


BUILDERS = {
    "engagements": engagements_url,
    "requests": requests_url,
    "directory": directory_url,
    "queue": queue_url,
    "compliance": compliance_url,
}
