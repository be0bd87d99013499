from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryKind(models.TextChoices):
    PARAMETER = "parameter", _("Tham số")
    SCALE = "scale", _("Thang xếp loại")
    TITLE = "title", _("Danh hiệu, hình thức khen thưởng")
    SALARY = "salary", _("Mức lương cơ sở")


class Classification(models.TextChoices):
    """The four levels of task completion (DOMAIN §3), best first."""

    HTXS = "HTXS", _("Hoàn thành xuất sắc nhiệm vụ")
    HTT = "HTT", _("Hoàn thành tốt nhiệm vụ")
    HT = "HT", _("Hoàn thành nhiệm vụ")
    KHT = "KHT", _("Không hoàn thành nhiệm vụ")


CLASSIFICATION_ORDER = [Classification.HTXS, Classification.HTT, Classification.HT, Classification.KHT]


class Subject(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    COLLECTIVE = "collective", _("Tập thể")
