"""Reports: the organization engagement report and the district dashboard.

An app of its own because it reads across partners, requests_app, compliance and expo and
writes nothing: no app it reads from should depend on it, and it owns no data (no models).
Every figure is computed in the database with aggregate queries (reports.selectors).
"""
