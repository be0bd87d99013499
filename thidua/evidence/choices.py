from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    RESOLUTION_STUDY = "resolution_study", _("Học tập, quán triệt nghị quyết")
    TRAINING = "training", _("Tập huấn, bồi dưỡng")
    SPORTS_ARTS = "sports_arts", _("Văn nghệ, thể thao")
    CLEANING_FRIDAY = "cleaning_friday", _("Vệ sinh cơ quan ngày thứ Sáu")
    OTHER = "other", _("Hoạt động khác")


# Values of the metric parameter ``kind`` that name the same activity kind (thidua/movements/metric_keys.py lists
# "cleaning" for the Friday clean-up).
ACTIVITY_KIND_ALIASES = {"cleaning": ActivityKind.CLEANING_FRIDAY}


class MediaKind(models.TextChoices):
    VIDEO = "video", _("Video clip")
    ARTICLE = "article", _("Bài viết")


class ConductRule(models.TextChoices):
    """The office-culture rules of seed 000 (Công đoàn Sở TT&TT Hà Nam, 2023)."""

    SMOKING = "smoking", _("Không hút thuốc lá trong phòng làm việc")
    ALCOHOL = "alcohol", _("Không sử dụng đồ uống có cồn tại công sở, trước và trong giờ làm việc")
    DRESS = "dress", _("Trang phục gọn gàng, lịch sự")
    STAFF_CARD = "staff_card", _("Đeo thẻ khi thực hiện nhiệm vụ")
    CONDUCT = "conduct", _("Giao tiếp, ứng xử nhã nhặn, trung thực, thân thiện, hợp tác")
    CLEANING_DUTY = "cleaning_duty", _("Tham gia vệ sinh cơ quan theo phân công")
    SPORTS_ARTS = "sports_arts", _("Tham gia phong trào văn nghệ, thể thao")


class ConductPolarity(models.TextChoices):
    POSITIVE = "positive", _("Thực hiện tốt")
    VIOLATION = "violation", _("Vi phạm")


class PartyOutcome(models.TextChoices):
    PENDING = "pending", _("Đang xem xét")
    ADMITTED = "admitted", _("Đã được kết nạp")
    NOT_ADMITTED = "not_admitted", _("Chưa được kết nạp")


class DisciplineLevel(models.TextChoices):
    """Disciplinary measures, lightest first. The codes are those of the rule pack's
    ``evaluation.discipline_levels_forcing_kht`` and of the ``no_member_disciplined`` condition."""

    KHIEN_TRACH = "khien_trach", _("Khiển trách")
    CANH_CAO = "canh_cao", _("Cảnh cáo")
    HA_BAC_LUONG = "ha_bac_luong", _("Hạ bậc lương")
    GIANG_CHUC = "giang_chuc", _("Giáng chức")
    CACH_CHUC = "cach_chuc", _("Cách chức")
    BUOC_THOI_VIEC = "buoc_thoi_viec", _("Buộc thôi việc")


DISCIPLINE_ORDER = list(DisciplineLevel.values)


def discipline_levels_from(level: str) -> list[str]:
    """``level`` and every heavier measure (for "disciplined at cảnh cáo or above")."""
    return DISCIPLINE_ORDER[DISCIPLINE_ORDER.index(level) :] if level in DISCIPLINE_ORDER else []
