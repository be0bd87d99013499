"""Initiatives for tests, made through the services so every rule applies."""

import datetime
from decimal import Decimal

from thidua.initiatives import services
from thidua.initiatives.choices import InitiativeField, RecognitionScope
from thidua.initiatives.models import Initiative, InitiativeCouncil

CONTENT = {
    "title": "Cải tiến quy trình tiếp nhận hồ sơ một cửa",
    "field": InitiativeField.ADMIN_REFORM,
    "problem": "Hồ sơ một cửa phải chuyển tay qua nhiều phòng, người dân chờ lâu và hay thất lạc giấy tờ.",
    "solution": "Số hóa hồ sơ ngay tại quầy, chuyển xử lý trên phần mềm, nhắn tin báo kết quả cho người dân.",
    "application_scope": "Bộ phận một cửa của Sở",
    "applied_from": datetime.date(2023, 3, 1),
    "expected_money": Decimal(12_000_000),
    "expected_hours": Decimal(240),
}


def make_initiative(p, *, authors=None, unit=None, by=None, **fields) -> Initiative:
    """A draft by the personas' member (100%) in their group, unless told otherwise."""
    return services.initiative_create(unit=unit or p.group, authors=authors or [(p.member_record, 100)],
                                      by=by, **{**CONTENT, **fields})  # fmt: skip


def make_submitted(p, **kwargs) -> Initiative:
    initiative = make_initiative(p, **kwargs)
    return services.initiative_submit(initiative=initiative, on=datetime.date(2023, 4, 10))


def make_council(p, *, members=None, unit=None, year=2023) -> InitiativeCouncil:
    return services.council_create(unit=unit or p.grassroots, year=year, name="Hội đồng sáng kiến",
                                   members=members or [p.member_record, p.colleague])  # fmt: skip


FULL_MARKS = {"novelty": 25, "applicability": 25, "effectiveness": 20, "presentation": 8}


def make_recognised(p, *, on=datetime.date(2023, 6, 15), number="12/QĐ-CĐS", **kwargs) -> Initiative:
    initiative = make_submitted(p, **kwargs)
    council = InitiativeCouncil.objects.filter(unit=p.grassroots, year=2023).first() or make_council(p)
    services.initiative_start_review(initiative=initiative, council=council)
    for member in council.members.all():
        services.council_score_record(initiative=initiative, member=member, points=FULL_MARKS)
    return services.initiative_recognise(initiative=initiative, scope=RecognitionScope.GRASSROOTS, recognised_on=on,
                                         decision_number=number)  # fmt: skip
