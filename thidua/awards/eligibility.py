"""Eligibility of people and collectives for the titles and award forms of the rule pack, with explanations.

For a subject (a ``Member`` or a ``Unit``) and a year, every title of the pack in force on 31/12 of that year (for the
subject's unit) is judged against its conditions (the condition language of ``docs/rules.md``); each condition says
whether it is met (``True``), failed (``False``) or needs an officer's confirmation (``None``), and names the records
it read: classifications, award history (``AwardRecord``), recognised initiatives, disciplines, absences,
registrations in the year's movements, cluster leadership. See ``docs/eligibility.md`` for the exact semantics
(which years "3 consecutive years" covers, how a discipline and maternity leave count).

The work is set-based: the history of many subjects is loaded with a handful of grouped queries per chunk of
members (classifications, award records, recognitions, disciplines, absences, registrations), then the conditions are
evaluated in Python per subject. No query is made per member.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from thidua.awards.choices import AbsenceKind
from thidua.awards.models import Absence, AwardRecord
from thidua.evaluation.selectors import member_classifications, unit_classifications
from thidua.evidence.choices import DisciplineLevel, discipline_levels_from
from thidua.evidence.models import Discipline
from thidua.initiatives.choices import RecognitionScope
from thidua.initiatives.models import InitiativeAuthor
from thidua.initiatives.selectors import recognised_initiatives
from thidua.members.choices import Gender, MemberStatus
from thidua.members.models import Member
from thidua.movements.models import Registration
from thidua.organizations.models import Cluster, Unit
from thidua.rules.choices import CLASSIFICATION_ORDER, Classification, Subject
from thidua.rules.models import RulePack
from thidua.rules.selectors import RuleMissing, TitleDef, param, titles

CHUNK = 50000  # members loaded per batch of grouped queries (a few seconds of queries per batch at most)
SCOPE_ORDER = [RecognitionScope.GRASSROOTS, RecognitionScope.PROVINCE_SECTOR, RecognitionScope.NATIONAL]
_RANK = {level.value: i for i, level in enumerate(CLASSIFICATION_ORDER)}
_SCOPE_RANK = {scope.value: i for i, scope in enumerate(SCOPE_ORDER)}
_MEMBER_ONLY = {"rated_at_least", "consecutive_years_rated", "participated_in_emulation", "holds_title",
                "consecutive_years", "initiative_recognised", "research_accepted"}  # fmt: skip
_UNIT_ONLY = {"no_member_disciplined", "unit_rated_at_least", "members_share_with_title", "members_all_rated_at_least",
              "members_count_with_title", "cluster_leader"}  # fmt: skip


# --- results ----------------------------------------------------------------------------------------------------------


@dataclass
class ConditionResult:
    """One condition of a title, judged: ``met`` True / False / None (needs an officer's confirmation)."""

    label: str
    met: bool | None
    evidence: list[str] = field(default_factory=list)
    citation: str = ""
    children: list[ConditionResult] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "label": self.label,
            "met": self.met,
            "evidence": list(self.evidence),
            "citation": self.citation,
            "children": [child.to_json() for child in self.children],
        }


@dataclass
class Verdict:
    """A subject judged for one title in one year. ``eligible`` None: every condition that could be checked is met,
    but at least one needs an officer's or the council's confirmation."""

    title: TitleDef
    year: int
    eligible: bool | None
    conditions: list[ConditionResult] = field(default_factory=list)
    blocked_by: list[str] = field(default_factory=list)
    subject_kind: str = Subject.INDIVIDUAL
    subject_id: int = 0
    pack_code: str = ""
    pack_name: str = ""

    def to_json(self) -> list[dict]:
        """The explanation stored on ``ProposalItem.eligibility``: what blocks the award first, then the conditions."""
        blocked = [{"label": reason, "met": False, "evidence": [], "citation": "", "children": [], "blocks": True}
                   for reason in self.blocked_by]  # fmt: skip
        return blocked + [condition.to_json() for condition in self.conditions]

    @property
    def status(self) -> str:
        return {True: "eligible", False: "not_eligible", None: "needs_confirmation"}[self.eligible]


def combine(values: Iterable[bool | None], *, any_: bool = False) -> bool | None:
    """Three-valued AND (or OR with ``any_``): False beats None beats True for AND; True beats None for OR."""
    values = list(values)
    if any_:
        if any(v is True for v in values):
            return True
        return None if any(v is None for v in values) else False
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


# --- the rules of a pack ----------------------------------------------------------------------------------------------


