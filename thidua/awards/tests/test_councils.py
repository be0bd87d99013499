"""Council sessions (Hội đồng Thi đua - Khen thưởng) and their secret ballots: seats, the items put to the vote, one
ballot per seated member, written ballots of absent members, the threshold of ALL members from the rule pack, and a
tally that is fixed and reproducible once the session is closed."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from thidua.accounts.models import User
from thidua.awards import selectors, services
from thidua.awards.choices import Attendance, BallotChoice, ProposalStatus, SeatRole, SessionStatus
from thidua.awards.models import Ballot, CouncilSeat, CouncilSession, SessionItem
from thidua.awards.tests import factories_proposals as fp

pytestmark = pytest.mark.django_db

YES, NO, BLANK = BallotChoice.YES, BallotChoice.NO, BallotChoice.BLANK


def _one_item_session(p, *, code: str = "cstdcs", members: int = 3, absent: int = 0) -> CouncilSession:
    proposal = fp.make_received(p, items=[("member_record", code)])
    return fp.put_to_vote(p, list(proposal.items.all()), members=members, absent=absent)


def _all(session: CouncilSession, choice: str) -> dict[int, str]:
    return dict.fromkeys(session.items.values_list("pk", flat=True), choice)


# -- sessions and seats ------------------------------------------------------------------------------------------------


def test_it_creates_a_session_with_its_seats(personas):
    p = personas
    session = services.session_create(unit=p.upper, name="  Phiên họp tháng 1  ", held_on=fp.HELD_ON,
                                      place="Hội trường", by=p.officer, seats=[
                                          {"full_name": "Nguyễn Văn Chủ", "role": SeatRole.CHAIR, "user": p.council},
                                          {"full_name": "Lê Thị Thư", "role": SeatRole.SECRETARY},
                                          {"full_name": "Phạm Văn Vắng", "attendance": Attendance.ABSENT}])  # fmt: skip
    assert (session.name, session.status, session.created_by) == ("Phiên họp tháng 1", SessionStatus.OPEN, p.officer)
    seats = list(session.seats.order_by("pk"))
    assert [(s.full_name, s.role, s.attendance, s.voted) for s in seats] == [
        ("Nguyễn Văn Chủ", SeatRole.CHAIR, Attendance.PRESENT, False),
        ("Lê Thị Thư", SeatRole.SECRETARY, Attendance.PRESENT, False),
        ("Phạm Văn Vắng", SeatRole.MEMBER, Attendance.ABSENT, False),
    ]
    assert seats[0].user == p.council


def test_a_session_needs_a_name_and_a_seat_needs_a_name_and_one_account_once(personas):
    p = personas
    with pytest.raises(ValidationError) as error:
        services.session_create(unit=p.upper, name=" ", held_on=fp.HELD_ON)
    assert "name" in error.value.message_dict
    session = fp.make_session(p, members=2)
    with pytest.raises(ValidationError) as error:
        services.seat_add(session=session, full_name=" ")
    assert "full_name" in error.value.message_dict
    with pytest.raises(ValidationError, match="đã có ghế"):
        services.seat_add(session=session, full_name="Người thứ hai", user=p.council)
    assert session.seats.count() == 2


def test_a_seat_is_marked_absent_or_removed_while_nobody_has_voted(personas):
    session = fp.make_session(personas, members=3)
    first, second, third = session.seats.order_by("pk")
    services.seat_update(seat=third, attendance=Attendance.ABSENT)
    third.refresh_from_db()
    assert third.attendance == Attendance.ABSENT
    services.seat_remove(seat=second)
    assert list(session.seats.order_by("pk")) == [first, third]


# -- items put to the vote ---------------------------------------------------------------------------------------------


def test_only_titles_the_pack_asks_a_vote_for_are_put_to_the_vote(personas):
    p = personas
    proposal = fp.make_received(p, items=[("member_record", "cstdcs"), ("colleague", "ldtt")])
    cstdcs, ldtt = proposal.items.order_by("pk")
    assert services.vote_rule(title_code="ldtt", on=fp.HELD_ON, unit=p.upper) is None
    session = fp.make_session(p, members=3)
    with pytest.raises(ValidationError, match="không cần Hội đồng biểu quyết"):
        services.session_add_items(session=session, items=[ldtt], by=p.officer)
    added = services.session_add_items(session=session, items=[cstdcs], by=p.officer)
    assert [si.item for si in added] == [cstdcs]
    cstdcs.refresh_from_db()
    assert cstdcs.status == ProposalStatus.UNDER_REVIEW
    ldtt.refresh_from_db()
    assert ldtt.status == ProposalStatus.RECEIVED


def test_an_item_is_refused_when_not_received_for_this_level_or_already_in_an_open_session(personas):
    p = personas
    session = fp.make_session(p, members=3)
    submitted = fp.make_submitted(p, items=[("member_record", "cstdcs")]).items.get()
    with pytest.raises(ValidationError, match="chưa được tiếp nhận"):
        services.session_add_items(session=session, items=[submitted])
    elsewhere = fp.make_received(p, items=[("colleague", "cstdcs")], to_unit=p.grassroots).items.get()
    with pytest.raises(ValidationError, match="không gửi tới cấp"):
        services.session_add_items(session=session, items=[elsewhere])
    received = fp.make_received(p, items=[("colleague", "cstdcs")]).items.get()
    services.session_add_items(session=session, items=[received])
    with pytest.raises(ValidationError, match="đang mở"):
        services.session_add_items(session=session, items=[received])
    another = fp.make_session(p, members=3)
    with pytest.raises(ValidationError, match="đang mở"):
        services.session_add_items(session=another, items=[received])
    assert SessionItem.objects.filter(item=received).count() == 1


def test_votable_items_are_the_received_items_of_the_unit_not_yet_in_the_session(personas):
    p = personas
    proposal = fp.make_received(p, items=[("member_record", "cstdcs"), ("colleague", "cstdcs")])
    first, second = proposal.items.order_by("pk")
    fp.make_submitted(p, items=[("member_record", "cstd_province")])  # not received yet
    session = fp.make_session(p, members=3)
    assert list(selectors.votable_items(session)) == [first, second]
    services.session_add_items(session=session, items=[first])
    assert list(selectors.votable_items(session)) == [second]


# -- ballots -----------------------------------------------------------------------------------------------------------


def test_each_seated_member_votes_once_and_others_are_refused(personas):
    p = personas
    session = _one_item_session(p)
    services.ballot_cast(session=session, user=p.council, choices=_all(session, YES))
    seat = session.seats.get(user=p.council)
    assert seat.voted is True
    with pytest.raises(ValidationError, match="đã bỏ phiếu"):
        services.ballot_cast(session=session, user=p.council, choices=_all(session, NO))
    with pytest.raises(ValidationError, match="không có ghế"):
        services.ballot_cast(session=session, user=p.officer, choices=_all(session, YES))
    assert list(Ballot.objects.values_list("choice", "in_writing")) == [(YES, False)]
    assert session.seats.filter(voted=True).count() == 1


def test_a_ballot_covers_every_item_with_a_valid_choice(personas):
    p = personas
    proposal = fp.make_received(p, items=[("member_record", "cstdcs"), ("colleague", "cstdcs")])
    session = fp.put_to_vote(p, list(proposal.items.all()), members=3)
    first, second = session.items.order_by("pk").values_list("pk", flat=True)
    for choices in ({first: YES}, {first: YES, second: NO, second + 1000: YES}, {first: YES, second: "maybe"}):
        with pytest.raises(ValidationError) as error:
            services.ballot_cast(session=session, user=p.council, choices=choices)
        assert "choices" in error.value.message_dict
    assert not Ballot.objects.exists()
    assert session.seats.filter(voted=True).count() == 0  # a refused ballot does not count as participation
    services.ballot_cast(session=session, user=p.council, choices={first: YES, second: BLANK})
    assert sorted(Ballot.objects.values_list("session_item_id", "choice")) == [(first, YES), (second, BLANK)]


def test_a_session_without_items_takes_no_ballot(personas):
    session = fp.make_session(personas, members=3)
    with pytest.raises(ValidationError, match="chưa có mục"):
        services.ballot_cast(session=session, user=personas.council, choices={})


def test_the_secretary_enters_the_written_ballot_of_an_absent_member_once(personas):
    p = personas
    session = _one_item_session(p, members=3, absent=1)
    present = session.seats.get(user=p.council)
    absent = session.seats.get(attendance=Attendance.ABSENT)
    with pytest.raises(ValidationError, match="vắng mặt"):
        services.written_ballot_enter(session=session, seat=present, choices=_all(session, YES), by=p.officer)
    services.written_ballot_enter(session=session, seat=absent, choices=_all(session, NO), by=p.officer)
    absent.refresh_from_db()
    assert absent.voted is True
    assert list(Ballot.objects.values_list("choice", "in_writing")) == [(NO, True)]
    with pytest.raises(ValidationError, match="đã có phiếu"):
        services.written_ballot_enter(session=session, seat=absent, choices=_all(session, YES), by=p.officer)
    with pytest.raises(ValidationError, match="đã bỏ phiếu"):
        services.seat_update(seat=absent, attendance=Attendance.PRESENT)


def test_the_ballots_table_cannot_tell_who_voted_how():
    """A ballot holds its item, the choice and whether it came in writing: no seat, no user, no time, no sequence."""
    fields = {f.name: f for f in Ballot._meta.get_fields()}
    assert set(fields) == {"id", "session_item", "choice", "in_writing"}
    assert isinstance(fields["id"], models.UUIDField)
    related = {f.related_model for f in fields.values() if f.is_relation}
    assert related == {SessionItem}
    assert not any(f.is_relation and f.related_model is Ballot for f in CouncilSeat._meta.get_fields())
    assert not hasattr(Ballot, "history")


def test_the_membership_and_the_items_are_fixed_once_voting_has_started(personas):
    p = personas
    session = _one_item_session(p, members=3)
    services.ballot_cast(session=session, user=p.council, choices=_all(session, YES))
    with pytest.raises(ValidationError, match="thành phần Hội đồng"):
        services.seat_add(session=session, full_name="Người đến muộn")
    with pytest.raises(ValidationError, match="thành phần Hội đồng"):
        services.seat_remove(seat=session.seats.order_by("pk").last())
    later = fp.make_received(p, items=[("colleague", "cstdcs")]).items.get()
    with pytest.raises(ValidationError, match="không thể thêm mục"):
        services.session_add_items(session=session, items=[later])
    assert (session.seats.count(), session.items.count()) == (3, 1)


# -- the threshold of ALL council members ------------------------------------------------------------------------------


def test_the_vote_rule_comes_from_the_pack_and_counts_exactly(personas):
    rule = services.vote_rule(title_code="cstdcs", on=fp.HELD_ON, unit=personas.upper)
    assert (rule.threshold, rule.base, rule.secret_ballot) == (Decimal("0.8"), "all_members", True)
    assert rule.citation
    assert [rule.required_yes(n) for n in (5, 10, 11, 12)] == [4, 8, 9, 10]
    assert rule.passes(8, 10)
    assert not rule.passes(7, 10)
    assert rule.passes(9, 11)
    assert not rule.passes(8, 11)
    assert not rule.passes(0, 0)
    province = services.vote_rule(title_code="cstd_province", on=fp.HELD_ON, unit=personas.upper)
    assert province.threshold == Decimal("0.9")
    assert province.required_yes(10) == 9


@pytest.mark.parametrize(("code", "members", "yes", "passed"), [
    ("cstdcs", 10, 8, True), ("cstdcs", 10, 7, False), ("cstdcs", 11, 9, True), ("cstdcs", 11, 8, False),
    ("cstd_province", 10, 9, True), ("cstd_province", 10, 8, False),
])  # fmt: skip
def test_the_share_of_all_members_decides_at_the_boundary(personas, code, members, yes, passed):
    """The pack's threshold × ALL council members, the rest voting no: exactly the threshold passes, one less fails."""
    p = personas
    rule = services.vote_rule(title_code=code, on=fp.HELD_ON, unit=p.upper)
    assert (yes >= rule.required_yes(members)) is passed
    session = _one_item_session(p, code=code, members=members)
    fp.vote(session, yes=yes, no=members - yes)
    services.session_close(session=session, by=p.officer)
    item = session.items.get()
    assert (item.yes, item.no, item.blank, item.members_total) == (yes, members - yes, 0, members)
    assert item.threshold == rule.threshold
    assert item.passed is passed
    item.item.refresh_from_db()
    assert item.item.status == ProposalStatus.VOTED


