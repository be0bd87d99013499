from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "thidua.members"
    label = "members"
    verbose_name = "Đoàn viên"

    def ready(self) -> None:
        from thidua.members.metrics import register_metrics

        register_metrics()