def _judgment_date(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def _optional(pack: RulePack, key: str, on: datetime.date):
    try:
        return param(pack, key, on=on)
    except RuleMissing:
        return None


class PackRules:
    """What eligibility needs from one pack on one date, read once."""

    def __init__(self, pack: RulePack, on: datetime.date):
        self.pack = pack
        self.on = on
        self.titles = titles(pack, on=on)
        self.by_code = {t.code: t for t in self.titles}
        general = _optional(pack, "awards.general_rules", on)
        self.general = dict(general.value) if general else {}
        self.general_citation = general.citation if general else ""
        absence = _optional(pack, "awards.absence", on)
        self.absence = dict(absence.value) if absence else None
        self.absence_citation = absence.citation if absence else ""
        self.absence_unverified = bool(absence and absence.unverified)
        duration = _optional(pack, "awards.discipline_duration_months", on)
        self.discipline_months = dict(duration.value) if duration else {}
        self.discipline_citation = duration.citation if duration else ""
        self.spans = {t.code: _span(t.conditions) for t in self.titles}

    def name_of(self, code: str) -> str:
        found = self.by_code.get(code)
        return found.name if found else code

    @property
    def blocked_while_disciplined(self) -> bool:
        return bool(self.general.get("blocked_while_disciplined", True))

    @property
    def count_from_discipline_end(self) -> bool:
        return bool(self.general.get("achievements_count_from_discipline_end", True))

    @property
    def thematic_counts(self) -> bool:
        return bool(self.general.get("thematic_counts_toward_merit", False))

    def worked_kinds(self) -> set[str]:
        kinds = set((self.absence or {}).get("counts_as_worked", []))
        if self.general.get("maternity_leave_counts"):
            kinds.add(AbsenceKind.MATERNITY.value)
        return kinds


def _span(conditions: list[dict]) -> int:
    """How many years back a title's conditions look (3 for "3 consecutive years", 6 for "2 consecutive 3-year
    awards"); 1 when they only look at the judged year. The initiative window defaults to it."""
    span = 1
    for condition in conditions:
        kind = condition.get("type")
        if kind in {"consecutive_years", "consecutive_years_rated"}:
            span = max(span, int(condition["years"]) * int(condition.get("every", 1)))
        elif kind in {"any_of", "all_of"}:
            span = max(span, _span(condition["conditions"]))
    return span


class PackResolver:
    """The pack in force on a date for a unit path, like ``rules.selectors.pack_in_force`` but one query for all units:
    the pack owned by the nearest unit up the tree, else the national pack that took effect last."""

    def __init__(self, on: datetime.date):
        self.on = on
        packs = list(RulePack.objects.in_force(on).order_by("effective_from", "pk"))
        self.owned = {p.owner_id: p for p in packs if p.owner_id is not None}
        national = [p for p in packs if p.owner_id is None]
        self.national = national[-1] if national else None
        self._rules: dict[int, PackRules] = {}
        self._by_path: dict[str, PackRules] = {}

    def for_path(self, path: str) -> PackRules:
        found = self._by_path.get(path)
        if found is not None:
            return found
        pack = None
        for unit_id in reversed([int(i) for i in path.strip("/").split("/") if i]):
            if unit_id in self.owned:
                pack = self.owned[unit_id]
                break
        pack = pack or self.national
        if pack is None:
            raise RuleMissing(
                _("Không có bộ quy tắc nào có hiệu lực vào ngày {date}.").format(date=self.on.strftime("%d/%m/%Y"))
            )
        rules = self._rules.get(pack.pk)
        if rules is None:
            rules = self._rules[pack.pk] = PackRules(pack, self.on)
        self._by_path[path] = rules
        return rules

    def all_rules(self) -> list[PackRules]:
        return list(self._rules.values())


# --- member history ---------------------------------------------------------------------------------------------------


@dataclass
class MemberInfo:
    id: int
    code: str
    full_name: str
    gender: str
    unit_id: int
    path: str


@dataclass
class Record:
    year: int
    code: str
    name: str
    thematic: bool
    number: str
    decided_on: datetime.date | None
    issuer: str

    def describe(self) -> str:
        parts = [self.number and _("QĐ {number}").format(number=self.number)]
        if self.decided_on:
            parts.append(_("ngày {date}").format(date=self.decided_on.strftime("%d/%m/%Y")))
        if self.issuer:
            parts.append(self.issuer)
        text = " ".join(p for p in parts if p)
        return text or _("đã ghi nhận trong lịch sử khen thưởng")


@dataclass
class History:
    """Everything eligibility reads about a set of members, loaded with one query per kind."""

    year: int
    years: list[int]
    info: dict[int, MemberInfo]
    classifications: dict[tuple[int, int], Classification]
    records: dict[int, dict[tuple[int, str], Record]]
    initiatives: dict[int, list]
    disciplines: dict[int, list[tuple[str, datetime.date, datetime.date | None, str]]]
    absences: dict[int, list[tuple[str, datetime.date, datetime.date]]]
    registrations: dict[int, list[tuple[str, str, datetime.date]]]


def _id_filter(ids: list[int], field: str = "member_id") -> tuple[dict, set[int] | None]:
    """A filter for rows of the members ``ids`` (sorted): a range when they are dense (the members of a subtree mostly
    are), which PostgreSQL answers from the index without a list of thousands of parameters; the rows of members in
    the range but not in ``ids`` are dropped in Python (the returned set). Otherwise an IN list."""
    if ids and ids[-1] - ids[0] < 2 * len(ids):
        return {f"{field}__gte": ids[0], f"{field}__lte": ids[-1]}, set(ids)
    return {f"{field}__in": ids}, None


def _authors(member_ids: list[int], keep: set[int] | None) -> list[int]:
    """The members among ``member_ids`` who co-authored an initiative (few of them): the recognitions are then read
    for those only, through ``initiatives.selectors.recognised_initiatives``."""
    by_member, _keep = _id_filter(member_ids)
    found = InitiativeAuthor.objects.filter(**by_member).values_list("member_id", flat=True).distinct()
    return [pk for pk in found if keep is None or pk in keep]


def load_history(member_ids: list[int], *, year: int, span: int, info: dict[int, MemberInfo] | None = None) -> History:
    """The history of ``member_ids`` for judging ``year``: ``span`` years of classifications and awards back from it."""
    years = list(range(year - span + 1, year + 1))
    start, end = datetime.date(year, 1, 1), _judgment_date(year)
    member_ids = sorted(member_ids)
    by_member, keep = _id_filter(member_ids)
    if info is None:
        by_pk, _keep = _id_filter(member_ids, "pk")
        info = {
            pk: MemberInfo(pk, code, name, gender, unit_id, path)
            for pk, code, name, gender, unit_id, path in Member.objects.filter(**by_pk).values_list(
                "pk", "code", "full_name", "gender", "unit_id", "unit__path"
            )
            if _keep is None or pk in _keep
        }
    records: dict[int, dict[tuple[int, str], Record]] = defaultdict(dict)
    rows = AwardRecord.objects.filter(**by_member, year__in=years).values_list(
        "member_id", "year", "title_code", "title_name", "thematic", "decision_number", "decided_on", "issuer_name"
    )
    for member_id, y, code, name, thematic, number, decided_on, issuer in rows:
        if keep is None or member_id in keep:
            records[member_id][(y, code)] = Record(y, code, name, thematic, number, decided_on, issuer)
    disciplines: dict[int, list] = defaultdict(list)
    for row in Discipline.objects.filter(**by_member, starts_on__lte=end).values_list(
        "member_id", "level", "starts_on", "ends_on", "decision_number"
    ):
        if keep is None or row[0] in keep:
            disciplines[row[0]].append(row[1:])
    absences: dict[int, list] = defaultdict(list)
    for row in Absence.objects.filter(**by_member, starts_on__lte=end, ends_on__gte=start).values_list(
        "member_id", "kind", "starts_on", "ends_on"
    ):
        if keep is None or row[0] in keep:
            absences[row[0]].append(row[1:])
    registrations: dict[int, list] = defaultdict(list)
    for row in (
        Registration.objects.filter(**by_member, movement__starts_on__lte=end, movement__ends_on__gte=start)
        .order_by("registered_on", "pk")
        .values_list("member_id", "title_name", "movement__title", "registered_on")
    ):
        if keep is None or row[0] in keep:
            registrations[row[0]].append(row[1:])
    return History(
        year=year,
        years=years,
        info=info,
        classifications=member_classifications(member_ids, years),
        records=dict(records),
        initiatives=recognised_initiatives(_authors(member_ids, keep), until=end),
        disciplines=dict(disciplines),
        absences=dict(absences),
        registrations=dict(registrations),
    )


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, d))
        except ValueError:
            continue
    raise ValueError(day)