def test_members_who_do_not_vote_still_count_and_absent_ones_vote_in_writing(personas):
    """Ten members, three away: seven present yes votes are 70 % and fail; one written yes makes 8 of 10 and passes."""
    p = personas
    failing = _one_item_session(p, members=10, absent=3)
    fp.vote(failing, yes=7)
    services.session_close(session=failing, by=p.officer)
    assert (failing.items.get().yes, failing.items.get().passed) == (7, False)

    passing = _one_item_session(p, members=10, absent=3)
    fp.vote(passing, yes=7)
    absent = passing.seats.filter(attendance=Attendance.ABSENT).order_by("pk").first()
    services.written_ballot_enter(session=passing, seat=absent, choices=_all(passing, YES), by=p.officer)
    services.session_close(session=passing, by=p.officer)
    item = passing.items.get()
    assert (item.yes, item.members_total, item.passed) == (8, 10, True)
    minutes = selectors.session_minutes(passing)
    assert (minutes.present, minutes.absent, minutes.voted, minutes.written) == (7, 3, 8, 1)


# -- the close ---------------------------------------------------------------------------------------------------------


def test_the_close_needs_members_and_items(personas):
    p = personas
    empty = services.session_create(unit=p.upper, name="Không thành viên", held_on=fp.HELD_ON)
    with pytest.raises(ValidationError, match="chưa có thành viên"):
        services.session_close(session=empty)
    without_items = fp.make_session(p, members=3)
    with pytest.raises(ValidationError, match="chưa có mục"):
        services.session_close(session=without_items)
    assert CouncilSession.objects.filter(status=SessionStatus.OPEN).count() == 2


