"""Roles and the actions each one permits. A role is granted on a unit and covers that unit's whole subtree.

This is authorisation policy, not law: it lives in code. docs/permissions.md is the readable version of this table.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    OFFICER = "officer", _("Cán bộ công đoàn cấp trên")
    CHAIR = "chair", _("Chủ tịch / Ủy viên BCH CĐCS")
    GROUP_LEADER = "group_leader", _("Tổ trưởng công đoàn")
    COUNCIL = "council", _("Thành viên Hội đồng TĐKT")
    MEMBER = "member", _("Đoàn viên")


class Action(models.TextChoices):
    VIEW = "view", _("Xem")
    CHANGE_MEMBERS = "change_members", _("Quản lý đoàn viên")
    MANAGE_UNITS = "manage_units", _("Quản lý tổ chức")
    MANAGE_ACCOUNTS = "manage_accounts", _("Quản lý tài khoản")


ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset({Action.VIEW, Action.CHANGE_MEMBERS, Action.MANAGE_UNITS, Action.MANAGE_ACCOUNTS}),
    Role.OFFICER: frozenset({Action.VIEW, Action.CHANGE_MEMBERS, Action.MANAGE_UNITS}),
    Role.CHAIR: frozenset({Action.VIEW, Action.CHANGE_MEMBERS, Action.MANAGE_UNITS}),
    Role.GROUP_LEADER: frozenset({Action.VIEW}),
    Role.COUNCIL: frozenset({Action.VIEW}),
    # A member sees their own records only (see Scope.member_ids); the grant says which unit they belong to.
    Role.MEMBER: frozenset(),
}