def _working_days(start: datetime.date, end: datetime.date) -> int:
    if end < start:
        return 0
    days = (end - start).days + 1
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    weekday = start.weekday()
    for i in range(rest):
        if (weekday + i) % 7 < 5:
            count += 1
    return count


def _fmt(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


def _level_name(level: str) -> str:
    try:
        return f"{Classification(level).label} ({level})"
    except ValueError:
        return level


def _scope_name(scope: str) -> str:
    try:
        return str(RecognitionScope(scope).label)
    except ValueError:
        return scope


def _discipline_name(level: str) -> str:
    try:
        return str(DisciplineLevel(level).label)
    except ValueError:
        return level


def _mark(met: bool | None) -> str:
    return {True: "✓", False: "✗", None: "?"}[met]


# --- judging one member -----------------------------------------------------------------------------------------------


class MemberJudge:
    """Judges one member for the titles of one pack in one year, memoising titles that other titles depend on
    ("holds LĐTT this year" for CSTĐCS)."""

    def __init__(self, info: MemberInfo, history: History, rules: PackRules, explain: bool):
        self.info = info
        self.h = history
        self.rules = rules
        self.explain = explain
        self.year = history.year
        self.memo: dict[str, Verdict] = {}
        self._in_progress: set[str] = set()
        self.records = history.records.get(info.id, {})
        self._discipline()
        self._absence()

    # -- general rules, computed once per member

    def _discipline(self) -> None:
        """``blocked``: the reasons no award can be made (a discipline in force on 31/12 of the year); ``cutoff``: the
        last day of the latest discipline ended by then — achievements up to that day do not count."""
        judged = _judgment_date(self.year)
        self.blocked: list[str] = []
        self.cutoff: datetime.date | None = None
        self.cutoff_text = ""
        for level, starts_on, ends_on, number in self.h.disciplines.get(self.info.id, ()):
            end = ends_on
            if end is None and level in self.rules.discipline_months:
                end = _add_months(starts_on, int(self.rules.discipline_months[level])) - datetime.timedelta(days=1)
            what = _("Kỷ luật {level}{number} từ {start}").format(
                level=_discipline_name(level).lower(),
                number=(" " + _("(QĐ {number})").format(number=number)) if number else "",
                start=_fmt(starts_on),
            )
            if end is None or end >= judged:
                if self.rules.blocked_while_disciplined:
                    until = _("chưa hết thời hạn") if end is None else _("đến {date}").format(date=_fmt(end))
                    self.blocked.append(
                        _(
                            "{what} {until}: đang trong thời gian bị kỷ luật, không xét khen thưởng ({citation})."
                        ).format(what=what, until=until, citation=self.rules.general_citation)
                    )
                end = judged
            if self.rules.count_from_discipline_end and (self.cutoff is None or end > self.cutoff):
                self.cutoff = end
                self.cutoff_text = _("{what} đến {end}").format(what=what, end=_fmt(end))

    def counts(self, year: int) -> bool:
        """Whether the achievements of ``year`` count: the whole year lies after the end of every discipline."""
        return self.cutoff is None or datetime.date(year, 1, 1) > self.cutoff

    def _not_counted(self, year: int) -> str:
        return _("{year}: không tính (thành tích trước khi hết thời hạn kỷ luật: {what})").format(
            year=year, what=self.cutoff_text
        )

    def _absence(self) -> None:
        """The absence condition of the year, when the member was away: over the pack's limit → ineligible; the kinds
        the pack counts as worked (maternity leave) are shown but not counted."""
        self.absence_result: ConditionResult | None = None
        self.absence_met: bool | None = True
        rows = self.h.absences.get(self.info.id)
        rule = self.rules.absence
        if not rows or not rule:
            return
        start, end = datetime.date(self.year, 1, 1), _judgment_date(self.year)
        worked = self.rules.worked_kinds()
        working = rule.get("day_kind", "working") == "working"
        away, counted_worked, evidence = 0, 0, []
        for kind, starts_on, ends_on in rows:
            a, b = max(starts_on, start), min(ends_on, end)
            days = _working_days(a, b) if working else (b - a).days + 1
            label = AbsenceKind(kind).label if kind in AbsenceKind.values else kind
            if kind in worked:
                counted_worked += days
                if self.explain:
                    evidence.append(_("{kind} {start}–{end}: {days} ngày, được tính là thời gian công tác").format(
                        kind=label, start=_fmt(starts_on), end=_fmt(ends_on), days=days))  # fmt: skip
            else:
                away += days
                if self.explain:
                    evidence.append(_("{kind} {start}–{end}: {days} ngày nghỉ").format(
                        kind=label, start=_fmt(starts_on), end=_fmt(ends_on), days=days))  # fmt: skip
        limit = int(rule.get("disqualifying_days", 40))
        self.absence_met = away < limit
        if self.explain:
            unit = _("ngày làm việc") if working else _("ngày")
            label = _("Thời gian nghỉ trong năm {year}: {away} {unit} (không xét nếu nghỉ từ {limit} {unit} trở lên)")
            self.absence_result = ConditionResult(
                label.format(year=self.year, away=away, unit=unit, limit=limit),
                self.absence_met,
                evidence,
                self.rules.absence_citation,
            )
        else:
            self.absence_result = ConditionResult("", self.absence_met)

    # -- titles

    def verdict(self, code: str) -> Verdict:
        found = self.memo.get(code)
        if found is not None:
            return found
        title = self.rules.by_code[code]
        self._in_progress.add(code)
        results: list[ConditionResult] = []
        mets: list[bool | None] = []
        if title.only_gender and self.info.gender != title.only_gender:
            mets.append(False)
            if self.explain:
                results.append(ConditionResult(
                    _("Chỉ xét cho {gender}").format(gender=str(Gender(title.only_gender).label).lower()), False,
                    [_("Giới tính: {gender}").format(gender=Gender(self.info.gender).label
                                                      if self.info.gender in Gender.values else "—")],
                    title.citation))  # fmt: skip
        span = self.rules.spans.get(code, 1)
        for condition in title.conditions:
            met, result = self.condition(condition, span)
            mets.append(met)
            if result is not None:
                results.append(result)
        if self.absence_result is not None:
            mets.append(self.absence_met)
            if self.explain:
                results.append(self.absence_result)
        eligible = False if self.blocked else combine(mets)
        verdict = Verdict(
            title=title,
            year=self.year,
            eligible=eligible,
            conditions=results,
            blocked_by=list(self.blocked),
            subject_kind=Subject.INDIVIDUAL,
            subject_id=self.info.id,
            pack_code=self.rules.pack.code,
            pack_name=self.rules.pack.name,
        )
        self._in_progress.discard(code)
        self.memo[code] = verdict
        return verdict

    def condition(self, condition: dict, span: int) -> tuple[bool | None, ConditionResult | None]:
        kind = condition["type"]
        handler = getattr(self, "c_" + kind, None)
        if handler is None:
            return False, self._result(_("Điều kiện «{kind}» không áp dụng cho cá nhân").format(kind=kind), False)
        return handler(condition, span)

    def _result(self, label: str, met: bool | None, evidence: list[str] | None = None) -> ConditionResult | None:
        if not self.explain:
            return None
        return ConditionResult(label, met, evidence or [])

    def c_any_of(self, condition: dict, span: int):
        pairs = [self.condition(c, span) for c in condition["conditions"]]
        met = combine((m for m, _r in pairs), any_=True)
        if not self.explain:
            return met, None
        return met, ConditionResult(_("Một trong các điều kiện sau"), met, [], "", [r for _m, r in pairs if r])

    def c_all_of(self, condition: dict, span: int):
        pairs = [self.condition(c, span) for c in condition["conditions"]]
        met = combine(m for m, _r in pairs)
        if not self.explain:
            return met, None
        return met, ConditionResult(_("Đồng thời các điều kiện sau"), met, [], "", [r for _m, r in pairs if r])

    def _rated(self, year: int, level: str) -> tuple[bool, str]:
        found = self.h.classifications.get((self.info.id, year))
        ok = found is not None and _RANK[found] <= _RANK[level] and self.counts(year)
        if not self.explain:
            return ok, ""
        if found is None:
            return False, _("{year}: chưa có kết quả xếp loại đã chốt").format(year=year)
        if not self.counts(year):
            return False, self._not_counted(year)
        return ok, f"{year}: {_level_name(found)}"

    def c_rated_at_least(self, condition: dict, span: int):
        ok, text = self._rated(self.year, condition["level"])
        if not self.explain:
            return ok, None
        label = _("Xếp loại năm {year} từ {level} trở lên").format(
            year=self.year, level=_level_name(condition["level"])
        )
        return ok, ConditionResult(label, ok, [text])

    def c_consecutive_years_rated(self, condition: dict, span: int):
        n, level = int(condition["years"]), condition["level"]
        years = list(range(self.year - n + 1, self.year + 1))
        checks = [self._rated(y, level) for y in years]
        ok = all(c for c, _t in checks)
        if not self.explain:
            return ok, None
        summary = " ".join(f"{y} {_mark(c)}" for y, (c, _t) in zip(years, checks, strict=True))
        label = _("Xếp loại từ {level} {n} năm liên tục: {summary}").format(level=condition["level"], n=n,
                                                                            summary=summary)  # fmt: skip
        return ok, ConditionResult(label, ok, [t for _c, t in checks])

    def c_participated_in_emulation(self, condition: dict, span: int):
        rows = self.h.registrations.get(self.info.id, ())
        ok = bool(rows)
        if not self.explain:
            return ok, None
        evidence = [_("Đăng ký «{title}» trong phong trào «{movement}» ngày {date}").format(
            title=t, movement=m, date=_fmt(d)) for t, m, d in rows]  # fmt: skip
        if not rows:
            evidence = [_("Chưa đăng ký thi đua trong phong trào nào của năm {year}").format(year=self.year)]
        return ok, ConditionResult(_("Tham gia phong trào thi đua năm {year}").format(year=self.year), ok, evidence)

    def _record(self, year: int, code: str) -> Record | None:
        record = self.records.get((year, code))
        if record is not None and record.thematic and not self.rules.thematic_counts:
            return None
        return record

    def _holds(self, year: int, code: str) -> tuple[bool | None, str]:
        """Whether the member holds ``code`` in ``year``: an award record; for the judged year, failing a record, being
        eligible for it that year."""
        name = self.rules.name_of(code)
        if not self.counts(year):
            return False, self._not_counted(year) if self.explain else ""
        record = self._record(year, code)
        if record is not None:
            if not self.explain:
                return True, ""
            return True, _("{year}: {title} ({record})").format(year=year, title=record.name, record=record.describe())
        thematic = self.records.get((year, code))
        if year == self.year and code in self.rules.by_code and code not in self._in_progress:
            met = self.verdict(code).eligible
            if not self.explain:
                return met, ""
            text = {
                True: _("{year}: đủ điều kiện {title} trong năm (chưa có quyết định)"),
                None: _("{year}: {title} trong năm còn cần xác nhận"),
                False: _("{year}: chưa đủ điều kiện {title}"),
            }[met].format(year=year, title=name)
            return met, text
        if not self.explain:
            return False, ""
        if thematic is not None:
            return False, _(
                "{year}: {title} là khen thưởng chuyên đề, không tính để xét khen thưởng thành tích"
            ).format(year=year, title=thematic.name)
        return False, _("{year}: không có {title}").format(year=year, title=name)

    def c_holds_title(self, condition: dict, span: int):
        met, text = self._holds(self.year, condition["title"])
        if not self.explain:
            return met, None
        label = _("Đạt danh hiệu {title} năm {year}").format(title=self.rules.name_of(condition["title"]),
                                                              year=self.year)  # fmt: skip
        return met, ConditionResult(label, met, [text])

    def c_consecutive_years(self, condition: dict, span: int):
        code, n, every = condition["title"], int(condition["years"]), int(condition.get("every", 1))
        years = [self.year - every * i for i in range(n - 1, -1, -1)]
        checks = [self._holds(y, code) for y in years]
        met = combine(c for c, _t in checks)
        if not self.explain:
            return met, None
        summary = " ".join(f"{y} {_mark(c)}" for y, (c, _t) in zip(years, checks, strict=True))
        if every == 1:
            label = _("{title} {n} năm liên tục: {summary}")
        else:
            label = _("{title} {n} lần liên tục (mỗi {every} năm): {summary}")
        label = label.format(title=self.rules.name_of(code), n=n, every=every, summary=summary)
        return met, ConditionResult(label, met, [t for _c, t in checks])

    def c_initiative_recognised(self, condition: dict, span: int):
        scope, count = condition["scope"], int(condition.get("count", 1))
        window = int(condition.get("within_years", span))
        first = self.year - window + 1
        needed = _SCOPE_RANK.get(scope, len(SCOPE_ORDER))
        best: dict[int, Any] = {}
        evidence: list[str] = []
        for item in self.h.initiatives.get(self.info.id, ()):
            year = item.recognised_on.year
            if year < first or year > self.year:
                continue
            ok = _SCOPE_RANK.get(item.scope, -1) >= needed and (self.cutoff is None or item.recognised_on > self.cutoff)
            if ok:
                best[item.initiative_id] = item
            if self.explain:
                what = _("Sáng kiến «{title}» được công nhận {scope} (QĐ {number} ngày {date})").format(
                    title=item.title, scope=_scope_name(item.scope).lower(), number=item.decision_number or "—",
                    date=_fmt(item.recognised_on))  # fmt: skip
                if _SCOPE_RANK.get(item.scope, -1) < needed:
                    what += " — " + _("phạm vi thấp hơn yêu cầu")
                elif not ok:
                    what += " — " + _("trước khi hết thời hạn kỷ luật, không tính")
                evidence.append(("✓ " if ok else "✗ ") + what)
        met = len(best) >= count
        if not self.explain:
            return met, None
        if not evidence:
            evidence = [_("Không có sáng kiến được công nhận trong {first}–{last}").format(first=first, last=self.year)]
        years = str(self.year) if window == 1 else f"{first}–{self.year}"
        label = _("Có {count} sáng kiến được công nhận phạm vi {scope} trở lên ({years}): có {found}").format(
            count=count, scope=_scope_name(scope).lower(), years=years, found=len(best)
        )
        return met, ConditionResult(label, met, evidence)

    def c_research_accepted(self, condition: dict, span: int):
        if not self.explain:
            return None, None
        return None, self._result(_("Có đề tài nghiên cứu khoa học được nghiệm thu"), None,
                                  [_("Cần cán bộ xác nhận kèm minh chứng")])  # fmt: skip

    def c_manual(self, condition: dict, span: int):
        if not self.explain:
            return None, None
        return None, self._result(condition["label"], None, [_("Cần Hội đồng Thi đua - Khen thưởng xác nhận")])


# --- judging a collective ---------------------------------------------------------------------------------------------


@dataclass
class UnitFacts:
    """What a collective's conditions read: its members (active, in its subtree), their verdicts for the titles the
    conditions name, its classifications, cluster leadership and its members' disciplines."""

    unit: Unit
    member_ids: list[int]
    names: dict[int, str]
    member_titles: dict[str, dict[int, tuple[bool | None, bool]]]  # code → member → (holds, by a record)
    member_levels: dict[int, Classification]
    disciplined: list[tuple[int, str, datetime.date, str]]
    classification: Classification | None
    cluster_names: list[str]


class UnitJudge:
    def __init__(self, facts: UnitFacts, year: int, rules: PackRules, explain: bool):
        self.f = facts
        self.year = year
        self.rules = rules
        self.explain = explain

    def verdict(self, code: str) -> Verdict:
        title = self.rules.by_code[code]
        pairs = [self.condition(c) for c in title.conditions]
        return Verdict(
            title=title,
            year=self.year,
            eligible=combine(m for m, _r in pairs),
            conditions=[r for _m, r in pairs if r is not None],
            subject_kind=Subject.COLLECTIVE,
            subject_id=self.f.unit.pk,
            pack_code=self.rules.pack.code,
            pack_name=self.rules.pack.name,
        )

    def condition(self, condition: dict) -> tuple[bool | None, ConditionResult | None]:
        kind = condition["type"]
        handler = getattr(self, "c_" + kind, None)
        if handler is None:
            return False, self._result(_("Điều kiện «{kind}» không áp dụng cho tập thể").format(kind=kind), False)
        return handler(condition)

    def _result(self, label, met, evidence=None, children=None):
        if not self.explain:
            return None
        return ConditionResult(label, met, evidence or [], "", children or [])

    def _names(self, ids: list[int], limit: int = 10) -> str:
        shown = ", ".join(self.f.names.get(i, str(i)) for i in ids[:limit])
        return shown + (_(" và {n} người khác").format(n=len(ids) - limit) if len(ids) > limit else "")

    def c_any_of(self, condition):
        pairs = [self.condition(c) for c in condition["conditions"]]
        met = combine((m for m, _r in pairs), any_=True)
        return met, self._result(_("Một trong các điều kiện sau"), met, [], [r for _m, r in pairs if r])

    def c_all_of(self, condition):
        pairs = [self.condition(c) for c in condition["conditions"]]
        met = combine(m for m, _r in pairs)
        return met, self._result(_("Đồng thời các điều kiện sau"), met, [], [r for _m, r in pairs if r])

    def c_manual(self, condition):
        return None, self._result(condition["label"], None, [_("Cần Hội đồng Thi đua - Khen thưởng xác nhận")])

    def c_unit_rated_at_least(self, condition):
        found = self.f.classification
        met = found is not None and _RANK[found] <= _RANK[condition["level"]]
        evidence = [f"{self.year}: {_level_name(found)}" if found else
                    _("{year}: tập thể chưa có kết quả xếp loại đã chốt").format(year=self.year)]  # fmt: skip
        label = _("Tập thể xếp loại năm {year} từ {level} trở lên").format(
            year=self.year, level=_level_name(condition["level"]))  # fmt: skip
        return met, self._result(label, met, evidence)

    def _holders(self, code: str) -> tuple[list[int], list[int], int]:
        """Members holding ``code`` this year (a record or eligible), those still to confirm, and how many hold it by a
        decision already recorded."""
        per = self.f.member_titles.get(code, {})
        holders = [m for m in self.f.member_ids if per.get(m, (False, False))[0] is True]
        unsure = [m for m in self.f.member_ids if per.get(m, (False, False))[0] is None]
        recorded = sum(1 for m in holders if per[m][1])
        return holders, unsure, recorded

    def c_members_share_with_title(self, condition):
        code, share = condition["title"], float(condition["min_share"])
        strict = bool(condition.get("exclusive", False))
        total = len(self.f.member_ids)
        holders, unsure, recorded = self._holders(code)

        def reaches(n: int) -> bool:
            if total == 0:
                return False
            return n / total > share if strict else n / total >= share - 1e-12

        met: bool | None = True if reaches(len(holders)) else (None if reaches(len(holders) + len(unsure)) else False)
        if not self.explain:
            return met, None
        name = self.rules.name_of(code)
        sign = _("trên") if strict else _("ít nhất")
        label = _("{sign} {pct}% đoàn viên đạt {title}: {n}/{total} ({actual}%)").format(
            sign=sign.capitalize(), pct=_pct(share), title=name, n=len(holders), total=total,
            actual=_pct(len(holders) / total) if total else "0")  # fmt: skip
        evidence = [_("{n} có quyết định, {m} đủ điều kiện trong năm").format(n=recorded, m=len(holders) - recorded)]
        if unsure:
            evidence.append(_("{n} còn cần xác nhận: {names}").format(n=len(unsure), names=self._names(unsure)))
        if total == 0:
            evidence = [_("Tập thể không có đoàn viên đang sinh hoạt")]
        return met, ConditionResult(label, met, evidence)

    def c_members_count_with_title(self, condition):
        code, need = condition["title"], int(condition["min_count"])
        holders, unsure, _recorded = self._holders(code)
        met: bool | None = True if len(holders) >= need else (None if len(holders) + len(unsure) >= need else False)
        if not self.explain:
            return met, None
        label = _("Có ít nhất {n} đoàn viên đạt {title}: {found}").format(n=need, title=self.rules.name_of(code),
                                                                           found=len(holders))  # fmt: skip
        evidence = [self._names(holders)] if holders else [_("Chưa có đoàn viên nào")]
        return met, ConditionResult(label, met, evidence)

    def c_members_all_rated_at_least(self, condition):
        level = condition["level"]
        below = [m for m in self.f.member_ids
                 if (c := self.f.member_levels.get(m)) is None or _RANK[c] > _RANK[level]]  # fmt: skip
        met = bool(self.f.member_ids) and not below
        if not self.explain:
            return met, None
        label = _("100% đoàn viên xếp loại từ {level} trở lên: {ok}/{total}").format(
            level=_level_name(level), ok=len(self.f.member_ids) - len(below), total=len(self.f.member_ids)
        )
        evidence = [_("Chưa đạt hoặc chưa xếp loại: {names}").format(names=self._names(below))] if below else []
        return met, ConditionResult(label, met, evidence)

    def c_no_member_disciplined(self, condition):
        levels = set(discipline_levels_from(condition["min_level"]))
        hits = [row for row in self.f.disciplined if row[1] in levels]
        met = not hits
        if not self.explain:
            return met, None
        label = _("Không có đoàn viên bị kỷ luật từ hình thức {level} trở lên trong năm {year}").format(
            level=_discipline_name(condition["min_level"]).lower(), year=self.year)  # fmt: skip
        evidence = [_("{name}: {level} ngày {date}{number}").format(
            name=self.f.names.get(mid, str(mid)), level=_discipline_name(level), date=_fmt(day),
            number=(f" (QĐ {number})" if number else "")) for mid, level, day, number in hits]  # fmt: skip
        return met, ConditionResult(label, met, evidence)

    def c_cluster_leader(self, condition):
        met = bool(self.f.cluster_names)
        evidence = ([_("Cụm/khối trưởng {name}").format(name=n) for n in self.f.cluster_names] if met
                    else [_("Không là cụm/khối trưởng năm {year}").format(year=self.year)])  # fmt: skip
        return met, self._result(_("Dẫn đầu cụm, khối thi đua năm {year}").format(year=self.year), met, evidence)


def _pct(value: float) -> str:
    text = f"{value * 100:.1f}".rstrip("0").rstrip(".")
    return text


# --- public interface -------------------------------------------------------------------------------------------------


def _member_titles(rules: PackRules, title_codes) -> list[str]:
    return [
        t.code for t in rules.titles if t.subject == Subject.INDIVIDUAL and (not title_codes or t.code in title_codes)
    ]


def _unit_titles(rules: PackRules, title_codes) -> list[str]:
    return [
        t.code for t in rules.titles if t.subject == Subject.COLLECTIVE and (not title_codes or t.code in title_codes)
    ]


def _max_span(resolver: PackResolver) -> int:
    spans = [max(r.spans.values(), default=1) for r in resolver.all_rules()]
    return max(spans, default=1)


def iter_member_verdicts(
    member_ids: Iterable[int], *, year: int, title_codes=None, explain: bool = True, chunk: int = CHUNK,
    resolver: PackResolver | None = None,
) -> Iterator[tuple[int, list[Verdict]]]:  # fmt: skip
    """(member id, verdicts) for every member, judged in chunks of ``chunk`` members with a fixed number of queries
    per chunk. ``explain=False`` computes the verdicts only (no conditions, no evidence), for lists and counts: the
    same read-only Verdict objects (``subject_id`` 0) are then yielded for every member with the same facts."""
    resolver = resolver or PackResolver(_judgment_date(year))
    ids = sorted(set(member_ids))
    memo: dict[tuple, list[tuple[TitleDef, bool | None, list[str]]]] = {}
    titles_of: dict[int, list[str]] = {}
    for i in range(0, len(ids), chunk):
        part = ids[i : i + chunk]
        by_pk, keep = _id_filter(part, "pk")
        info = {
            pk: MemberInfo(pk, code, name, gender, unit_id, path)
            for pk, code, name, gender, unit_id, path in Member.objects.filter(**by_pk).values_list(
                "pk", "code", "full_name", "gender", "unit_id", "unit__path"
            )
            if keep is None or pk in keep
        }
        for path in {m.path for m in info.values()}:
            resolver.for_path(path)
        history = load_history(part, year=year, span=_max_span(resolver), info=info)
        for pk in part:
            member = info.get(pk)
            if member is None:
                continue
            rules = resolver.for_path(member.path)
            codes = titles_of.get(id(rules))
            if codes is None:
                codes = titles_of[id(rules)] = _member_titles(rules, title_codes)
            if explain:
                judge = MemberJudge(member, history, rules, explain)
                yield pk, [judge.verdict(code) for code in codes]
                continue
            # Without explanations a verdict depends only on these facts: members with the same facts (most of a
            # province) share one judgment.
            key = _profile(member, history, rules)
            found = memo.get(key)
            if found is None:
                judge = MemberJudge(member, history, rules, False)
                found = memo[key] = [judge.verdict(code) for code in codes]
                for verdict in found:
                    verdict.subject_id = 0  # shared by every member with the same facts
            yield pk, found


def _profile(member: MemberInfo, h: History, rules: PackRules) -> tuple:
    """Everything a verdict without explanation reads about a member (see ``MemberJudge``)."""
    pk = member.id
    records = h.records.get(pk)
    return (
        id(rules),
        member.gender,
        tuple(h.classifications.get((pk, y)) for y in h.years),
        frozenset((k, r.thematic) for k, r in records.items()) if records else None,
        bool(h.registrations.get(pk)),
        tuple((i.initiative_id, i.scope, i.recognised_on) for i in h.initiatives.get(pk, ())),
        tuple(h.disciplines.get(pk, ())),
        tuple(h.absences.get(pk, ())),
    )


def _unit_facts(units: list[Unit], *, year: int, resolver: PackResolver, needed: set[str]) -> dict[int, UnitFacts]:
    """Facts for many collectives at once: their members found with one query over the minimal subtrees, the members'
    verdicts for the titles the conditions name (set-based), their classifications and disciplines."""
    start, end = datetime.date(year, 1, 1), _judgment_date(year)
    paths = sorted({u.path for u in units})
    roots = [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]
    q = Q()
    for root in roots:
        q |= Q(unit__path__startswith=root)
    members = list(Member.objects.filter(q, status=MemberStatus.ACTIVE).values_list("pk", "full_name", "unit__path"))
    by_unit: dict[int, list[int]] = defaultdict(list)
    wanted = {u.pk for u in units}
    names = {}
    for pk, name, path in members:
        names[pk] = name
        for unit_id in (int(i) for i in path.strip("/").split("/") if i):
            if unit_id in wanted:
                by_unit[unit_id].append(pk)
    member_ids = [pk for pk, _n, _p in members]
    member_titles: dict[str, dict[int, tuple[bool | None, bool]]] = defaultdict(dict)
    if needed and member_ids:
        for pk, verdicts in iter_member_verdicts(member_ids, year=year, title_codes=needed, explain=False,
                                                 resolver=resolver):  # fmt: skip
            for v in verdicts:
                member_titles[v.title.code][pk] = (v.eligible, False)
        for mid, code in AwardRecord.objects.filter(member_id__in=member_ids, year=year, title_code__in=needed,
                                                    thematic=False).values_list("member_id", "title_code"):  # fmt: skip
            member_titles[code][mid] = (True, True)
    levels = {mid: c for (mid, _y), c in member_classifications(member_ids, [year]).items()} if member_ids else {}
    disciplined = list(
        Discipline.objects.filter(member_id__in=member_ids, starts_on__lte=end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        .values_list("member_id", "level", "starts_on", "decision_number")
    ) if member_ids else []  # fmt: skip
    classes = {uid: c for (uid, _y), c in unit_classifications([u.pk for u in units], [year]).items()}
    leaders: dict[int, list[str]] = defaultdict(list)
    for leader_id, name in Cluster.objects.filter(year=year, leader_id__in=wanted).values_list("leader_id", "name"):
        leaders[leader_id].append(name)
    result = {}
    for unit in units:
        ids = by_unit.get(unit.pk, [])
        idset = set(ids)
        result[unit.pk] = UnitFacts(
            unit=unit,
            member_ids=ids,
            names=names,
            member_titles=member_titles,
            member_levels=levels,
            disciplined=[row for row in disciplined if row[0] in idset],
            classification=classes.get(unit.pk),
            cluster_names=leaders.get(unit.pk, []),
        )
    return result


def _needed_member_titles(rules: PackRules, codes: list[str]) -> set[str]:
    needed: set[str] = set()

    def walk(conditions):
        for c in conditions:
            if c["type"] in {"members_share_with_title", "members_count_with_title"}:
                needed.add(c["title"])
            elif c["type"] in {"any_of", "all_of"}:
                walk(c["conditions"])

    for code in codes:
        walk(rules.by_code[code].conditions)
    return needed


def iter_unit_verdicts(units: Iterable[Unit], *, year: int, title_codes=None, explain: bool = True,
                       resolver: PackResolver | None = None) -> Iterator[tuple[int, list[Verdict]]]:  # fmt: skip
    resolver = resolver or PackResolver(_judgment_date(year))
    units = list(units)
    if not units:
        return
    needed: set[str] = set()
    for unit in units:
        rules = resolver.for_path(unit.path)
        needed |= _needed_member_titles(rules, _unit_titles(rules, title_codes))
    facts = _unit_facts(units, year=year, resolver=resolver, needed=needed)
    for unit in units:
        rules = resolver.for_path(unit.path)
        judge = UnitJudge(facts[unit.pk], year, rules, explain)
        yield unit.pk, [judge.verdict(code) for code in _unit_titles(rules, title_codes)]


def evaluate_many(*, members=None, units=None, year: int, title_codes=None,
                  explain: bool = True) -> dict[tuple[str, int], list[Verdict]]:  # fmt: skip
    """Verdicts of many members (a queryset or a list of ids) and collectives (a queryset or list of units) for
    ``year``, keyed (``"individual"``, member id) / (``"collective"``, unit id). Set-based: a fixed number of queries
    per chunk of members, whatever their number. For very large sets iterate with ``iter_member_verdicts``."""
    result: dict[tuple[str, int], list[Verdict]] = {}
    resolver = PackResolver(_judgment_date(year))
    codes = set(title_codes) if title_codes else None
    if members is not None:
        ids = list(members.values_list("pk", flat=True)) if hasattr(members, "values_list") else [
            m.pk if isinstance(m, Member) else int(m) for m in members]  # fmt: skip
        for pk, verdicts in iter_member_verdicts(ids, year=year, title_codes=codes, explain=explain, resolver=resolver):
            result[(Subject.INDIVIDUAL.value, pk)] = verdicts
    if units is not None:
        unit_list = [u if isinstance(u, Unit) else Unit.objects.get(pk=u) for u in units] if not hasattr(
            units, "values_list") else list(units)  # fmt: skip
        for pk, verdicts in iter_unit_verdicts(unit_list, year=year, title_codes=codes, explain=explain,
                                               resolver=resolver):  # fmt: skip
            result[(Subject.COLLECTIVE.value, pk)] = verdicts
    return result


def evaluate(*, subject: Member | Unit, year: int, explain: bool = True) -> list[Verdict]:
    """Every title of the pack in force for the subject's kind (individual titles for a member, collective ones for a
    unit), judged for ``year`` with explanations."""
    if isinstance(subject, Member):
        return evaluate_many(members=[subject.pk], year=year, explain=explain).get(
            (Subject.INDIVIDUAL.value, subject.pk), []
        )
    return evaluate_many(units=[subject], year=year, explain=explain).get((Subject.COLLECTIVE.value, subject.pk), [])


def check(*, subject: Member | Unit, title_code: str, year: int) -> Verdict:
    """One title for one subject and year, with the explanation. Raises ``RuleMissing`` when the pack in force has no
    such title for that kind of subject."""
    is_member = isinstance(subject, Member)
    key = (Subject.INDIVIDUAL.value if is_member else Subject.COLLECTIVE.value, subject.pk)
    found = evaluate_many(**({"members": [subject.pk]} if is_member else {"units": [subject]}), year=year,
                          title_codes={title_code}).get(key, [])  # fmt: skip
    if not found:
        raise RuleMissing(
            _("Bộ quy tắc áp dụng năm {year} không có danh hiệu «{code}» cho {kind}.").format(
                year=year, code=title_code, kind=_("cá nhân") if is_member else _("tập thể")
            )
        )
    return found[0]


def titles_for(*, subject_kind: str, year: int, unit: Unit | None = None) -> list[TitleDef]:
    """The titles of the pack in force on 31/12 of ``year`` for that kind of subject (for choosers)."""
    resolver = PackResolver(_judgment_date(year))
    rules = resolver.for_path(unit.path if unit else "")
    return [t for t in rules.titles if t.subject == subject_kind]
