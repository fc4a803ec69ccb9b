from django.apps import AppConfig


class ExpoConfig(AppConfig):
    name = "expo"
    verbose_name = "Northwest Youth Careers Expo"

    def ready(self) -> None:
        from imports.jobs import Importer, importer_register

        from .services import EXPO_REGISTRATION_COLUMNS, expo_registration_import_rows

        importer_register(
            Importer(
                "expo_registrations",
                "Expo registrations",
                EXPO_REGISTRATION_COLUMNS,
                expo_registration_import_rows,
            )
        )
