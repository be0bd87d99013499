from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Đang sinh hoạt")
    TRANSFERRED = "transferred", _("Đã chuyển sinh hoạt")
    LEFT = "left", _("Đã thôi sinh hoạt")


class PositionRole(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch")
    VICE_CHAIR = "vice_chair", _("Phó Chủ tịch")
    STANDING = "standing", _("Ủy viên Ban Thường vụ")
    BCH_MEMBER = "bch_member", _("Ủy viên Ban Chấp hành")
    GROUP_LEADER = "group_leader", _("Tổ trưởng công đoàn")
    GROUP_DEPUTY = "group_deputy", _("Tổ phó công đoàn")
