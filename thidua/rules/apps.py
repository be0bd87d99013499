from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _load_shipped_packs(sender, **kwargs) -> None:
    from thidua.rules.services import shipped_packs_sync

    shipped_packs_sync()


class RulesConfig(AppConfig):
    name = "thidua.rules"
    label = "rules"
    verbose_name = "Bộ quy tắc thi đua, khen thưởng"

    def ready(self) -> None:
        # Reference data, like Django's own content types: every database (tests included) gets the shipped packs
        # after migrating, and an upgrade that changes a pack file refreshes it.
        post_migrate.connect(_load_shipped_packs, sender=self, dispatch_uid="thidua.rules.shipped_packs")
