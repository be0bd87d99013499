from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "thidua.metrics"
    label = "metrics"
    verbose_name = "Chỉ số đo lường"
