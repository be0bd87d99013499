from django.db import models
from django.utils.translation import gettext_lazy as _


class MovementKind(models.TextChoices):
    ANNUAL = "annual", _("Hằng năm")
    THEMATIC = "thematic", _("Chuyên đề")
    LONG_TERM = "long_term", _("Dài hạn (nhiều năm)")


class MovementStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    LAUNCHED = "launched", _("Đã phát động")
    MIDTERM_REVIEWED = "midterm_reviewed", _("Đã sơ kết")
    FINAL_REVIEWED = "final_reviewed", _("Đã tổng kết")
    CLOSED = "closed", _("Đã kết thúc")


# Statuses in which the movement runs: registration, progress, reviews.
RUNNING = (MovementStatus.LAUNCHED, MovementStatus.MIDTERM_REVIEWED)
# Statuses after the launch (the criteria are versioned from then on).
LAUNCHED_OR_LATER = (MovementStatus.LAUNCHED, MovementStatus.MIDTERM_REVIEWED, MovementStatus.FINAL_REVIEWED)


class ScopeKind(models.TextChoices):
    SUBTREE = "subtree", _("Một đơn vị và các đơn vị trực thuộc")
    UNITS = "units", _("Danh sách đơn vị")
    CLUSTER = "cluster", _("Cụm, khối thi đua")


class Subject(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    COLLECTIVE = "collective", _("Tập thể")


class CriterionMethod(models.TextChoices):
    MANUAL = "manual", _("Người chấm nhập điểm")
    COUNT = "count", _("Đếm từ dữ liệu")
    SHARE = "share", _("Tỷ lệ từ dữ liệu")
    INDICATOR = "indicator", _("Theo giá trị chỉ số")
    YES_NO = "yes_no", _("Có / không")
    DEDUCTION = "deduction", _("Trừ điểm theo mỗi vi phạm")


# Methods that read a quantity from the metrics registry.
MEASURED_METHODS = (CriterionMethod.COUNT, CriterionMethod.SHARE, CriterionMethod.INDICATOR, CriterionMethod.DEDUCTION)


class ReviewKind(models.TextChoices):
    MIDTERM = "midterm", _("Sơ kết")
    FINAL = "final", _("Tổng kết")


class TargetKind(models.TextChoices):
    SHARE = "share", _("Tỷ lệ (%)")
    COUNT = "count", _("Số lượng")
    REACH = "reach", _("Đạt xếp loại / danh hiệu")


class TargetSource(models.TextChoices):
    METRIC = "metric", _("Tính từ dữ liệu trong hệ thống")
    MANUAL = "manual", _("Nhập tay kèm minh chứng")


class Comparison(models.TextChoices):
    AT_LEAST = "at_least", _("Ít nhất")
    AT_MOST = "at_most", _("Không quá")
    RANGE = "range", _("Từ … đến …")


class AppliesTo(models.TextChoices):
    ISSUER = "issuer", _("Đơn vị ban hành (tính chung toàn đơn vị)")
    EACH_KIND = "each_kind", _("Từng đơn vị thuộc một loại trong phạm vi")
    LISTED = "listed", _("Các đơn vị được chọn")


class ProgressStatus(models.TextChoices):
    ACHIEVED = "achieved", _("Đã đạt")
    ON_TRACK = "on_track", _("Đúng tiến độ")
    AT_RISK = "at_risk", _("Có nguy cơ không đạt")
    MISSED = "missed", _("Không đạt")
    NO_DATA = "no_data", _("Chưa có số liệu")
    NO_SOURCE = "no_source", _("Chưa có nguồn dữ liệu")


# From the worst to the best: a roll-up row takes the worst status found below it.
STATUS_SEVERITY = [
    ProgressStatus.MISSED,
    ProgressStatus.AT_RISK,
    ProgressStatus.NO_DATA,
    ProgressStatus.NO_SOURCE,
    ProgressStatus.ON_TRACK,
    ProgressStatus.ACHIEVED,
]
BEHIND = (ProgressStatus.MISSED, ProgressStatus.AT_RISK)

# Bootstrap colours of the status badges and progress bars.
STATUS_COLOURS = {
    ProgressStatus.ACHIEVED: "success",
    ProgressStatus.ON_TRACK: "primary",
    ProgressStatus.AT_RISK: "warning",
    ProgressStatus.MISSED: "danger",
    ProgressStatus.NO_DATA: "secondary",
    ProgressStatus.NO_SOURCE: "light",
}
