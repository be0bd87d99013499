"""Reads of the commendation workflow for pages, the API and the documents app.

- Proposal lists: ``outgoing_proposals`` (the proposing side) and ``incoming_proposals`` (the conferring side: every
  submitted proposal addressed to a unit the user may confer awards on, which covers its whole subtree).
- ``proposal_dossier``: what a tờ trình and its dossier are assembled from (cover memo fields, items with their
  achievements and eligibility explanation, the council result per item, the files).
- ``session_minutes`` and ``recount``: a council session's result per item; ``recount`` recomputes the tally from the
  ballots and must equal what the close stored.
- ``decision_annex``: a decision with its annexed list of awardees and rewards.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet

from thidua.awards.choices import PROPOSAL_EDITABLE, ProposalStatus, SessionStatus
from thidua.awards.models import (
    Awardee,
    Ballot,
    CouncilSeat,
    CouncilSession,
    Decision,
    DossierFile,
    Proposal,
    ProposalEvent,
    ProposalItem,
    SessionItem,
)
from thidua.core.roles import Action
from thidua.core.scope import get_scope

# -- proposals ---------------------------------------------------------------------------------------------------------


def _proposal_base() -> QuerySet[Proposal]:
    return (Proposal.objects.select_related("proposing_unit", "to_unit").annotate(item_count=Count("items"))
            .order_by("-year", "-created_at", "-pk"))  # fmt: skip


def outgoing_proposals(user, *, year: int | None = None, status: str | None = None) -> QuerySet[Proposal]:
    """Proposals made by units in the user's scope (drafts included), newest first, with ``item_count``."""
    scope = get_scope(user)
    qs = _proposal_base()
    if not scope.is_superuser:
        qs = qs.filter(scope.path_q(Action.VIEW, "proposing_unit__path"))
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return qs


def incoming_proposals(user, *, year: int | None = None, status: str | None = None) -> QuerySet[Proposal]:
    """Submitted proposals addressed to a unit where the user confers awards, or to any unit below it (the
    receiving level sees its whole subtree). Drafts never appear here."""
    scope = get_scope(user)
    qs = _proposal_base().exclude(status=ProposalStatus.DRAFT)
    if not scope.is_superuser:
        qs = qs.filter(scope.path_q(Action.CONFER_AWARDS, "to_unit__path"))
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return qs


@dataclass(frozen=True)
class ProposalPermissions:
    """What the user may do with one proposal (the pages show only those buttons)."""

    edit: bool  # add, change and remove items, submit (the proposing unit)
    receive: bool  # receive, return, reject, put to the vote, decide (the conferring unit)


def proposal_permissions(user, proposal: Proposal) -> ProposalPermissions:
    scope = get_scope(user)
    return ProposalPermissions(
        edit=scope.covers_path(Action.PROPOSE_AWARDS, proposal.proposing_unit.path),
        receive=scope.covers_path(Action.CONFER_AWARDS, proposal.to_unit.path),
    )


def proposal_items(proposal: Proposal) -> QuerySet[ProposalItem]:
    return proposal.items.select_related("member__unit", "unit").order_by("pk")


def proposal_events(proposal: Proposal) -> QuerySet[ProposalEvent]:
    return proposal.events.select_related("item__member", "item__unit", "by").order_by("at", "pk")


@dataclass
class DossierItem:
    """One person or collective of a dossier: who, for what, the achievements, the eligibility explanation, and the
    council result when the title was put to the vote (the latest closed session)."""

    item: ProposalItem
    position: int
    name: str
    unit_name: str
    title_name: str
    achievements: str
    eligible: bool | None
    eligibility: list[dict]
    override_reason: str
    status_label: str
    vote: "MinutesItem | None" = None
    files: list[DossierFile] = field(default_factory=list)


@dataclass
class Dossier:
    """Everything a proposal's dossier is assembled from. ``cover_memo`` holds the fields of the tờ trình."""

    proposal: Proposal
    cover_memo: dict
    items: list[DossierItem]
    files: list[DossierFile]
    needs_minutes: bool


