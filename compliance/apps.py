from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = "Contract compliance"

    def ready(self) -> None:
        from imports.jobs import Importer, importer_register

        from .bulk_imports import contract_import_rows_bulk
        from .services import CONTRACT_COLUMNS, OPPORTUNITY_COLUMNS, opportunity_import_rows

        importer_register(
            Importer("contracts", "Contracts", CONTRACT_COLUMNS, contract_import_rows_bulk)
        )
        importer_register(
            Importer(
                "opportunities",
                "Delivered opportunities (recorded by hand)",
                OPPORTUNITY_COLUMNS,
                opportunity_import_rows,
            )
        )
