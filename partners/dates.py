"""Business-day arithmetic for the promise "we will reach out within 10 business days".

Weekends are skipped; public holidays are not known to the application and count as
business days.
"""

from datetime import date, timedelta

CONTACT_WITHIN_BUSINESS_DAYS = 10


def add_business_days(start: date, days: int) -> date:
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def contact_deadline(submitted_on: date) -> date:
    """The last day on which contacting a new partner keeps the promise."""
    return add_business_days(submitted_on, CONTACT_WITHIN_BUSINESS_DAYS)


def is_overdue(submitted_on: date, today: date) -> bool:
    """True once the 10th business day after submission has fully passed."""
    return today > contact_deadline(submitted_on)


def overdue_cutoff(today: date) -> date:
    """The most recent submission date that is overdue today (for filtering in the database).

    Submissions on or before the returned date are overdue; later ones are not.
    """
    candidate = today - timedelta(days=1)
    while is_overdue(candidate, today) is False:
        candidate -= timedelta(days=1)
    return candidate
