"""CSV imports: reading a file row by row with line numbers and rejected rows, the result,
the chunked save loop, the `ImportCommand` base of the import commands, and the uploads kept
as background jobs. An app of its own, at the bottom of the layers, because partners,
compliance and the Expo all import spreadsheets and none of them should need another for it:
each registers its importers (`imports.jobs.importer_register`, from its AppConfig.ready)
and supplies only its row rule."""
