from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "thidua.evaluation"
    label = "evaluation"
    verbose_name = "Bình xét, xếp loại"

    def ready(self) -> None:
        from thidua.evaluation.metrics import register_metrics

        register_metrics()