def test_after_the_close_nothing_changes_and_the_recount_equals_the_stored_tally(personas):
    p = personas
    session = _one_item_session(p, members=6, absent=1)
    fp.vote(session, yes=3, no=1)
    late = session.seats.filter(voted=False, attendance=Attendance.PRESENT).get()
    late.user = User.objects.create_user(username="late", password="x")  # a present member who has not voted yet
    late.save(update_fields=["user"])
    absent = session.seats.get(attendance=Attendance.ABSENT)
    assert selectors.session_items(session).get().passed is None  # no result while the session is open
    assert selectors.tally_is_reproducible(session) is False  # nothing is fixed yet
    services.session_close(session=session, by=p.officer)
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    assert session.closed_at is not None
    item = session.items.get()
    stored = (item.yes, item.no, item.blank)
    assert stored == (3, 1, 0)
    assert selectors.recount(session)[item.pk] == selectors.Tally(*stored)
    assert selectors.tally_is_reproducible(session) is True

    later = fp.make_received(p, items=[("colleague", "cstdcs")]).items.get()
    refused = [
        lambda: services.ballot_cast(session=session, user=late.user, choices=_all(session, YES)),
        lambda: services.written_ballot_enter(session=session, seat=absent, choices=_all(session, YES)),
        lambda: services.seat_add(session=session, full_name="Người mới"),
        lambda: services.seat_update(seat=absent, attendance=Attendance.PRESENT),
        lambda: services.seat_remove(seat=absent),
        lambda: services.session_add_items(session=session, items=[later]),
        lambda: services.session_close(session=session),
    ]
    for attempt in refused:
        with pytest.raises(ValidationError, match="đã kết thúc"):
            attempt()
    item.refresh_from_db()
    assert (item.yes, item.no, item.blank) == stored
    assert Ballot.objects.filter(session_item__session=session).count() == 4
    assert session.seats.filter(voted=True).count() == 4
    assert session.seats.count() == 6
    assert selectors.tally_is_reproducible(session) is True


