from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "thidua.evidence"
    label = "evidence"
    verbose_name = "Minh chứng thi đua"

    def ready(self) -> None:
        from thidua.evidence.metrics import register_metrics

        register_metrics()
