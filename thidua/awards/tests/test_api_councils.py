"""The council and decision API: the scope contract of every operation (``OPERATIONS``), a secret vote and a
decision through it."""

import pytest

from thidua.api.tests.contract import Case
from thidua.awards.models import Ballot
from thidua.awards.tests import factories_proposals as fp
from thidua.core.testing import Personas

pytestmark = pytest.mark.django_db

OPERATIONS = {
    ("get", "/api/awards/sessions"), ("post", "/api/awards/sessions"), ("get", "/api/awards/sessions/{session_id}"),
    ("post", "/api/awards/sessions/{session_id}/seats"), ("patch", "/api/awards/seats/{seat_id}"),
    ("post", "/api/awards/sessions/{session_id}/items"), ("post", "/api/awards/sessions/{session_id}/ballot"),
    ("post", "/api/awards/seats/{seat_id}/written-ballot"), ("post", "/api/awards/sessions/{session_id}/close"),
    ("get", "/api/awards/sessions/{session_id}/minutes"),
    ("get", "/api/awards/decisions"), ("post", "/api/awards/decisions"), ("get", "/api/awards/decisions/{decision_id}"),
}  # fmt: skip


def _session(p: Personas):
    proposal = fp.make_received(p, items=[("member_record", "cstdcs")])
    return fp.put_to_vote(p, list(proposal.items.all()), members=3, absent=1)


def contract_cases(p: Personas, operation) -> list[Case]:
    manage = {"without_role": [p.council], "outside": [p.chair, p.outsider]}

    def ballot(session):
        return {"choices": {str(si.pk): "yes" for si in session.items.all()}}

    def closed_decision():
        return fp.make_decision(p)

    def cast():
        session = _session(p)
        return Case(
            url=f"/api/awards/sessions/{session.pk}/ballot",
            method="post",
            data=ballot(session),
            allowed=p.council,
            ok_status=(204,),
            without_role=[p.officer],
            outside=[p.chair, p.outsider],
        )

    def written():
        session = _session(p)
        seat = session.seats.order_by("pk").last()
        return Case(
            url=f"/api/awards/seats/{seat.pk}/written-ballot",
            method="post",
            data=ballot(session),
            allowed=p.officer,
            ok_status=(204,),
            **manage,
        )

    def items():
        session = fp.make_session(p, members=3)
        item = fp.make_received(p, items=[("colleague", "cstdcs")]).items.get()
        return Case(
            url=f"/api/awards/sessions/{session.pk}/items",
            method="post",
            data={"items": [item.pk]},
            allowed=p.officer,
            **manage,
        )

    def issue():
        item = fp.make_received(p, items=[("colleague", "ldtt")]).items.get()
        return Case(
            url="/api/awards/decisions",
            method="post",
            allowed=p.officer,
            ok_status=(201,),
            outside=[p.council, p.chair, p.outsider],
            data={
                "issuer": p.upper.pk,
                "decided_on": "2026-01-20",
                "subject_line": "Khen thưởng",
                "signer_name": "Trần Văn Ký",
                "signer_title": "Chủ tịch",
                "items": [item.pk],
            },
        )

    cases = {
        ("get", "/api/awards/sessions"): lambda: [Case(url="/api/awards/sessions", allowed=p.council)],
        ("post", "/api/awards/sessions"): lambda: [Case(
            url="/api/awards/sessions", method="post", allowed=p.officer, ok_status=(201,),
            outside=[p.council, p.chair, p.outsider],
            data={"unit": p.upper.pk, "name": "Phiên họp", "held_on": "2026-01-15",
                  "seats": [{"full_name": "Ủy viên", "username": p.council.username}]})],
        ("get", "/api/awards/sessions/{session_id}"): lambda: [Case(
            url=f"/api/awards/sessions/{_session(p).pk}", allowed=p.council, outside=[p.chair, p.outsider])],
        ("post", "/api/awards/sessions/{session_id}/seats"): lambda: [Case(
            url=f"/api/awards/sessions/{fp.make_session(p, members=2).pk}/seats", method="post", allowed=p.officer,
            ok_status=(201,), data={"full_name": "Phạm Văn Mới"}, **manage)],
        ("patch", "/api/awards/seats/{seat_id}"): lambda: [Case(
            url=f"/api/awards/seats/{_session(p).seats.order_by('pk').last().pk}", method="patch",
            data={"attendance": "present"}, allowed=p.officer, **manage)],
        ("post", "/api/awards/sessions/{session_id}/items"): lambda: [items()],
        ("post", "/api/awards/sessions/{session_id}/ballot"): lambda: [cast()],
        ("post", "/api/awards/seats/{seat_id}/written-ballot"): lambda: [written()],
        ("get", "/api/awards/sessions/{session_id}/minutes"): lambda: [Case(
            url=f"/api/awards/sessions/{_session(p).pk}/minutes", allowed=p.council, outside=[p.chair, p.outsider])],
        ("post", "/api/awards/sessions/{session_id}/close"): lambda: [Case(
            url=f"/api/awards/sessions/{_session(p).pk}/close", method="post", allowed=p.officer, **manage)],
        ("get", "/api/awards/decisions"): lambda: [Case(url="/api/awards/decisions", allowed=p.chair)],
        ("post", "/api/awards/decisions"): lambda: [issue()],
        ("get", "/api/awards/decisions/{decision_id}"): lambda: [Case(
            url=f"/api/awards/decisions/{closed_decision().pk}", allowed=p.officer, outside=[p.chair, p.outsider])],
    }  # fmt: skip
    return cases[operation]()


