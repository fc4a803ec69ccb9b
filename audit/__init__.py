"""The audit trail: who changed what, who signed in (or failed to), who was refused a page and
who downloaded which CSV export, kept AUDIT_RETENTION_DAYS.

An app of its own because it owns a model (the proxy `AuditEvent`), a migration that schedules
the purge, a Celery task, a middleware and the admin of the log; partnerconnect/ holds no app
state. The log itself is django-auditlog's `LogEntry`: record changes come from its model
registry (`audit.tracking`), the other events from `audit.services.audit_event_record`.
"""
