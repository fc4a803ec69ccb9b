from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit trail"

    def ready(self):
        from . import receivers, tracking

        tracking.register_models()
        receivers.connect()
