"""One context builder per document kind: the figures a document prints, read from the other apps' models with
set-based queries (grouped counts, ``values`` lists), never a query per row.

The text produced here is the document's own wording, in Vietnamese whatever the interface language: the state format
(NĐ 30/2020/NĐ-CP) prescribes Vietnamese documents, so it is not passed through gettext.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone
from docxtpl import Listing

from thidua.awards.choices import Attendance, ProposalStatus, SeatRole, SessionStatus
from thidua.awards.models import (
    Awardee,
    AwardRecord,
    CouncilSeat,
    CouncilSession,
    Decision,
    Proposal,
    ProposalItem,
    SessionItem,
)
from thidua.core.numbers import money
from thidua.documents.choices import SERIES, DocumentKind
from thidua.documents.models import IssuedDocument, Letterhead
from thidua.evaluation.choices import LOCKED, Level
from thidua.evaluation.models import Submission, UnitResult
from thidua.evidence.choices import ActivityKind
from thidua.evidence.models import Activity
from thidua.initiatives.choices import RecognitionScope
from thidua.initiatives.models import Initiative
from thidua.members.models import Member
from thidua.movements.choices import ProgressStatus, ReviewKind, TargetKind
from thidua.movements.models import Movement, Phase, Registration, Target, TargetProgress, TargetSnapshot
from thidua.organizations.choices import UnitKind
from thidua.organizations.models import Unit
from thidua.organizations.numbering import format_number
from thidua.rules.models import RulePack
from thidua.rules.selectors import RuleMissing, pack_in_force

BLANK_NUMBER = "\u00a0" * 6  # the space left for a hand-written number on an unnumbered draft
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


# --- formatting -----------------------------------------------------------------------------------------------------


def date_in_words(day: datetime.date) -> str:
    """ "ngày 05 tháng 01 năm 2026": days below 10 and months 1 and 2 take a leading zero (NĐ 30/2020 Phụ lục I)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_date(place: str, day: datetime.date) -> str:
    return f"{place or '…………'}, {date_in_words(day)}"