def test_a_tampered_ballot_table_is_caught_by_the_recount(personas):
    p = personas
    session = _one_item_session(p, members=3)
    fp.vote(session, yes=3)
    session = services.session_close(session=session, by=p.officer)
    assert selectors.tally_is_reproducible(session) is True
    Ballot.objects.create(session_item=session.items.get(), choice=NO)  # written behind the services' back
    assert selectors.tally_is_reproducible(session) is False


def test_the_minutes_give_participation_and_the_result_per_item(personas):
    p = personas
    proposal = fp.make_received(p, items=[("member_record", "cstdcs"), ("colleague", "cstdcs")])
    session = fp.put_to_vote(p, list(proposal.items.all()), members=5)
    first, second = session.items.order_by("pk").values_list("pk", flat=True)
    seats = list(session.seats.order_by("pk"))
    services.ballot_cast(session=session, user=p.council, choices={first: YES, second: NO})
    for seat in seats[1:4]:
        fp._cast_for_unlinked_seat(session, seat, {first: YES, second: YES})
    services.session_close(session=session, by=p.officer)
    minutes = selectors.session_minutes(session)
    assert (minutes.present, minutes.absent, minutes.voted, minutes.written) == (5, 0, 4, 0)
    rows = {row.name: row for row in minutes.items}
    hieu, ly = rows["Nguyễn Trung Hiếu"], rows["Trần Thị Hoa Lý"]
    assert (hieu.yes, hieu.no, hieu.blank, hieu.required_yes, hieu.yes_share, hieu.passed) == (
        4, 0, 0, 4, Decimal("80.00"), True)  # fmt: skip
    assert (ly.yes, ly.no, ly.required_yes, ly.yes_share, ly.passed) == (3, 1, 4, Decimal("60.00"), False)
    assert hieu.unit_name == p.member_record.unit.name
    assert "152/2025" in hieu.citation


