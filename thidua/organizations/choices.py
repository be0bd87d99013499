from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    FEDERATION = "federation", _("Tổng Liên đoàn")
    PROVINCIAL = "provincial", _("LĐLĐ tỉnh / Công đoàn ngành")
    UPPER = "upper", _("Công đoàn cấp trên trực tiếp cơ sở")
    GRASSROOTS = "grassroots", _("Công đoàn cơ sở")
    MEMBER_UNION = "member_union", _("CĐCS thành viên / Công đoàn bộ phận")
    GROUP = "group", _("Tổ công đoàn")
    AGENCY = "agency", _("Cơ quan, đơn vị nhà nước")


# The union level of each kind (1 = national). An agency stands outside the union levels.
UNIT_LEVELS: dict[str, int | None] = {
    UnitKind.FEDERATION: 1,
    UnitKind.PROVINCIAL: 2,
    UnitKind.UPPER: 3,
    UnitKind.GRASSROOTS: 4,
    UnitKind.MEMBER_UNION: 5,
    UnitKind.GROUP: 6,
    UnitKind.AGENCY: None,
}


class ClusterKind(models.TextChoices):
    CLUSTER = "cluster", _("Cụm thi đua")
    BLOCK = "block", _("Khối thi đua")