@pytest.mark.parametrize("operation", sorted(OPERATIONS), ids=" ".join)
def test_it_scopes_the_operation(client, personas, operation):
    for case in contract_cases(personas, operation):
        case.check(client)


def test_a_secret_vote_and_a_decision_through_the_api(client, personas):
    p = personas
    session = _session(p)
    choices = {"choices": {str(si.pk): "yes" for si in session.items.all()}}
    client.force_login(p.council)
    assert client.post(f"/api/awards/sessions/{session.pk}/ballot", choices,
                       content_type="application/json").status_code == 204  # fmt: skip
    twice = client.post(f"/api/awards/sessions/{session.pk}/ballot", choices, content_type="application/json")
    assert twice.status_code == 422
    before = client.get(f"/api/awards/sessions/{session.pk}").json()
    assert before["items"][0]["passed"] is None  # no result before the close
    assert [s["voted"] for s in before["seats"]] == [True, False, False]

    client.force_login(p.officer)
    for seat in session.seats.order_by("pk")[1:]:
        if seat.attendance == "absent":
            client.post(f"/api/awards/seats/{seat.pk}/written-ballot", choices, content_type="application/json")
    closed = client.post(f"/api/awards/sessions/{session.pk}/close").json()
    result = closed["items"][0]
    assert (result["yes"], result["members_total"], result["required_yes"]) == (2, 3, 3)
    assert result["passed"] is False  # 2 of 3 is 66.7%, under the 80% of all members
    assert closed["tally_reproducible"] is True
    assert Ballot.objects.count() == 2

    item = fp.make_received(p, items=[("colleague", "ldtt")]).items.get()
    decision = client.post("/api/awards/decisions", {
        "issuer": p.upper.pk, "decided_on": "2026-01-20", "subject_line": "Khen thưởng năm 2025",
        "signer_name": "Trần Văn Ký", "signer_title": "Chủ tịch", "items": [item.pk]},
        content_type="application/json").json()  # fmt: skip
    assert decision["number"] == 1
    assert decision["awardees"][0]["display_name"] == "Trần Thị Hoa Lý"
    assert decision["total"] == decision["awardees"][0]["amount"]
    refused = client.post("/api/awards/decisions", {
        "issuer": p.upper.pk, "decided_on": "2026-01-20", "subject_line": "Khen thưởng", "signer_name": "Ký",
        "signer_title": "Chủ tịch", "items": [session.items.get().item_id]},
        content_type="application/json")  # fmt: skip
    assert refused.status_code == 422
    assert "chưa được Hội đồng biểu quyết đạt" in str(refused.json()["errors"])


def test_the_minutes_give_participation_and_fix_the_result_only_at_the_close(client, personas):
    p = personas
    session = fp.put_to_vote(p, list(fp.make_received(p, items=[("member_record", "cstdcs")]).items.all()),
                             members=5, absent=1)  # fmt: skip
    fp.vote(session, yes=3)  # three of the four present members vote yes
    client.force_login(p.officer)
    absent = session.seats.get(attendance="absent")
    choices = {"choices": {str(si.pk): "yes" for si in session.items.all()}}
    assert client.post(f"/api/awards/seats/{absent.pk}/written-ballot", choices,
                       content_type="application/json").status_code == 204  # fmt: skip
    client.force_login(p.council)
    url = f"/api/awards/sessions/{session.pk}/minutes"
    open_minutes = client.get(url).json()
    assert (open_minutes["members_total"], open_minutes["present"], open_minutes["absent"]) == (5, 4, 1)
    assert (open_minutes["voted"], open_minutes["written"]) == (4, 1)
    assert open_minutes["items"][0]["yes"] is None
    assert open_minutes["items"][0]["passed"] is None
    assert open_minutes["tally_reproducible"] is None

    client.force_login(p.officer)
    client.post(f"/api/awards/sessions/{session.pk}/close")
    minutes = client.get(url).json()
    result = minutes["items"][0]
    assert (result["yes"], result["no"], result["blank"], result["members_total"]) == (4, 0, 0, 5)
    assert (result["required_yes"], result["passed"]) == (4, True)  # 4 of 5 is exactly 80 %
    assert minutes["tally_reproducible"] is True
    assert minutes["session"]["status"] == "closed"


def test_a_closed_session_refuses_changes_through_the_api(client, personas):
    p = personas
    session = fp.make_closed_session(p, yes=8, members=10)
    client.force_login(p.officer)
    seat = session.seats.order_by("pk").last()
    for response in (
        client.patch(f"/api/awards/seats/{seat.pk}", {"attendance": "absent"}, content_type="application/json"),
        client.post(f"/api/awards/sessions/{session.pk}/seats", {"full_name": "Người mới"},
                    content_type="application/json"),
        client.post(f"/api/awards/sessions/{session.pk}/close"),
    ):  # fmt: skip
        assert response.status_code == 422
        assert "đã kết thúc" in str(response.json())
    assert session.seats.count() == 10


def test_an_item_cannot_be_awarded_and_not_awarded_in_one_decision(client, personas):
    p = personas
    item = fp.make_received(p, items=[("colleague", "ldtt")]).items.get()
    client.force_login(p.officer)
    response = client.post("/api/awards/decisions", {
        "issuer": p.upper.pk, "decided_on": "2026-01-20", "subject_line": "Khen thưởng", "signer_name": "Ký",
        "signer_title": "Chủ tịch", "items": [item.pk], "reject_items": [item.pk], "reject_reason": "Nhầm"},
        content_type="application/json")  # fmt: skip
    assert response.status_code == 422
    assert "vừa khen thưởng vừa không khen thưởng" in str(response.json())
    item.refresh_from_db()
    assert item.status == "received"