# -- who sees a session ------------------------------------------------------------------------------------------------


def test_a_session_is_seen_in_scope_or_from_a_seat(personas):
    p = personas
    session = fp.make_session(p, members=2)  # of the upper union; the council persona (grassroots) holds seat one
    other = fp.make_session(p, members=2, with_council_user=False)
    assert set(selectors.sessions_visible(p.officer)) == {session, other}
    assert list(selectors.sessions_visible(p.council)) == [session]
    assert list(selectors.sessions_visible(p.chair)) == []
    assert list(selectors.seated_session_ids(p.council).values_list("session_id", flat=True)) == [session.pk]
    counted = selectors.sessions_visible(p.officer).get(pk=session.pk)
    assert (counted.seat_count, counted.item_count) == (2, 0)


def test_a_later_session_follows_the_pack_in_force_on_its_date(personas):
    """The threshold is read for the session's date; the rule and its citation are stored on the item at the close."""
    p = personas
    proposal = fp.make_received(p, items=[("member_record", "cstdcs")])
    session = fp.put_to_vote(p, list(proposal.items.all()), members=4, held_on=datetime.date(2026, 3, 2))
    fp.vote(session, yes=4)
    services.session_close(session=session, by=p.officer)
    item = session.items.get()
    rule = services.vote_rule(title_code="cstdcs", on=datetime.date(2026, 3, 2), unit=p.upper)
    assert (item.threshold, item.threshold_citation, item.passed) == (rule.threshold, rule.citation[:255], True)
