from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.rules.choices import Classification


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    OPEN = "open", _("Đang tự đánh giá")
    REVIEWING = "reviewing", _("Tổ công đoàn đang nhận xét")
    DECIDING = "deciding", _("Ban Chấp hành đang xét")
    FINALISED = "finalised", _("Đã chốt kết quả")
    PUBLISHED = "published", _("Đã công khai")


# The order a round goes through; each step moves to the next one only.
ROUND_FLOW = [RoundStatus.DRAFT, RoundStatus.OPEN, RoundStatus.REVIEWING, RoundStatus.DECIDING,
              RoundStatus.FINALISED, RoundStatus.PUBLISHED]  # fmt: skip
LOCKED = (RoundStatus.FINALISED, RoundStatus.PUBLISHED)


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Chưa nộp")
    SUBMITTED = "submitted", _("Đã nộp, chờ tổ nhận xét")
    RETURNED = "returned", _("Bị trả lại để bổ sung")
    REVIEWED = "reviewed", _("Tổ đã nhận xét, chấm điểm")
    DECIDED = "decided", _("Ban Chấp hành đã quyết định")
    REOPENED = "reopened", _("Mở lại theo phản hồi")


class Level(models.TextChoices):
    """A member's result: the four levels of the rule pack (same codes), or not rated."""

    HTXS = Classification.HTXS.value, Classification.HTXS.label
    HTT = Classification.HTT.value, Classification.HTT.label
    HT = Classification.HT.value, Classification.HT.label
    KHT = Classification.KHT.value, Classification.KHT.label
    NOT_RATED = "not_rated", _("Không xếp loại")


RATED_LEVELS = (Level.HTXS, Level.HTT, Level.HT, Level.KHT)
# "HTT or better": the base of the HTXS quota.
GOOD_LEVELS = (Level.HTXS, Level.HTT)


class QuotaChoice(models.TextChoices):
    AUTO = "", _("Theo đề xuất của hệ thống")
    KEEP = "keep", _("Ban Chấp hành giữ HTXS")
    LOWER = "lower", _("Ban Chấp hành xếp HTT")


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("Chờ giải quyết")
    ACCEPTED = "accepted", _("Chấp nhận, xét lại")
    REJECTED = "rejected", _("Không chấp nhận")


class StepKind(models.TextChoices):
    SUBMIT = "submit", _("Nộp bản tự đánh giá")
    RETURN = "return", _("Trả lại")
    REVIEW = "review", _("Tổ nhận xét, chấm điểm")
    DECIDE = "decide", _("Ban Chấp hành quyết định")
    REOPEN = "reopen", _("Mở lại theo phản hồi")
