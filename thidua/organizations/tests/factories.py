import factory

from thidua.organizations.choices import UnitKind
from thidua.organizations.models import Unit
from thidua.organizations.services import unit_create


class UnitFactory(factory.Factory):
    """Builds units through the service, so that the tree path is always right."""

    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Công đoàn cơ sở số {n}")
    kind = UnitKind.GRASSROOTS
    parent = None
    short_name = ""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return unit_create(**kwargs)

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        return model_class(**kwargs)