def proposal_dossier(proposal: Proposal) -> Dossier:
    """The dossier of a batch (hồ sơ đề nghị khen thưởng): cover memo fields (number, symbol, date, proposing unit,
    conferring level, subject line, signer, counts), the items with their achievements and eligibility explanation,
    the council result of each item that was voted, and the uploaded files."""
    items = list(proposal_items(proposal).prefetch_related("files"))
    votes = _latest_closed_votes([i.pk for i in items])
    rows = []
    for position, item in enumerate(items, start=1):
        rows.append(
            DossierItem(
                item=item, position=position, name=item.member.full_name if item.member_id else item.unit.name,
                unit_name=item.member.unit.name if item.member_id else "", title_name=item.title_name,
                achievements=item.achievements, eligible=item.eligible, eligibility=item.eligibility,
                override_reason=item.override_reason, status_label=item.get_status_display(),
                vote=votes.get(item.pk), files=list(item.files.all()),
            )
        )  # fmt: skip
    individuals = sum(1 for i in items if i.member_id)
    cover = {
        "number": proposal.number, "symbol": proposal.symbol, "submitted_on": proposal.submitted_on,
        "proposing_unit": proposal.proposing_unit.name, "to_unit": proposal.to_unit.name, "year": proposal.year,
        "subject_line": proposal.subject_line, "signer_name": proposal.signer_name,
        "signer_title": proposal.signer_title, "individuals": individuals, "collectives": len(items) - individuals,
        "by_title": _count_by_title(items),
    }  # fmt: skip
    return Dossier(proposal=proposal, cover_memo=cover, items=rows, files=list(proposal.files.filter(item=None)),
                   needs_minutes=bool(votes))  # fmt: skip


def _count_by_title(items: list[ProposalItem]) -> list[tuple[str, int]]:
    counts: dict[str, int] = defaultdict(int)
    for item in items:
        counts[item.title_name] += 1
    return sorted(counts.items())


def _latest_closed_votes(item_ids: list[int]) -> dict[int, "MinutesItem"]:
    rows = (SessionItem.objects.filter(item_id__in=item_ids, session__status=SessionStatus.CLOSED)
            .select_related("session", "item__member", "item__unit").order_by("session__closed_at", "pk"))  # fmt: skip
    return {si.item_id: _minutes_item(si) for si in rows}


# -- council sessions --------------------------------------------------------------------------------------------------


def sessions_visible(user) -> QuerySet[CouncilSession]:
    """Sessions of units in the user's scope, and sessions where the user holds a seat."""
    qs = (
        CouncilSession.objects.select_related("unit")
        .annotate(seat_count=Count("seats", distinct=True), item_count=Count("items", distinct=True))
        .order_by("-held_on", "-pk")
    )
    scope = get_scope(user)
    if scope.is_superuser:
        return qs
    return qs.filter(scope.path_q(Action.VIEW, "unit__path") | Q(pk__in=seated_session_ids(user)))


def seated_session_ids(user):
    return CouncilSeat.objects.filter(user=user).values("session_id") if user.is_authenticated else []


def session_items(session: CouncilSession) -> QuerySet[SessionItem]:
    return session.items.select_related("item__member__unit", "item__unit", "item__proposal").order_by("pk")


def votable_items(session: CouncilSession) -> QuerySet[ProposalItem]:
    """Received items addressed to the session's unit that are not yet in it (the chooser of the session page)."""
    return (
        ProposalItem.objects.filter(proposal__to_unit=session.unit, status__in=[ProposalStatus.RECEIVED,
                                                                                 ProposalStatus.UNDER_REVIEW])
        .exclude(session_items__session=session)
        .select_related("member", "unit", "proposal")
        .order_by("proposal_id", "pk")
    )  # fmt: skip


@dataclass(frozen=True)
class Tally:
    yes: int = 0
    no: int = 0
    blank: int = 0

    @property
    def cast(self) -> int:
        return self.yes + self.no + self.blank


def recount(session: CouncilSession) -> dict[int, Tally]:
    """The tally of every item of the session recomputed from its ballots (one grouped query). After the close it
    must equal the stored ``SessionItem.yes / no / blank``."""
    counts: dict[int, dict[str, int]] = {pk: {} for pk in session.items.values_list("pk", flat=True)}
    rows = Ballot.objects.filter(session_item__session=session).values("session_item_id", "choice")
    for row in rows.annotate(n=Count("id")).order_by():
        counts[row["session_item_id"]][row["choice"]] = row["n"]
    return {pk: Tally(c.get("yes", 0), c.get("no", 0), c.get("blank", 0)) for pk, c in counts.items()}


def tally_is_reproducible(session: CouncilSession) -> bool:
    """True when the stored result of every item equals the recount of its ballots."""
    fresh = recount(session)
    return (
        all(Tally(si.yes or 0, si.no or 0, si.blank or 0) == fresh[si.pk] for si in session.items.all())
        and session.status == SessionStatus.CLOSED
    )


