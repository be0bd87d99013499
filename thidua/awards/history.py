"""Award history (``AwardRecord``) and absences (``Absence``): the writes and the reads of pages and API.

Who may write: ``Action.CONFER_AWARDS`` on the unit the record belongs to (the member's unit, or the collective) —
the same officers who decide awards keep the history they are judged from. Viewing needs ``Action.VIEW`` there; a
member sees their own history and absences.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.awards.choices import AbsenceKind, RecordSource
from thidua.awards.models import Absence, AwardRecord
from thidua.members.models import Member
from thidua.organizations.models import Unit
from thidua.rules.choices import Subject
from thidua.rules.selectors import RuleMissing, TitleDef, pack_in_force, titles

FIRST_YEAR = 1980


def title_for(*, year: int, code: str, subject: str, unit: Unit) -> TitleDef:
    """The title ``code`` of the pack in force on 31/12/``year`` for ``unit``, checked against the kind of subject."""
    try:
        pack = pack_in_force(on=datetime.date(year, 12, 31), unit=unit)
    except RuleMissing as error:
        raise ValidationError({"year": str(error)}) from error
    for item in titles(pack, on=datetime.date(year, 12, 31)):
        if item.code == code:
            if item.subject != subject:
                kind = _("cá nhân") if subject == Subject.INDIVIDUAL else _("tập thể")
                message = _("«{name}» không phải danh hiệu, hình thức dành cho {kind}.")
                raise ValidationError({"title_code": message.format(name=item.name, kind=kind)})
            return item
    raise ValidationError(
        {
            "title_code": _("Mã «{code}» không có trong bộ quy tắc «{pack}» áp dụng năm {year}.").format(
                code=code, pack=pack.name, year=year
            )
        }
    )


def check_year(year: int) -> None:
    last = timezone.localdate().year
    if not FIRST_YEAR <= year <= last:
        raise ValidationError({"year": _("Năm phải từ {first} đến {last}.").format(first=FIRST_YEAR, last=last)})


@transaction.atomic
def record_create(*, member: Member | None = None, unit: Unit | None = None, year: int, title_code: str,
                  decision_number: str = "", decided_on: datetime.date | None = None, issuer_name: str = "",
                  note: str = "", reward_amount=None, source: str = RecordSource.MANUAL) -> AwardRecord:  # fmt: skip
    """Record a title or award form a person or a collective received (a past decision, or one typed in by hand)."""
    if (member is None) == (unit is None):
        raise ValidationError(_("Ghi nhận khen thưởng cho đúng một cá nhân hoặc một tập thể."))
    check_year(year)
    subject = Subject.INDIVIDUAL if member else Subject.COLLECTIVE
    scope_unit = member.unit if member else unit
    title = title_for(year=year, code=title_code, subject=subject, unit=scope_unit)
    if decided_on and decided_on.year < year:
        raise ValidationError(
            {"decided_on": _("Ngày quyết định không thể trước năm thành tích {year}.").format(year=year)}
        )
    duplicate = AwardRecord.objects.filter(year=year, title_code=title.code, **({"member": member} if member else
                                                                                 {"unit": unit}))  # fmt: skip
    if duplicate.exists():
        raise ValidationError({"title_code": _("Đã có «{title}» năm {year} trong lịch sử khen thưởng.").format(
            title=title.name, year=year)})  # fmt: skip
    return AwardRecord.objects.create(
        member=member, unit=unit, scope_unit=scope_unit, year=year, title_code=title.code, title_name=title.name,
        thematic=title.thematic, decision_number=decision_number.strip(), decided_on=decided_on,
        issuer_name=issuer_name.strip(), note=note.strip(), reward_amount=reward_amount, source=source)  # fmt: skip


@transaction.atomic
def record_update(*, record: AwardRecord, decision_number: str, decided_on: datetime.date | None, issuer_name: str,
                  note: str = "") -> AwardRecord:  # fmt: skip
    """Correct the decision details of a record (the subject, year and title stay: delete and add again)."""
    if decided_on and decided_on.year < record.year:
        raise ValidationError({"decided_on": _("Ngày quyết định không thể trước năm thành tích {year}.").format(
            year=record.year)})  # fmt: skip
    record.decision_number, record.decided_on = decision_number.strip(), decided_on
    record.issuer_name, record.note = issuer_name.strip(), note.strip()
    record.save()
    return record


@transaction.atomic
def record_delete(*, record: AwardRecord) -> None:
    if record.decision_id:
        raise ValidationError(
            _("Khen thưởng này do quyết định {number} trên hệ thống tạo ra; hãy sửa quyết định đó.").format(
                number=record.decision_number
            )
        )
    record.delete()


@transaction.atomic
def absence_create(*, member: Member, kind: str, starts_on: datetime.date, ends_on: datetime.date,
                   note: str = "") -> Absence:  # fmt: skip
    if kind not in AbsenceKind.values:
        raise ValidationError({"kind": _("Loại nghỉ không hợp lệ.")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    if Absence.objects.filter(member=member, starts_on__lte=ends_on, ends_on__gte=starts_on).exists():
        raise ValidationError({"starts_on": _("Trùng với một khoảng thời gian nghỉ đã ghi.")})
    return Absence.objects.create(member=member, kind=kind, starts_on=starts_on, ends_on=ends_on, note=note.strip())


@transaction.atomic
def absence_delete(*, absence: Absence) -> None:
    absence.delete()


# --- reads ------------------------------------------------------------------------------------------------------------


def member_history(member: Member) -> QuerySet:
    return AwardRecord.objects.filter(member=member).select_related("decision").order_by("-year", "title_name")


def unit_history(unit: Unit) -> QuerySet:
    return AwardRecord.objects.filter(unit=unit).select_related("decision").order_by("-year", "title_name")


def member_absences(member: Member) -> QuerySet:
    return Absence.objects.filter(member=member).order_by("-starts_on")


def subtree_history(unit: Unit, *, year: int | None = None) -> QuerySet:
    """Every record of the persons and collectives in ``unit``'s subtree (for the unit page's list of members)."""
    qs = AwardRecord.objects.filter(scope_unit__path__startswith=unit.path).select_related("member", "unit")
    return qs.filter(year=year) if year else qs
