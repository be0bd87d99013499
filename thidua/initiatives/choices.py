from django.db import models
from django.utils.translation import gettext_lazy as _


class InitiativeStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã nộp")
    UNDER_REVIEW = "under_review", _("Hội đồng đang xét")
    RETURNED = "returned", _("Trả lại để bổ sung")
    RECOGNISED = "recognised", _("Đã công nhận")
    REJECTED = "rejected", _("Không công nhận")
    FORWARDED = "forwarded", _("Đã chuyển cấp trên xét")


class RecognitionScope(models.TextChoices):
    """Where an initiative is recognised to apply (phạm vi ảnh hưởng), lowest first."""

    GRASSROOTS = "grassroots", _("Cấp cơ sở")
    PROVINCE_SECTOR = "province_sector", _("Cấp bộ, ngành, tỉnh")
    NATIONAL = "national", _("Toàn quốc")


class InitiativeField(models.TextChoices):
    ADMIN_REFORM = "admin_reform", _("Cải cách hành chính")
    DIGITAL = "digital", _("Công nghệ thông tin, chuyển đổi số")
    MANAGEMENT = "management", _("Quản lý, điều hành")
    TECHNICAL = "technical", _("Kỹ thuật, sản xuất")
    ENVIRONMENT = "environment", _("Tài nguyên, môi trường")
    EDUCATION = "education", _("Giáo dục, đào tạo")
    HEALTH = "health", _("Y tế")
    FINANCE = "finance", _("Tài chính, kế toán")
    UNION = "union", _("Hoạt động công đoàn")
    OTHER = "other", _("Lĩnh vực khác")


class DecisionOutcome(models.TextChoices):
    RECOGNISED = "recognised", _("Công nhận")
    REJECTED = "rejected", _("Không công nhận")
    RETURNED = "returned", _("Trả lại")
    FORWARDED = "forwarded", _("Chuyển cấp trên")


# Statuses an author may edit in; statuses a reviewer acts on.
EDITABLE = frozenset({InitiativeStatus.DRAFT, InitiativeStatus.RETURNED})
IN_REVIEW = frozenset({InitiativeStatus.SUBMITTED, InitiativeStatus.UNDER_REVIEW, InitiativeStatus.FORWARDED})
