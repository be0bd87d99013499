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
    MANAGE_MOVEMENTS = "manage_movements", _("Quản lý phong trào thi đua")
    REGISTER = "register", _("Đăng ký thi đua")
    MANAGE_RULES = "manage_rules", _("Quản lý bộ quy tắc thi đua, khen thưởng")
    SUBMIT_INITIATIVE = "submit_initiative", _("Nộp sáng kiến")
    REVIEW_INITIATIVE = "review_initiative", _("Xét, công nhận sáng kiến")
    RECORD_EVIDENCE = "record_evidence", _("Ghi nhận hoạt động, minh chứng thi đua")
    SELF_ASSESS = "self_assess", _("Tự đánh giá, xếp loại")
    OBJECT = "object", _("Phản hồi kết quả bình xét")
    REVIEW = "review", _("Nhận xét, chấm điểm đoàn viên (tổ công đoàn)")
    DECIDE = "decide", _("Quyết định kết quả bình xét, xếp loại")
    PROPOSE_AWARDS = "propose_awards", _("Lập đề nghị khen thưởng")
    CONFER_AWARDS = "confer_awards", _("Tiếp nhận, xét và quyết định khen thưởng")
    VOTE = "vote", _("Bỏ phiếu tại Hội đồng Thi đua - Khen thưởng")
    ISSUE_DOCUMENTS = "issue_documents", _("Lập văn bản, báo cáo")
    MANAGE_TEMPLATES = "manage_templates", _("Quản lý mẫu văn bản")


# Building blocks of the table below.
# What every member does for themselves (SELF_ASSESS and OBJECT only ever act on the user's own member record).
_TAKE_PART = {Action.REGISTER, Action.SUBMIT_INITIATIVE, Action.SELF_ASSESS, Action.OBJECT}
_MANAGE = {Action.VIEW, Action.CHANGE_MEMBERS, Action.MANAGE_UNITS, Action.MANAGE_MOVEMENTS, Action.REVIEW_INITIATIVE,
           Action.RECORD_EVIDENCE, Action.REVIEW, Action.DECIDE, Action.PROPOSE_AWARDS, Action.CONFER_AWARDS,
           Action.ISSUE_DOCUMENTS}  # fmt: skip

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset(
        _MANAGE | _TAKE_PART | {Action.MANAGE_ACCOUNTS, Action.MANAGE_RULES, Action.MANAGE_TEMPLATES}
    ),
    Role.OFFICER: frozenset(_MANAGE | _TAKE_PART),
    Role.CHAIR: frozenset(_MANAGE | _TAKE_PART),
    # A group leader records the group's evidence and reviews its members' self-assessments (on the group's subtree).
    Role.GROUP_LEADER: frozenset({Action.VIEW, Action.RECORD_EVIDENCE, Action.REVIEW} | _TAKE_PART),
    # A council member scores initiatives and casts secret ballots in the sessions they are seated in.
    Role.COUNCIL: frozenset({Action.VIEW, Action.REVIEW_INITIATIVE, Action.VOTE} | _TAKE_PART),
    # A member sees their own records only (see Scope.member_ids); the grant says which unit they belong to.
    # REGISTER lets them pledge titles for themselves in the movements that cover their unit.
    Role.MEMBER: frozenset(_TAKE_PART),
}
