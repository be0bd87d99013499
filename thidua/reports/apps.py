from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "thidua.reports"
    label = "reports"
    verbose_name = "Báo cáo, thống kê"
