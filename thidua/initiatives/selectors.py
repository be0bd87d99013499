"""Reads for the initiative pages, the API, exports, the target engine and the eligibility engine.

Confidentiality: an initiative marked ``confidential`` shows only its title, unit, status, benefit and recognition
(the award) to users who are neither its authors (or the user who registered it) nor reviewers whose scope covers
its unit. ``initiative_view`` returns that restricted view; pages and the API render whatever it returns.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404

from thidua.core.roles import Action
from thidua.core.scope import get_scope
from thidua.core.text import fold
from thidua.initiatives.choices import EDITABLE, IN_REVIEW, DecisionOutcome, InitiativeStatus
from thidua.initiatives.models import (
    CouncilScore,
    Initiative,
    InitiativeAuthor,
    InitiativeCouncil,
    InitiativeDecision,
    InitiativeQuerySet,
)
from thidua.organizations.models import Unit


@dataclass(frozen=True)
class InitiativeFilters:
    unit: int | None = None  # the unit whose whole subtree is listed
    status: str | None = None
    field: str | None = None
    year: int | None = None  # year of submission
    recognised_scope: str | None = None
    confidential: bool | None = None
    mine: bool = False  # only initiatives the user wrote or registered
    q: str = ""

    @classmethod
    def from_query(cls, params) -> "InitiativeFilters":
        def number(name):
            value = params.get(name) or None
            return int(value) if value and str(value).isdigit() else None

        flag = str(params.get("confidential") or "").lower()
        return cls(
            unit=number("unit"),
            status=params.get("status") or None,
            field=params.get("field") or None,
            year=number("year"),
            recognised_scope=params.get("recognised_scope") or None,
            confidential={"1": True, "true": True, "0": False, "false": False}.get(flag),
            mine=str(params.get("mine") or "").lower() in {"1", "true"},
            q=(params.get("q") or "").strip(),
        )


def initiative_list(user, filters: InitiativeFilters) -> InitiativeQuerySet:
    """Initiatives the user may see, filtered, newest first, with units and authors loaded (two queries more)."""
    qs = Initiative.objects.visible_to(user)
    if filters.unit is not None:
        unit = Unit.objects.visible_to(user).filter(pk=filters.unit).only("path").first()
        if unit is None:
            raise Http404
        qs = qs.filter(unit__path__startswith=unit.path)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.field:
        qs = qs.filter(field=filters.field)
    if filters.year:
        qs = qs.filter(submitted_on__year=filters.year)
    if filters.recognised_scope:
        qs = qs.filter(recognised_scope=filters.recognised_scope)
    if filters.confidential is not None:
        qs = qs.filter(confidential=filters.confidential)
    if filters.mine:
        qs = qs.filter(Initiative.objects.own_q_for(user, get_scope(user)))
    for word in fold(filters.q).split():
        qs = qs.filter(search_text__contains=word)
    authors = InitiativeAuthor.objects.select_related("member").order_by("-share", "pk")
    return (
        qs.select_related("unit", "review_unit")
        .prefetch_related(Prefetch("authors", queryset=authors))
        .order_by("-submitted_on", "-pk")
    )


# -- permissions and the restricted view -------------------------------------------------------------------------------


def _author_member_ids(initiative: Initiative) -> set[int]:
    cache = getattr(initiative, "_prefetched_objects_cache", {})
    if "authors" in cache:
        return {a.member_id for a in cache["authors"]}
    return set(initiative.authors.values_list("member_id", flat=True))


def is_author(user, initiative: Initiative) -> bool:
    """The user wrote it (as a linked member) or registered it."""
    if not getattr(user, "is_authenticated", False):
        return False
    if initiative.created_by_id == user.pk:
        return True
    return bool(set(get_scope(user).member_ids) & _author_member_ids(initiative))


def is_reviewer(user, initiative: Initiative) -> bool:
    """The user may review initiatives of its unit (now or at another level)."""
    return get_scope(user).covers_path(Action.REVIEW_INITIATIVE, initiative.unit.path)


def can_see_full(user, initiative: Initiative) -> bool:
    return not initiative.confidential or is_author(user, initiative) or is_reviewer(user, initiative)


@dataclass(frozen=True)
class Permissions:
    full: bool  # sees the whole content
    edit: bool  # edits the content, attachments and authors; submits
    review: bool  # acts for the unit that reviews it now (council, decisions, forwarding)
    score: bool  # may enter council scores


def initiative_permissions(user, initiative: Initiative) -> Permissions:
    scope = get_scope(user)
    author = is_author(user, initiative)
    review = initiative.status != InitiativeStatus.DRAFT and scope.covers_path(
        Action.REVIEW_INITIATIVE, initiative.review_unit.path
    )
    return Permissions(
        full=not initiative.confidential or author or is_reviewer(user, initiative),
        edit=author and initiative.status in EDITABLE,
        review=review and initiative.status in IN_REVIEW,
        score=review and initiative.status == InitiativeStatus.UNDER_REVIEW,
    )


@dataclass(frozen=True)
class RestrictedInitiative:
    """What a confidential initiative shows to users who are neither its authors nor its reviewers."""

    pk: int
    title: str
    unit: Unit
    status: str
    status_label: str
    field_label: str
    submitted_on: datetime.date | None
    expected_money: Decimal | None
    expected_hours: Decimal | None
    expected_other: str
    measured_money: Decimal | None
    measured_hours: Decimal | None
    measured_other: str
    recognised_scope: str
    recognised_scope_label: str
    recognised_on: datetime.date | None
    decision_number: str
    confidential: bool = True
    restricted: bool = True


def restricted_view(initiative: Initiative) -> RestrictedInitiative:
    return RestrictedInitiative(
        pk=initiative.pk, title=initiative.title, unit=initiative.unit, status=initiative.status,
        status_label=initiative.get_status_display(), field_label=initiative.get_field_display(),
        submitted_on=initiative.submitted_on, expected_money=initiative.expected_money,
        expected_hours=initiative.expected_hours, expected_other=initiative.expected_other,
        measured_money=initiative.measured_money, measured_hours=initiative.measured_hours,
        measured_other=initiative.measured_other, recognised_scope=initiative.recognised_scope,
        recognised_scope_label=initiative.get_recognised_scope_display(), recognised_on=initiative.recognised_on,
        decision_number=initiative.decision_number,
    )  # fmt: skip


def initiative_view(user, initiative: Initiative) -> Initiative | RestrictedInitiative:
    """The initiative itself, or its restricted view when it is confidential and the user is not entitled to more."""
    if can_see_full(user, initiative):
        initiative.restricted = False
        return initiative
    return restricted_view(initiative)


def initiative_rows(user, initiatives) -> list[Initiative | RestrictedInitiative]:
    """A page of a list, each row as the user may see it (authors come from the list's prefetch)."""
    return [initiative_view(user, i) for i in initiatives]


# -- detail, council ---------------------------------------------------------------------------------------------------


def initiative_detail(initiative: Initiative) -> dict:
    return {
        "authors": list(initiative.authors.select_related("member", "member__unit")),
        "attachments": list(initiative.attachments.all()),
        "decisions": list(initiative.decisions.select_related("unit", "to_unit", "council", "created_by")),
    }


@dataclass
class ScoreRow:
    member_id: int
    member_name: str
    points: dict[str, Decimal] = field(default_factory=dict)
    total: Decimal = Decimal(0)


def council_sheet(initiative: Initiative) -> dict:
    """The council's score sheet for one initiative: a row per council member (scored or not), and the summary."""
    council = initiative.council
    if council is None:
        return {"council": None, "rows": [], "scored": 0, "average": None, "max_points": 0, "criteria": []}
    rows = {m.pk: ScoreRow(m.pk, m.full_name) for m in council.members.order_by("sort_key")}
    for score in CouncilScore.objects.filter(council=council, initiative=initiative):
        row = rows.get(score.member_id)
        if row is not None:
            row.points[score.criterion] = score.points
            row.total += score.points
    scored = [r for r in rows.values() if r.points]
    average = sum(r.total for r in scored) / len(scored) if scored else None
    return {"council": council, "rows": list(rows.values()), "scored": len(scored), "average": average,
            "max_points": council.max_points, "criteria": council.criteria}  # fmt: skip


def councils_for(initiative: Initiative):
    """Councils of the unit reviewing the initiative, newest year first."""
    return InitiativeCouncil.objects.filter(unit=initiative.review_unit).order_by("-year", "name")


def review_queue(user):
    """Initiatives waiting for a decision by a unit where the user reviews, oldest first."""
    return (
        Initiative.objects.visible_to(user, Action.REVIEW_INITIATIVE)
        .filter(status__in=IN_REVIEW)
        .select_related("unit", "review_unit", "council")
        .order_by("submitted_on", "pk")
    )


# -- for the eligibility engine ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecognisedInitiative:
    """One recognition of an initiative a member co-authored: the scope, the decision's date and number."""

    initiative_id: int
    title: str
    scope: str
    recognised_on: datetime.date
    decision_number: str
    share: Decimal


def recognised_initiatives(member_ids, *, until: datetime.date) -> dict[int, list[RecognisedInitiative]]:
    """Recognitions (every level) on or before ``until`` of initiatives the members co-authored, oldest first: one
    query. An initiative recognised at grassroots level and later nationwide appears twice."""
    rows = (
        InitiativeDecision.objects.filter(
            outcome=DecisionOutcome.RECOGNISED, decided_on__lte=until, initiative__authors__member__in=list(member_ids)
        )
        .order_by("decided_on", "pk")
        .values_list(
            "initiative__authors__member",
            "initiative_id",
            "initiative__title",
            "scope",
            "decided_on",
            "decision_number",
            "initiative__authors__share",
        )
    )
    result: dict[int, list[RecognisedInitiative]] = defaultdict(list)
    for member_id, initiative_id, title, scope, decided_on, number, share in rows:
        result[member_id].append(RecognisedInitiative(initiative_id, title, scope, decided_on, number, share))
    return dict(result)


# -- benefit totals ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitBenefit:
    unit_id: int
    unit_name: str
    count: int
    recognised: int
    expected_money: Decimal
    measured_money: Decimal
    expected_hours: Decimal
    measured_hours: Decimal


def benefit_totals_by_unit(queryset) -> list[UnitBenefit]:
    """Totals per unit of submission over a (filtered) list: one grouped query."""
    rows = (
        queryset.order_by()
        .values("unit_id", "unit__name")
        .annotate(
            n=Count("pk", distinct=True),
            rec=Count("pk", filter=~Q(recognised_scope=""), distinct=True),
            em=Sum("expected_money"),
            mm=Sum("measured_money"),
            eh=Sum("expected_hours"),
            mh=Sum("measured_hours"),
        )
        .order_by("unit__name")
    )
    zero = Decimal(0)
    return [
        UnitBenefit(
            r["unit_id"],
            r["unit__name"],
            r["n"],
            r["rec"],
            r["em"] or zero,
            r["mm"] or zero,
            r["eh"] or zero,
            r["mh"] or zero,
        )
        for r in rows
    ]


# -- similar initiatives -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SimilarInitiative:
    """One hit of the similarity check. Initiatives outside the user's scope show their title, unit and year only
    (no link): the check is meant to catch texts recycled from anywhere in the system."""

    pk: int
    title: str
    unit_name: str
    year: int | None
    status_label: str
    score: float
    duplicate: bool  # at or above the duplicate threshold
    visible: bool  # the user may open it


def similar_initiatives(user, *, title: str, problem: str = "", solution: str = "", exclude: int | None = None,
                        limit: int = 5) -> list[SimilarInitiative]:  # fmt: skip
    """The submitted initiatives most similar to the given text (an initiative being written or reviewed)."""
    from thidua.initiatives.similarity import store
    from thidua.initiatives.similarity.thresholds import DISPLAY_FLOOR, DUPLICATE_THRESHOLD

    if not (title or "").strip() and not (problem or "").strip() and not (solution or "").strip():
        return []
    hits = store.search(store.doc_text(title, problem, solution), limit=limit, exclude=[exclude] if exclude else [])
    hits = [h for h in hits if h.score >= DISPLAY_FLOOR]
    if not hits:
        return []
    ids = [h.id for h in hits]
    rows = {i.pk: i for i in Initiative.objects.submitted().filter(pk__in=ids).select_related("unit")}
    visible = set(Initiative.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    return [
        SimilarInitiative(
            pk=h.id,
            title=rows[h.id].title,
            unit_name=rows[h.id].unit.name,
            year=rows[h.id].submitted_on.year if rows[h.id].submitted_on else None,
            status_label=rows[h.id].get_status_display(),
            score=round(h.score, 3),
            duplicate=h.score >= DUPLICATE_THRESHOLD,
            visible=h.id in visible,
        )
        for h in hits
        if h.id in rows
    ]


def similar_to(user, initiative: Initiative, *, limit: int = 5) -> list[SimilarInitiative]:
    return similar_initiatives(user, title=initiative.title, problem=initiative.problem,
                               solution=initiative.solution, exclude=initiative.pk, limit=limit)  # fmt: skip
