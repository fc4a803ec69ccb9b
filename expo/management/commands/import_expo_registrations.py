"""`manage.py import_expo_registrations FILE.csv`: Expo registrations made elsewhere."""

from expo.services import EXPO_REGISTRATION_COLUMNS
from imports.jobs import ImportCommand


class Command(ImportCommand):
    kind = "expo_registrations"
    help = (
        "Import Expo registrations from a CSV file with the header "
        + ",".join(EXPO_REGISTRATION_COLUMNS)
        + " (kind exhibitor or sponsor). Idempotent by organization and Expo; an edition "
        "with that date is created if missing."
    )
