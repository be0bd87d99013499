"""Builders of award history for eligibility tests: classifications of locked year rounds, award records,
recognised initiatives, disciplines, absences and registrations, written straight to the tables the selectors read
(the evaluation, initiatives and movements workflows are tested in their own apps)."""

import datetime
from decimal import Decimal

from thidua.awards.models import Absence, AwardRecord
from thidua.evaluation.choices import RoundStatus
from thidua.evaluation.models import EvaluationRound, Submission, UnitResult
from thidua.evidence.models import Discipline
from thidua.initiatives.choices import DecisionOutcome, InitiativeField, InitiativeStatus
from thidua.initiatives.models import Initiative, InitiativeAuthor, InitiativeDecision
from thidua.members.tests.factories import MemberFactory
from thidua.movements.choices import MovementStatus
from thidua.movements.models import CriteriaVersion, Movement, Registration
from thidua.organizations.models import Cluster
from thidua.rules.selectors import pack_in_force


def d(year: int, month: int = 12, day: int = 31) -> datetime.date:
    return datetime.date(year, month, day)


def movement(unit, year: int) -> Movement:
    found = Movement.objects.filter(unit=unit, starts_on=d(year, 1, 1), ends_on=d(year)).first()
    if found:
        return found
    return Movement.objects.create(unit=unit, title=f"Phong trào thi đua năm {year}", starts_on=d(year, 1, 1),
                                   ends_on=d(year), status=MovementStatus.LAUNCHED)  # fmt: skip


def year_round(unit, year: int) -> EvaluationRound:
    found = EvaluationRound.objects.filter(unit=unit, year=year, phase__isnull=True).first()
    if found:
        return found
    m = movement(unit, year)
    version = CriteriaVersion.objects.get_or_create(movement=m, number=1)[0]
    return EvaluationRound.objects.create(
        unit=unit, name=f"Bình xét năm {year}", movement=m, criteria_version=version, year=year,
        period_start=d(year, 1, 1), period_end=d(year), rule_pack=pack_in_force(on=d(year)), rules_on=d(year),
        self_assessment_due=d(year, 11, 30), review_due=d(year, 12, 5), decision_due=d(year, 12, 10),
        objection_days=5, status=RoundStatus.FINALISED)  # fmt: skip


def rate(member, year: int, level: str, *, unit=None) -> Submission:
    """The member's classification of ``year`` in a locked year round of ``unit`` (default: the member's unit)."""
    r = year_round(unit or member.unit, year)
    return Submission.objects.create(round=r, member=member, unit=member.unit, level=level, score_level=level,
                                     total=Decimal(80), self_total=Decimal(80))  # fmt: skip


def rate_years(member, levels: dict[int, str], **kwargs) -> None:
    for year, level in levels.items():
        rate(member, year, level, **kwargs)


def rate_unit(unit, year: int, level: str) -> UnitResult:
    r = year_round(unit, year)
    return UnitResult.objects.create(round=r, unit=unit, population="grassroots_union", level=level,
                                     score=Decimal(90), total=Decimal(90), proposed_score=Decimal(90),
                                     bonus=Decimal(0))  # fmt: skip


def award(subject, year: int, code: str, *, name: str = "", number: str = "", thematic: bool = False,
          scope_unit=None, decided_on=None) -> AwardRecord:  # fmt: skip
    is_unit = not hasattr(subject, "full_name")
    return AwardRecord.objects.create(
        member=None if is_unit else subject, unit=subject if is_unit else None,
        scope_unit=scope_unit or (subject if is_unit else subject.unit), year=year, title_code=code,
        title_name=name or code, thematic=thematic, decision_number=number or f"{year % 100 + 1}/QĐ-CĐ",
        decided_on=decided_on or d(year + 1, 1, 15))  # fmt: skip


def recognise(member, *, scope: str, on: datetime.date, title: str = "Sáng kiến số hóa hồ sơ",
              number: str = "12/QĐ-CĐS") -> Initiative:  # fmt: skip
    initiative = Initiative.objects.create(
        unit=member.unit, review_unit=member.unit, title=title, status=InitiativeStatus.RECOGNISED,
        field=InitiativeField.DIGITAL)  # fmt: skip
    InitiativeAuthor.objects.create(initiative=initiative, member=member, share=Decimal(100))
    InitiativeDecision.objects.create(initiative=initiative, unit=member.unit, outcome=DecisionOutcome.RECOGNISED,
                                      scope=scope, decided_on=on, decision_number=number)  # fmt: skip
    return initiative


def discipline(member, level: str, starts_on: datetime.date, ends_on: datetime.date | None,
               number: str = "05/QĐ-KL") -> Discipline:  # fmt: skip
    return Discipline.objects.create(member=member, level=level, starts_on=starts_on, ends_on=ends_on,
                                     decision_number=number)  # fmt: skip


def absence(member, kind: str, starts_on: datetime.date, ends_on: datetime.date) -> Absence:
    return Absence.objects.create(member=member, kind=kind, starts_on=starts_on, ends_on=ends_on)


def register(member, year: int, *, title_code: str = "ldtt", title_name: str = "Lao động tiên tiến") -> Registration:
    m = movement(member.unit, year)
    return Registration.objects.create(movement=m, subject="individual", member=member, unit=member.unit,
                                       title_code=title_code, title_name=title_name,
                                       registered_on=d(year, 2, 1))  # fmt: skip


def cluster_leader(unit, year: int, *, organizer) -> Cluster:
    cluster = Cluster.objects.create(name="Cụm thi đua số 1", year=year, organizer=organizer, leader=unit)
    cluster.units.add(unit)
    return cluster


def good_member(unit, code: str, *, year: int = 2025, level: str = "HTT", gender: str | None = None, **fields):
    """A member rated ``level`` in ``year`` who registered in the year's movement: eligible for LĐTT."""
    member = MemberFactory(unit=unit, code=code, **({"gender": gender} if gender else {}), **fields)
    rate(member, year, level)
    register(member, year)
    return member
