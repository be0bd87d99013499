"""Proposals, council sessions and decisions for tests, built through the services (never by hand)."""

import datetime

from thidua.awards import services
from thidua.awards.choices import Attendance, BallotChoice
from thidua.awards.models import CouncilSession, Proposal, ProposalItem
from thidua.core.testing import Personas

YEAR = 2025
HELD_ON = datetime.date(2026, 1, 15)
DECIDED_ON = datetime.date(2026, 1, 20)
OVERRIDE = "Đơn vị xác nhận thành tích, hồ sơ xếp loại bổ sung sau"


def make_proposal(p: Personas, *, items=(("member_record", "cstdcs"),), to_unit=None, proposing_unit=None,
                  year: int = YEAR, by=None) -> Proposal:  # fmt: skip
    """A draft from the grassroots union to the upper union; ``items`` are (persona attribute, title code)."""
    proposal = services.proposal_create(proposing_unit=proposing_unit or p.grassroots, to_unit=to_unit or p.upper,
                                        year=year, subject_line=f"Đề nghị khen thưởng năm {year}",
                                        signer_name="Nguyễn Văn Chủ", signer_title="Chủ tịch",
                                        by=by or p.chair)  # fmt: skip
    for attribute, code in items:
        subject = getattr(p, attribute)
        kwargs = {"unit": subject} if attribute in ("group", "other_group", "grassroots") else {"member": subject}
        services.item_add(proposal=proposal, title_code=code, achievements="Hoàn thành xuất sắc nhiệm vụ",
                          override_reason=OVERRIDE, by=by or p.chair, **kwargs)  # fmt: skip
    return proposal


def make_submitted(p: Personas, **kwargs) -> Proposal:
    proposal = make_proposal(p, **kwargs)
    return services.proposal_submit(proposal=proposal, by=p.chair, on=datetime.date(YEAR + 1, 1, 5))


def make_received(p: Personas, **kwargs) -> Proposal:
    proposal = make_submitted(p, **kwargs)
    return services.proposal_receive(proposal=proposal, by=p.officer)


def make_session(p: Personas, *, members: int = 10, absent: int = 0, unit=None, held_on=HELD_ON,
                 with_council_user: bool = True) -> CouncilSession:  # fmt: skip
    """A session of ``members`` seats (the first linked to the council persona), the last ``absent`` of them away."""
    seats = []
    for i in range(members):
        seats.append({"full_name": f"Thành viên {i + 1}", "position": "Ủy viên",
                      "attendance": Attendance.ABSENT if i >= members - absent else Attendance.PRESENT})  # fmt: skip
    if with_council_user and seats:
        seats[0]["user"] = p.council
    return services.session_create(unit=unit or p.upper, name="Phiên họp Hội đồng TĐKT", held_on=held_on,
                                   seats=seats, by=p.officer)  # fmt: skip


def vote(session: CouncilSession, *, yes: int, no: int = 0, blank: int = 0) -> None:
    """Cast ballots for the session's seats in order, same choice on every item: the present members vote (their
    seats have no user except the first, so the ballots are entered as the service would); absent ones in writing."""
    choices = [BallotChoice.YES] * yes + [BallotChoice.NO] * no + [BallotChoice.BLANK] * blank
    item_ids = list(session.items.values_list("pk", flat=True))
    seats = list(session.seats.order_by("pk"))
    assert len(choices) <= len(seats)
    for seat, choice in zip(seats, choices, strict=False):
        ballot = dict.fromkeys(item_ids, choice)
        if seat.attendance == Attendance.ABSENT:
            services.written_ballot_enter(session=session, seat=seat, choices=ballot)
        elif seat.user_id:
            services.ballot_cast(session=session, user=seat.user, choices=ballot)
        else:
            _cast_for_unlinked_seat(session, seat, ballot)


def _cast_for_unlinked_seat(session, seat, ballot) -> None:
    """Seats without an account in tests: give the seat a throwaway user and let the service take the vote."""
    from thidua.accounts.models import User

    user = User.objects.create_user(username=f"seat{seat.pk}", password="x", full_name=seat.full_name)
    seat.user = user
    seat.save(update_fields=["user"])
    services.ballot_cast(session=session, user=user, choices=ballot)


def put_to_vote(p: Personas, items: list[ProposalItem], **kwargs) -> CouncilSession:
    session = make_session(p, **kwargs)
    services.session_add_items(session=session, items=items, by=p.officer)
    return session


def make_closed_session(p: Personas, *, yes: int = 10, members: int = 10, **kwargs) -> CouncilSession:
    proposal = make_received(p, **kwargs)
    session = put_to_vote(p, list(proposal.items.all()), members=members)
    vote(session, yes=yes)
    return services.session_close(session=session, by=p.officer)


def make_decision(p: Personas, **kwargs):
    session = make_closed_session(p, **kwargs)
    items = [si.item for si in session.items.select_related("item__proposal")]
    return services.decision_issue(issuer=p.upper, decided_on=DECIDED_ON, subject_line="Khen thưởng năm 2025",
                                   signer_name="Trần Văn Ký", signer_title="Chủ tịch", items=items,
                                   session=session, by=p.officer)  # fmt: skip
