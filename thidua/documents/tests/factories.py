"""Builders for document tests: a movement with content, targets, criteria, phases and a frozen final review; an
award proposal, a closed council session with its tallies and a decision with its awardees (made with the ORM: the
awards services are not what is tested here)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from thidua.awards.models import Awardee, CouncilSeat, CouncilSession, Decision, Proposal, ProposalItem, SessionItem
from thidua.documents.models import Letterhead
from thidua.members.models import Member
from thidua.movements import services as movement_services
from thidua.movements.models import Movement, Phase, Target, TargetSnapshot
from thidua.organizations.numbering import document_symbol

YEAR = 2025


def d(month: int, day: int, year: int = YEAR) -> datetime.date:
    return datetime.date(year, month, day)


def letterhead(p) -> None:
    for unit in (p.upper, p.grassroots):
        unit.short_name = {p.upper.pk: "CĐVC", p.grassroots.pk: "CĐSTTTT"}[unit.pk]
        unit.save(update_fields=["short_name"])
    Letterhead.objects.get_or_create(unit=p.upper, defaults={"place": "Hà Nam"})


def movement(p, *, unit=None) -> Movement:
    """A launched movement of the grassroots union, final phase reviewed with one target reached and one missed."""
    letterhead(p)
    m = movement_services.movement_create(
        unit=unit or p.grassroots, by=p.chair, title="Phong trào thi đua “Văn hóa công sở” năm 2025",
        starts_on=d(1, 1), ends_on=d(12, 31), plan_number="18/KH-CĐSTTTT", issued_on=d(1, 5), signer="Nguyễn Văn Hùng",
        signer_title="Chủ tịch", purpose="Xây dựng cơ quan văn minh, hiện đại, xanh, sạch, đẹp.\n"
        "Nâng cao ý thức trách nhiệm, tận tụy của đoàn viên.")  # fmt: skip
    group = movement_services.content_group_add(movement=m, name="Về chuyên môn")
    item = movement_services.content_item_add(group=group, text="Hoàn thành tốt nhiệm vụ được giao.")
    movement_services.standard_add(item=item, text="Không để hồ sơ trễ hạn.")
    movement_services.phase_add(movement=m, starts_on=d(1, 1), ends_on=d(5, 31), review_due=d(6, 30))
    movement_services.phase_add(movement=m, starts_on=d(6, 1), ends_on=d(10, 31), review_due=d(11, 30),
                                review_kind="final")  # fmt: skip
    movement_services.criterion_add(movement=m, by=p.chair, code="1", name="Thực hiện quy tắc ứng xử",
                                    max_points=100, method="manual")  # fmt: skip
    m = movement_services.movement_launch(movement=m, by=p.chair)
    reached = Target.objects.create(movement=m, order=1, name="100% đoàn viên học tập nghị quyết", kind="share",
                                    source="manual", target_min=Decimal(100), deadline=d(10, 31))  # fmt: skip
    missed = Target.objects.create(movement=m, order=2, kind="share", source="manual", target_min=Decimal(90),
                                   name="Ít nhất 90% đoàn viên đạt Công đoàn viên xuất sắc",
                                   deadline=d(10, 31))  # fmt: skip
    final = final_phase(m)
    Phase.objects.filter(pk=final.pk).update(reviewed_on=d(11, 20), reviewed_at=timezone.now())
    for target, value, status in ((reached, 100.0, "achieved"), (missed, 62.5, "missed")):
        TargetSnapshot.objects.create(phase=final, target=target, unit=m.unit, value=value, numerator=value,
                                      denominator=100, status=status, as_of=d(11, 20))  # fmt: skip
    return m


def final_phase(m: Movement) -> Phase:
    return m.phases.get(review_kind="final")


def proposal(p) -> Proposal:
    letterhead(p)
    prop = Proposal.objects.create(proposing_unit=p.grassroots, to_unit=p.upper, year=YEAR,
                                   subject_line="Đề nghị tặng Giấy khen năm 2025", status="submitted",
                                   signer_name="Nguyễn Văn Hùng", signer_title="Phó Chủ tịch",
                                   submitted_on=d(12, 10))  # fmt: skip
    ProposalItem.objects.create(proposal=prop, member=p.member_record, title_code="gk", title_name="Giấy khen",
                                achievements="Hoàn thành xuất sắc nhiệm vụ; 01 sáng kiến cấp cơ sở.")  # fmt: skip
    ProposalItem.objects.create(proposal=prop, member=p.colleague, title_code="cstdcs",
                                title_name="Chiến sĩ thi đua cơ sở", achievements="Ba năm liền HTXS.")  # fmt: skip
    ProposalItem.objects.create(
        proposal=prop, unit=p.group, title_code="tldtt", title_name="Tập thể lao động tiên tiến"
    )
    return prop


def session(p, prop: Proposal | None = None, *, unit=None) -> CouncilSession:
    prop = prop or proposal(p)
    s = CouncilSession.objects.create(unit=unit or p.upper, name="Phiên họp xét khen thưởng năm 2025",
                                      held_on=d(12, 20),
                                      place="Hội trường tầng 3", status="closed", closed_at=timezone.now())  # fmt: skip
    for name, role, attendance in (("Nguyễn Văn Hùng", "chair", "present"), ("Trần Thị Mai", "secretary", "present"),
                                   ("Lê Văn Đức", "member", "present"), ("Phạm Thị Hương", "member", "absent"),
                                   ("Hoàng Văn Tiến", "member", "present")):  # fmt: skip
        CouncilSeat.objects.create(session=s, full_name=name, role=role, attendance=attendance, voted=True)
    for item, (yes, no) in zip(prop.items.order_by("pk"), ((5, 0), (3, 2), (4, 1)), strict=True):
        SessionItem.objects.create(
            session=s,
            item=item,
            threshold=Decimal("0.8"),
            members_total=5,
            yes=yes,
            no=no,
            blank=0,
            passed=yes >= 4,
            threshold_citation="Điều 23 Luật Thi đua, Khen thưởng",
        )
    return s


def decision(p, *, awardees: int = 3, issuer=None) -> Decision:
    """A decision of the upper union with ``awardees`` people (the first ones are the personas' members)."""
    letterhead(p)
    issuer = issuer or p.upper
    number = Decision.objects.filter(issuer=issuer, year=YEAR + 1).count() + 15
    dec = Decision.objects.create(
        issuer=issuer, year=YEAR + 1, number=number,
        symbol=document_symbol(number=number, series="QĐ", issuer=issuer), decided_on=datetime.date(YEAR + 1, 1, 5),
        achievement_year=YEAR, subject_line="Về việc tặng Giấy khen cho các cá nhân có thành tích năm 2025",
        signer_name="Đặng Quốc Khánh", signer_title="Chủ tịch", base_salary=Decimal(2340000),
        base_salary_citation="Nghị định 73/2024/NĐ-CP")  # fmt: skip
    people = [p.member_record, p.colleague, *Member.objects.exclude(pk__in=[p.member_record.pk, p.colleague.pk])]
    rows = []
    for i in range(awardees):
        member = people[i % len(people)]
        rows.append(Awardee(decision=dec, member=member, display_name=member.full_name if i < len(people) else
                            f"Đoàn viên số {i + 1:04d} Nguyễn Thị Ánh", unit_name="Công đoàn Sở Thông tin và Truyền "
                            "thông", title_code="gk", title_name="Giấy khen", coefficient=Decimal("0.3"),
                            amount=Decimal(702000), position=i + 1))  # fmt: skip
    Awardee.objects.bulk_create(rows)
    return dec