@dataclass
class MinutesItem:
    """One line of the minutes: the item put to the vote and its fixed result."""

    session_item: SessionItem
    name: str
    unit_name: str
    title_name: str
    members_total: int | None
    yes: int | None
    no: int | None
    blank: int | None
    threshold: Decimal | None
    required_yes: int | None
    yes_share: Decimal | None
    passed: bool | None
    citation: str


def _minutes_item(si: SessionItem) -> MinutesItem:
    from thidua.awards.services import VoteRule

    item = si.item
    required = share = None
    if si.threshold is not None and si.members_total:
        required = VoteRule(si.threshold, "all_members", True, "").required_yes(si.members_total)
        share = (Decimal(si.yes or 0) * 100 / si.members_total).quantize(Decimal("0.01"))
    return MinutesItem(
        session_item=si, name=item.member.full_name if item.member_id else item.unit.name,
        unit_name=item.member.unit.name if item.member_id else "", title_name=item.title_name,
        members_total=si.members_total, yes=si.yes, no=si.no, blank=si.blank, threshold=si.threshold,
        required_yes=required, yes_share=share, passed=si.passed, citation=si.threshold_citation,
    )  # fmt: skip


@dataclass
class Minutes:
    """The council minutes (biên bản họp Hội đồng): members and their participation, and the result per item."""

    session: CouncilSession
    seats: list[CouncilSeat]
    present: int
    absent: int
    voted: int
    written: int
    items: list[MinutesItem]


def session_minutes(session: CouncilSession) -> Minutes:
    seats = list(session.seats.order_by("pk"))
    items = [_minutes_item(si) for si in session_items(session)]
    written = Ballot.objects.filter(session_item__session=session, in_writing=True)
    first = session.items.order_by("pk").values_list("pk", flat=True).first()
    return Minutes(
        session=session, seats=seats, present=sum(1 for s in seats if s.attendance == "present"),
        absent=sum(1 for s in seats if s.attendance == "absent"), voted=sum(1 for s in seats if s.voted),
        written=written.filter(session_item_id=first).count() if first else 0, items=items,
    )  # fmt: skip


def ballot_rows(session: CouncilSession) -> list[SessionItem]:
    """The items a voter's ballot lists."""
    return list(session_items(session))


# -- decisions ---------------------------------------------------------------------------------------------------------


def decisions_visible(user, *, year: int | None = None) -> QuerySet[Decision]:
    qs = Decision.objects.visible_to(user, Action.VIEW).select_related("issuer").annotate(
        awardee_count=Count("awardees")).order_by("-year", "-number")  # fmt: skip
    if year:
        qs = qs.filter(year=year)
    return qs


def decidable_items(issuer, *, proposal: Proposal | None = None) -> QuerySet[ProposalItem]:
    """Items addressed to ``issuer`` that a decision may list (received, under review or voted), with the vote
    result when there was one (``vote_passed``: True / False / None = not voted)."""
    qs = ProposalItem.objects.filter(proposal__to_unit=issuer, status__in=[
        ProposalStatus.RECEIVED, ProposalStatus.UNDER_REVIEW, ProposalStatus.VOTED])  # fmt: skip
    if proposal is not None:
        qs = qs.filter(proposal=proposal)
    return qs.select_related("member__unit", "unit", "proposal").prefetch_related(
        Prefetch("session_items", queryset=SessionItem.objects.filter(session__status=SessionStatus.CLOSED),
                 to_attr="closed_votes")).order_by("proposal_id", "pk")  # fmt: skip


@dataclass
class DecisionAnnex:
    """A decision with its annexed list (danh sách kèm theo): awardees in order, the total reward, the base salary
    and its citation, grouped by title for the document."""

    decision: Decision
    awardees: list[Awardee]
    total: Decimal
    by_title: list[tuple[str, list[Awardee]]]


def decision_annex(decision: Decision) -> DecisionAnnex:
    awardees = list(decision.awardees.select_related("member", "unit").order_by("position", "pk"))
    groups: dict[str, list[Awardee]] = {}
    for awardee in awardees:
        groups.setdefault(awardee.title_name, []).append(awardee)
    total = sum((a.amount for a in awardees if a.amount is not None), Decimal(0))
    return DecisionAnnex(decision=decision, awardees=awardees, total=total, by_title=list(groups.items()))


def editable(item: ProposalItem) -> bool:
    return item.status in PROPOSAL_EDITABLE


def today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()