def short_date(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def number(value) -> str:
    """1490000 → "1.490.000" (Vietnamese thousands separator)."""
    return money(value)


def decimal_text(value: float | Decimal | None, digits: int = 1) -> str:
    if value is None:
        return ""
    text = f"{float(value):,.{digits}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def percent(part: int, whole: int) -> str:
    return decimal_text(100 * part / whole, 2) + "%" if whole else "—"


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def signer_title(title: str, default: str = "Chủ tịch"):
    """ "CHỦ TỊCH"; a deputy signs for the chair: "KT. CHỦ TỊCH" over "PHÓ CHỦ TỊCH" (NĐ 30/2020 Điều 13)."""
    text = (title or default).upper()
    if text.startswith("PHÓ "):
        return Listing(f"KT. {text[4:]}\n{text}")
    return text


def ancestor_ids(unit: Unit) -> list[int]:
    return [int(part) for part in unit.path.strip("/").split("/") if part]


def header(unit: Unit, *, symbol: str, on: datetime.date, subject: str = "", recipients=(), signer: str = "",
           signer_role: str = "", authority: str = "TM. BAN CHẤP HÀNH") -> dict:  # fmt: skip
    """The letterhead, number, date line, subject and signature block shared by the administrative documents."""
    ids = ancestor_ids(unit)
    heads = {lh.unit_id: lh for lh in Letterhead.objects.filter(unit_id__in=ids)}
    own = heads.get(unit.pk)
    place = next((heads[i].place for i in reversed(ids) if i in heads and heads[i].place), "")
    parent = Unit.objects.filter(pk=unit.parent_id).values_list("name", flat=True).first() if unit.parent_id else ""
    issuer_name = own.issuer_name if own and own.issuer_name else unit.name
    parent_name = (own.parent_name if own and own.parent_name else parent) or ""
    short = unit.short_name or unit.name
    return {
        "parent_name": parent_name.upper(),
        "issuer_name": issuer_name.upper(),
        "issuer_short": short,
        "issuer_full": issuer_name,
        "symbol": symbol,
        "place_date": place_date(place, on),
        "subject": subject,
        "recipients": [*recipients, f"- Lưu: VT, {short}."],
        "signer_authority": authority,
        "signer_title": signer_title(signer_role),
        "signer_name": signer or "",
    }


# --- numbers --------------------------------------------------------------------------------------------------------


def document_key(obj) -> str:
    return f"{obj._meta.model_name}:{obj.pk}"


def issued(kind: str, obj) -> IssuedDocument | None:
    return IssuedDocument.objects.filter(kind=kind, key=document_key(obj)).first()


def draft_symbol(kind: str, unit: Unit) -> str:
    return f"{BLANK_NUMBER}/{SERIES[kind]}-{unit.short_name or unit.name}"


def _symbol(kind: str, obj, unit: Unit, own_symbol: str = "") -> tuple[str, datetime.date | None]:
    if own_symbol:
        return own_symbol, None
    record = issued(kind, obj)
    if record is not None:
        return record.symbol, record.issued_on
    return draft_symbol(kind, unit), None


def _today() -> datetime.date:
    return timezone.localdate()


# --- Kế hoạch -------------------------------------------------------------------------------------------------------


def _plan_subject(title: str) -> str:
    prefix = "phong trào thi đua"
    rest = title[len(prefix) :].strip() if title.lower().startswith(prefix) else title
    return f"Phát động phong trào thi đua {rest}".strip()


def plan_context(movement: Movement) -> dict:
    unit = movement.unit
    symbol, issued_on = _symbol(DocumentKind.PLAN, movement, unit, movement.plan_number)
    on = movement.issued_on or issued_on or _today()
    groups = []
    for g_index, group in enumerate(
        movement.content_groups.prefetch_related("items__standards").order_by("order", "pk"), 1
    ):
        items = [{"text": item.text, "standards": [s.text for s in item.standards.all()]}
                 for item in group.items.all()]  # fmt: skip
        groups.append({"number": g_index, "name": group.name, "entries": items})
    targets = [{"number": i, "name": t.name, "deadline": short_date(t.deadline)}
               for i, t in enumerate(movement.targets.order_by("order", "pk"), 1)]  # fmt: skip
    version = movement.criteria_versions.order_by("-number").first()
    criteria = []
    total = Decimal(0)
    if version is not None:
        for i, c in enumerate(version.criteria.order_by("order", "pk"), 1):
            criteria.append({"code": c.code or str(i), "name": c.name, "max_points": decimal_text(c.max_points, 2)})
            total += c.max_points
    phases = [{"name": p.name, "starts_on": short_date(p.starts_on), "ends_on": short_date(p.ends_on),
               "review": p.get_review_kind_display().lower(), "review_due": short_date(p.review_due)}
              for p in movement.phases.order_by("starts_on")]  # fmt: skip
    preamble = []
    if movement.parent_id:
        parent = movement.parent
        preamble.append(f"Thực hiện Kế hoạch số {parent.plan_number} ngày {short_date(parent.issued_on)} của "
                        f"{parent.unit.name} về {lower_first(parent.title)};")  # fmt: skip
    preamble.append(f"{unit.name} xây dựng Kế hoạch {lower_first(_plan_subject(movement.title))} như sau:")
    purpose = [line.strip() for line in (movement.purpose or "").splitlines() if line.strip()]
    if movement.theme:
        purpose.insert(0, f"Chủ đề: “{movement.theme.strip()}”.")
    if not purpose:
        purpose = ["Động viên đoàn viên, người lao động thi đua hoàn thành tốt nhiệm vụ được giao."]
    if movement.registration_closes_on:
        registration = (f"Các tập thể, cá nhân đăng ký thi đua trên hệ thống từ ngày "
                        f"{short_date(movement.registration_opens_on or movement.starts_on)} đến ngày "
                        f"{short_date(movement.registration_closes_on)}.")  # fmt: skip
    else:
        registration = "Các tập thể, cá nhân đăng ký thi đua ngay sau khi Kế hoạch được ban hành."
    organisation = [f"Ban Chấp hành {unit.name} chỉ đạo, theo dõi, đôn đốc việc thực hiện Kế hoạch; tổ chức "
                    "sơ kết, tổng kết và khen thưởng theo quy định."]  # fmt: skip
    if movement.adopter_kind:
        label = UnitKind(movement.adopter_kind).label.lower()
        organisation.append(f"Các {label} căn cứ Kế hoạch này xây dựng kế hoạch cụ thể hóa, phù hợp với tình hình "
                            "thực tế của đơn vị.")  # fmt: skip
    organisation.append("Trong quá trình thực hiện, nếu có vướng mắc, các đơn vị phản ánh về Ban Chấp hành để "
                        "được hướng dẫn.")  # fmt: skip
    next_section = 4 if criteria else 3
    ctx = header(unit, symbol=symbol, on=on, subject=_plan_subject(movement.title),
                 recipients=["- Cấp trên (để báo cáo);", "- Các đơn vị trực thuộc (để thực hiện);"],
                 signer=movement.signer, signer_role=movement.signer_title)  # fmt: skip
    ctx.update({
        "preamble": " ".join(preamble), "purpose": purpose, "content_groups": groups, "targets": targets,
        "criteria": criteria, "criteria_total": decimal_text(total, 2),
        "section_phases": ROMAN[next_section], "section_registration": ROMAN[next_section + 1],
        "section_organisation": ROMAN[next_section + 2],
        "starts_on": short_date(movement.starts_on), "ends_on": short_date(movement.ends_on), "phases": phases,
        "registration": registration, "organisation": organisation,
    })  # fmt: skip
    return ctx


# --- Báo cáo sơ kết / tổng kết ---------------------------------------------------------------------------------------


def _value_text(target_kind: str, value: float | None) -> str:
    if value is None:
        return "Chưa có số liệu"
    if target_kind == TargetKind.SHARE:
        return decimal_text(value, 1) + "%"
    if target_kind == TargetKind.REACH:
        return "Đạt" if value >= 1 else "Chưa đạt"
    return decimal_text(value, 1)


def report_period(phase: Phase) -> tuple[datetime.date, datetime.date]:
    """A sơ kết covers its phase; a tổng kết the whole movement up to the end of its phase."""
    if phase.review_kind == ReviewKind.FINAL:
        return phase.movement.starts_on, phase.ends_on
    return phase.starts_on, phase.ends_on


def _target_rows(phase: Phase, movement: Movement) -> tuple[list[dict], bool]:
    targets = list(Target.objects.filter(movement=movement).order_by("order", "pk").values("pk", "name", "kind"))
    rows = list(TargetSnapshot.objects.filter(phase=phase, unit_id=movement.unit_id)
                .values("target_id", "value", "status", "units_total", "units_achieved", "is_rollup"))  # fmt: skip
    frozen = bool(rows)
    if not frozen:  # not reviewed yet: the live progress, said so in the report
        rows = list(TargetProgress.objects.filter(target__movement=movement, unit_id=movement.unit_id)
                    .values("target_id", "value", "status", "units_total", "units_achieved", "is_rollup"))  # fmt: skip
    by_target = {r["target_id"]: r for r in rows}
    out = []
    for i, t in enumerate(targets, 1):
        r = by_target.get(t["pk"])
        status = r["status"] if r else ProgressStatus.NO_DATA
        out.append({
            "number": i, "name": t["name"], "value": _value_text(t["kind"], r["value"] if r else None),
            "units": f"{number(r['units_achieved'])}/{number(r['units_total'])}" if r and r["is_rollup"] else "—",
            "status": ProgressStatus(status).label, "code": status,
        })  # fmt: skip
    return out, frozen


def _chain_ids(movement: Movement) -> list[int]:
    return list(Movement.objects.filter(cascade_path__startswith=movement.cascade_path).values_list("pk", flat=True))


def _round_q(phase: Phase, prefix: str = "round__") -> Q:
    q = Q(**{f"{prefix}phase": phase})
    if phase.review_kind == ReviewKind.FINAL:
        years = range(phase.movement.starts_on.year, phase.ends_on.year + 1)
        q |= Q(**{f"{prefix}phase__isnull": True, f"{prefix}year__in": list(years)})
    return q & Q(**{f"{prefix}status__in": list(LOCKED)})


def report_context(phase: Phase) -> dict:
    movement = phase.movement
    unit = movement.unit
    path = unit.path
    start, end = report_period(phase)
    final = phase.review_kind == ReviewKind.FINAL
    label = "Tổng kết" if final else "Sơ kết"
    symbol, issued_on = _symbol(DocumentKind.REPORT, phase, unit)
    on = issued_on or (timezone.localdate(phase.reviewed_at) if phase.reviewed_at else _today())
    chain = _chain_ids(movement)

    targets, frozen = _target_rows(phase, movement)
    reached = [t for t in targets if t["code"] == ProgressStatus.ACHIEVED]
    missed = [t for t in targets if t["code"] in (ProgressStatus.MISSED, ProgressStatus.AT_RISK)]
    members = Member.objects.filter(unit__path__startswith=path, status="active").count()
    grassroots = Unit.objects.filter(path__startswith=path, kind=UnitKind.GRASSROOTS, closed_on__isnull=True).count()

    regs = dict(Registration.objects.filter(movement_id__in=chain, unit__path__startswith=path)
                .values_list("subject").annotate(n=Count("pk")).order_by())  # fmt: skip
    rounds = _round_q(phase)
    levels = dict(Submission.objects.filter(rounds, round__movement_id__in=chain, unit__path__startswith=path)
                  .values_list("level").annotate(n=Count("pk")).order_by())  # fmt: skip
    unit_levels = dict(UnitResult.objects.filter(rounds, round__movement_id__in=chain, unit__path__startswith=path)
                       .values_list("level").annotate(n=Count("pk")).order_by())  # fmt: skip
    rated = sum(levels.get(level, 0) for level in (Level.HTXS, Level.HTT, Level.HT, Level.KHT))
    classification = [{"label": level.label, "members": number(levels.get(level, 0)),
                       "share": percent(levels.get(level, 0), rated), "units": number(unit_levels.get(level, 0))}
                      for level in (Level.HTXS, Level.HTT, Level.HT, Level.KHT)]  # fmt: skip
    not_rated = levels.get(Level.NOT_RATED, 0)

    years = list(range(start.year, end.year + 1))
    awards = list(AwardRecord.objects.filter(scope_unit__path__startswith=path, year__in=years)
                  .values("title_name").annotate(individuals=Count("pk", filter=Q(member__isnull=False)),
                                                 collectives=Count("pk", filter=Q(unit__isnull=False)))
                  .order_by("-individuals", "title_name"))  # fmt: skip
    award_total = sum(a["individuals"] + a["collectives"] for a in awards)

    recognised = dict(Initiative.objects.filter(unit__path__startswith=path, recognised_on__range=(start, end))
                      .values_list("recognised_scope").annotate(n=Count("pk")).order_by())  # fmt: skip
    submitted = Initiative.objects.filter(unit__path__startswith=path, submitted_on__range=(start, end)).count()
    activities = list(Activity.objects.filter(unit__path__startswith=path, held_on__range=(start, end))
                      .values("kind").annotate(n=Count("pk", distinct=True),
                                               present=Count("attendances", filter=Q(attendances__present=True)))
                      .order_by("kind"))  # fmt: skip
    activity_total = sum(a["n"] for a in activities)

    period = f"từ ngày {short_date(start)} đến ngày {short_date(end)}"
    subject = f"{label} {lower_first(movement.title)}" + ("" if final else f" ({phase.name})")
    preamble = (f"Thực hiện Kế hoạch số {movement.plan_number or '…'} ngày {short_date(movement.issued_on)} của "
                f"{unit.name} về {lower_first(movement.title)}, {unit.name} báo cáo kết quả "
                f"{label.lower()} {period} như sau:")  # fmt: skip
    if not frozen:
        preamble += " (Số liệu chỉ tiêu tạm tính, chưa chốt sơ kết, tổng kết.)"
    rec_text = ", ".join(f"{RecognitionScope(k).label.lower()}: {number(v)}" for k, v in recognised.items() if k)
    assessment = [f"Phong trào được triển khai đến {number(grassroots)} công đoàn cơ sở với {number(members)} đoàn "
                  f"viên; {number(len(reached))}/{number(len(targets))} chỉ tiêu đạt kế hoạch."]  # fmt: skip
    if missed:
        names = "; ".join(t["name"] for t in missed)
        assessment.append(f"Hạn chế: {number(len(missed))} chỉ tiêu chưa đạt hoặc có nguy cơ không đạt ({names}).")
    if final:
        next_heading = "PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"
        next_steps = ["Tổ chức khen thưởng kịp thời các tập thể, cá nhân tiêu biểu; nhân rộng các điển hình tiên "
                      "tiến.", f"Xây dựng kế hoạch phát động phong trào thi đua năm {end.year + 1}."]  # fmt: skip
    else:
        next_heading = "NHIỆM VỤ TRỌNG TÂM ĐỢT TIẾP THEO"
        next_steps = ["Tiếp tục đẩy mạnh phong trào thi đua; tập trung chỉ đạo các chỉ tiêu chưa đạt."]
    ctx = header(unit, symbol=symbol, on=on, subject=subject, signer=movement.signer,
                 signer_role=movement.signer_title,
                 recipients=["- Cấp trên (để báo cáo);", "- Các đơn vị trực thuộc;"])  # fmt: skip
    ctx.update({
        "report_type": label.upper(), "preamble": preamble, "period": period, "member_count": number(members),
        "situation": f"{unit.name} có {number(grassroots)} công đoàn cơ sở với {number(members)} đoàn viên "
                     f"trong phạm vi phong trào.",
        "targets_summary": f"Có {number(len(reached))}/{number(len(targets))} chỉ tiêu đạt; "
                           f"{number(len(missed))} chỉ tiêu chưa đạt hoặc có nguy cơ không đạt.",
        "targets": targets, "targets_reached": reached, "targets_missed": missed,
        "registrations_summary": f"Có {number(regs.get('individual', 0))} cá nhân và "
                                 f"{number(regs.get('collective', 0))} tập thể đăng ký thi đua.",
        "classification_summary": f"Có {number(rated)} đoàn viên được đánh giá, xếp loại"
                                  + (f"; {number(not_rated)} đoàn viên không xếp loại." if not_rated else "."),
        "classification": classification,
        "awards_summary": (f"Có {number(award_total)} lượt cá nhân, tập thể được công nhận danh hiệu thi đua, "
                           f"khen thưởng năm {', '.join(map(str, years))}." if award_total
                           else "Chưa có kết quả khen thưởng trong kỳ."),
        "awards": [{"title": a["title_name"], "individuals": number(a["individuals"]),
                    "collectives": number(a["collectives"])} for a in awards],
        "initiatives_summary": f"Có {number(submitted)} sáng kiến được đăng ký; {number(sum(recognised.values()))} "
                               f"sáng kiến được công nhận" + (f" ({rec_text})." if rec_text else "."),
        "activities_summary": f"Các đơn vị tổ chức {number(activity_total)} hoạt động hưởng ứng phong trào.",
        "activities": [{"kind": ActivityKind(a["kind"]).label, "count": number(a["n"]),
                        "attendances": number(a["present"])} for a in activities],
        "assessment": assessment, "next_heading": next_heading, "next_steps": next_steps,
    })  # fmt: skip
    return ctx


# --- Tờ trình -------------------------------------------------------------------------------------------------------


def _subject_rows(queryset) -> list[dict]:
    return list(queryset.values("member__full_name", "member__unit__name", "unit__name", "unit__parent__name",
                                "title_name", "member_id"))  # fmt: skip


def memo_context(proposal: Proposal) -> dict:
    unit = proposal.proposing_unit
    symbol, issued_on = _symbol(DocumentKind.MEMO, proposal, unit, proposal.symbol)
    on = proposal.submitted_on or issued_on or _today()
    items = ProposalItem.objects.filter(proposal=proposal).exclude(
        status__in=[ProposalStatus.RETURNED, ProposalStatus.REJECTED]).order_by("pk")  # fmt: skip
    rows = list(items.values("member__full_name", "member__unit__name", "unit__name", "unit__parent__name",
                             "title_name", "member_id", "achievements"))  # fmt: skip
    listed, by_title = [], defaultdict(lambda: [0, 0])
    for i, r in enumerate(rows, 1):
        individual = r["member_id"] is not None
        by_title[r["title_name"]][0 if individual else 1] += 1
        listed.append({"number": i, "name": r["member__full_name"] if individual else r["unit__name"],
                       "unit": (r["member__unit__name"] if individual else r["unit__parent__name"]) or "",
                       "title": r["title_name"], "achievements": r["achievements"]})  # fmt: skip
    titles = [{"title": t, "count": _people(n_ind, n_col)} for t, (n_ind, n_col) in by_title.items()]
    to = proposal.to_unit
    ctx = header(unit, symbol=symbol, on=on, subject=proposal.subject_line or f"Đề nghị khen thưởng năm "
                 f"{proposal.year}", signer=proposal.signer_name, signer_role=proposal.signer_title,
                 recipients=["- Như trên;"])  # fmt: skip
    ctx.update({
        "recipient": f"Hội đồng Thi đua - Khen thưởng {to.name}",
        "preamble": "Căn cứ Luật Thi đua, Khen thưởng và các văn bản hướng dẫn thi hành; căn cứ kết quả thực hiện "
                    f"nhiệm vụ và phong trào thi đua năm {proposal.year},",
        "summary": f"{unit.name} kính đề nghị {to.name} xem xét, khen thưởng cho "
                   f"{_people(sum(v[0] for v in by_title.values()), sum(v[1] for v in by_title.values()))} "
                   "đã có thành tích, cụ thể:",
        "by_title": titles, "items": listed, "item_count": number(len(listed)),
        "closing": f"Kính đề nghị {to.name} xem xét, quyết định./.",
    })  # fmt: skip
    return ctx


def _people(individuals: int, collectives: int) -> str:
    parts = []
    if individuals:
        parts.append(f"{format_number(individuals)} cá nhân")
    if collectives:
        parts.append(f"{format_number(collectives)} tập thể")
    return " và ".join(parts) or "0 cá nhân"


# --- Quyết định -------------------------------------------------------------------------------------------------------


def decision_rows(decision: Decision) -> list[tuple]:
    return list(Awardee.objects.filter(decision=decision).order_by("position", "pk")
                .values_list("display_name", "unit_name", "title_name", "amount", "member_id", "member__gender",
                             "position"))  # fmt: skip


def decision_context(decision: Decision, rows: list[tuple] | None = None) -> dict:
    unit = decision.issuer
    rows = decision_rows(decision) if rows is None else rows
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    awardees, total = [], 0
    for i, (name, unit_name, title, amount, member_id, _gender, _pos) in enumerate(rows, 1):
        counts[title][0 if member_id else 1] += 1
        total += int(amount or 0)
        awardees.append({"n": i, "name": name, "unit": unit_name, "title": title, "amount": number(amount)})
    grounds = ["Căn cứ Luật Thi đua, Khen thưởng và các văn bản hướng dẫn thi hành;"]
    for line in _pack_citations(decision.decided_on, unit):
        grounds.append(f"Căn cứ {line.strip().rstrip('.;')};")
    if decision.session_id:
        s = decision.session
        grounds.append(f"Căn cứ kết quả biểu quyết của Hội đồng Thi đua - Khen thưởng tại phiên họp ngày "
                       f"{short_date(s.held_on)};")  # fmt: skip
    if decision.proposal_id:
        p = decision.proposal
        memo = f" tại Tờ trình số {p.symbol}" if p.symbol else ""
        grounds.append(f"Xét đề nghị của {p.proposing_unit.name}{memo}.")
    breakdown = "; ".join(f"{t}: {_people(a, b)}" for t, (a, b) in counts.items())
    article2 = (f"Kèm theo mỗi danh hiệu, hình thức khen thưởng là tiền thưởng theo quy định, tính trên mức lương cơ "
                f"sở {number(decision.base_salary)} đồng ({decision.base_salary_citation}); tổng số tiền thưởng là "
                f"{number(total)} đồng, chi từ quỹ thi đua, khen thưởng của {unit.name}." if total else
                "Khen thưởng không kèm tiền thưởng.")  # fmt: skip
    ctx = header(unit, symbol=decision.symbol, on=decision.decided_on, subject=decision.subject_line,
                 signer=decision.signer_name, signer_role=decision.signer_title,
                 recipients=["- Như Điều 3;", "- Hội đồng Thi đua - Khen thưởng;"])  # fmt: skip
    ctx.update({
        "authority": f"BAN CHẤP HÀNH {unit.name.upper()}",
        "grounds": grounds,
        "article1": f"Khen thưởng {_people(sum(v[0] for v in counts.values()), sum(v[1] for v in counts.values()))} "
                    f"đã có thành tích trong năm {decision.achievement_year} ({breakdown}) "
                    "(có danh sách kèm theo).",
        "article2": article2,
        "article3": f"Văn phòng {unit.name}, các đơn vị có liên quan và các cá nhân, tập thể có tên tại Điều 1 "
                    "chịu trách nhiệm thi hành Quyết định này./.",
        "annex_title": f"CÁ NHÂN, TẬP THỂ ĐƯỢC KHEN THƯỞNG NĂM {decision.achievement_year}",
        "decided_on": short_date(decision.decided_on), "awardees": awardees,
        "awardee_count": number(len(awardees)), "total_amount": number(total),
    })  # fmt: skip
    return ctx


def _pack_citations(on: datetime.date, unit: Unit) -> list[str]:
    """The legal texts the rule pack in force cites (one per line), as the decision's grounds."""
    try:
        pack = pack_in_force(on=on, unit=unit)
    except (RulePack.DoesNotExist, RuleMissing):
        return []
    return [line for line in (pack.citation or "").replace(";", "\n").splitlines() if line.strip()][:4]


# --- Giấy khen --------------------------------------------------------------------------------------------------------


def certificate_contexts(decision: Decision, rows: list[tuple] | None = None) -> list[dict]:
    """One context per awardee, in the decision's order."""
    unit = decision.issuer
    rows = decision_rows(decision) if rows is None else rows
    base = header(unit, symbol="", on=decision.decided_on, signer=decision.signer_name,
                  signer_role=decision.signer_title)  # fmt: skip
    out = []
    for i, (name, unit_name, title, _amount, member_id, gender, _pos) in enumerate(rows, 1):
        is_merit = "giấy khen" in title.lower()
        honorific = {"male": "Ông ", "female": "Bà "}.get(gender or "", "") if member_id else ""
        ctx = dict(base)
        ctx.update({
            "authority": f"BAN CHẤP HÀNH {unit.name.upper()}",
            "heading": "GIẤY KHEN" if is_merit else "GIẤY CHỨNG NHẬN",
            "title_line": "" if is_merit else f"Danh hiệu “{title}”",
            "awardee_name": f"{honorific}{name}", "awardee_unit": unit_name,
            "achievement": f"Đã có thành tích trong phong trào thi đua năm {decision.achievement_year}",
            "decision_symbol": decision.symbol, "decided_on": short_date(decision.decided_on),
            "register_number": f"{format_number(decision.number)}/{i:04d}",
        })  # fmt: skip
        out.append(ctx)
    return out


# --- Biên bản --------------------------------------------------------------------------------------------------------


def minutes_context(session: CouncilSession) -> dict:
    unit = session.unit
    symbol, _issued_on = _symbol(DocumentKind.MINUTES, session, unit)
    seats = list(CouncilSeat.objects.filter(session=session).order_by("pk")
                 .values("full_name", "position", "role", "attendance"))  # fmt: skip
    present = sum(1 for s in seats if s["attendance"] == Attendance.PRESENT)
    items = list(SessionItem.objects.filter(session=session).order_by("pk").values(
        "item__member__full_name", "item__unit__name", "item__member_id", "item__title_name", "yes", "no", "blank",
        "members_total", "threshold", "threshold_citation", "passed"))  # fmt: skip
    closed = session.status == SessionStatus.CLOSED
    rows, passed, thresholds = [], [], {}
    for i, it in enumerate(items, 1):
        name = it["item__member__full_name"] if it["item__member_id"] else it["item__unit__name"]
        total = it["members_total"] or len(seats)
        result = ("Đạt" if it["passed"] else "Không đạt") if closed and it["passed"] is not None else "Chưa kiểm phiếu"
        rows.append({"number": i, "name": name, "title": it["item__title_name"], "yes": number(it["yes"]),
                     "no": number(it["no"]), "blank": number(it["blank"]),
                     "share": percent(it["yes"] or 0, total) if it["yes"] is not None else "",
                     "result": result})  # fmt: skip
        if closed and it["passed"]:
            passed.append(f"{name} – {it['item__title_name']}")
        if it["threshold"] is not None:
            thresholds[it["item__title_name"]] = (f"{it['item__title_name']}: cần từ "
                                                  f"{decimal_text(it['threshold'] * 100, 2)}% tổng số thành viên "
                                                  f"Hội đồng đồng ý ({it['threshold_citation']}).")  # fmt: skip
    chair = next((s["full_name"] for s in seats if s["role"] == SeatRole.CHAIR), "")
    secretary = next((s["full_name"] for s in seats if s["role"] == SeatRole.SECRETARY), "")
    role_labels, att_labels = dict(SeatRole.choices), dict(Attendance.choices)
    ctx = header(unit, symbol=symbol, on=session.held_on,
                 subject="Họp Hội đồng Thi đua - Khen thưởng và kiểm phiếu biểu quyết")  # fmt: skip
    place = f", tại {session.place}" if session.place else ""
    ctx.update({
        "opening": f"Hôm nay, {date_in_words(session.held_on)}{place}, Hội đồng Thi đua - Khen thưởng {unit.name} "
                   f"họp ({session.name}) để xét và biểu quyết đề nghị khen thưởng.",
        "attendance_summary": f"Hội đồng có {number(len(seats))} thành viên; có mặt {number(present)}, vắng mặt "
                              f"{number(len(seats) - present)} (thành viên vắng mặt gửi phiếu bằng văn bản).",
        "seats": [{"number": i, "name": s["full_name"], "position": f", {s['position']}" if s["position"] else "",
                   "role": str(role_labels.get(s["role"], s["role"])),
                   "attendance": str(att_labels.get(s["attendance"], s["attendance"])).lower()}
                  for i, s in enumerate(seats, 1)],
        "method": "Hội đồng biểu quyết bằng phiếu kín; tỷ lệ đồng ý tính trên tổng số thành viên Hội đồng. "
                  "Kết quả kiểm phiếu như sau:",
        "items": rows, "thresholds": list(thresholds.values()),
        "conclusion": (f"Hội đồng thống nhất đề nghị khen thưởng {number(len(passed))}/{number(len(rows))} trường "
                       "hợp đạt tỷ lệ phiếu theo quy định:" if closed else
                       "Phiên họp chưa kết thúc; kết quả kiểm phiếu chưa được chốt."),
        "passed": passed,
        "closing": "Biên bản được lập xong cùng ngày, đã thông qua trước Hội đồng và được các thành viên dự họp "
                   "nhất trí./.",
        "secretary_name": secretary, "chair_name": chair,
    })  # fmt: skip
    return ctx
