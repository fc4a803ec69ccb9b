"""Partners: the catalogs, organizations, partner profiles, the intake survey and the new-partner queue."""
