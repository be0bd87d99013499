"""Every council-session and decision page obeys the scope contract: running a session and issuing a decision need
``confer_awards`` on the session's or issuer's unit; the ballot needs a seat in the session (a seated council member
sees the session even outside their scope). ``COVERED`` is read by thidua/core/tests/test_page_scope.py."""

import pytest
from django.urls import reverse

from thidua.awards.tests import factories_proposals as fp
from thidua.core.testing import Personas, assert_scope_contract

pytestmark = pytest.mark.django_db

COVERED = {
    "awards:sessions", "awards:session_create", "awards:session_detail", "awards:seat_add", "awards:session_items_add",
    "awards:ballot", "awards:session_close", "awards:seat_attendance", "awards:seat_remove", "awards:written_ballot",
    "awards:decisions", "awards:decision_create", "awards:decision_detail",
}  # fmt: skip


def case(url, *, allowed, without_role=(), outside=(), method="get", data=None) -> dict:
    return {"url": url, "allowed": allowed, "without_role": list(without_role), "outside": list(outside),
            "method": method, "data": data}  # fmt: skip


def _cases(p: Personas, name: str) -> list[dict]:
    if name == "awards:sessions":
        return [case(reverse(name), allowed=p.council)]
    if name == "awards:session_create":
        return [case(reverse(name), allowed=p.officer, without_role=[p.council, p.group_leader, p.member])]
    if name == "awards:decisions":
        return [case(reverse(name), allowed=p.chair)]
    if name == "awards:decision_create":
        return [case(reverse(name), allowed=p.officer, without_role=[p.council, p.member]),
                case(reverse(name) + f"?unit={p.upper.pk}", allowed=p.officer, without_role=[p.council],
                     outside=[p.chair, p.outsider])]  # fmt: skip
    if name == "awards:decision_detail":
        decision = fp.make_decision(p)
        return [case(reverse(name, args=[decision.pk]), allowed=p.officer, outside=[p.chair, p.outsider])]
    # A session of the upper union; the council persona holds its first seat (so sees it), the chair does not.
    proposal = fp.make_received(p, items=[("member_record", "cstdcs")])
    session = fp.put_to_vote(p, list(proposal.items.all()), members=3, absent=1)
    seat = session.seats.order_by("pk").last()
    manage = {"without_role": [p.council], "outside": [p.chair, p.outsider]}
    if name == "awards:session_detail":
        return [case(reverse(name, args=[session.pk]), allowed=p.council, outside=[p.chair, p.outsider])]
    if name == "awards:seat_add":
        data = {"seat-full_name": "Phạm Văn Mới", "seat-role": "member", "seat-attendance": "present"}
        return [case(reverse(name, args=[session.pk]), method="post", data=data, allowed=p.officer, **manage)]
    if name == "awards:session_items_add":
        return [case(reverse(name, args=[session.pk]), method="post", data={"items": []}, allowed=p.officer,
                     **manage)]  # fmt: skip
    if name == "awards:ballot":
        return [case(reverse(name, args=[session.pk]), allowed=p.council, without_role=[p.officer],
                     outside=[p.chair, p.outsider])]  # fmt: skip
    if name == "awards:session_close":
        return [case(reverse(name, args=[session.pk]), method="post", allowed=p.officer, **manage)]
    if name == "awards:seat_attendance":
        return [case(reverse(name, args=[seat.pk]), method="post", data={"attendance": "absent"}, allowed=p.officer,
                     **manage)]  # fmt: skip
    if name == "awards:seat_remove":
        return [case(reverse(name, args=[seat.pk]), method="post", allowed=p.officer, **manage)]
    if name == "awards:written_ballot":
        return [case(reverse(name, args=[seat.pk]), allowed=p.officer, **manage)]
    raise AssertionError(name)


@pytest.mark.parametrize("name", sorted(COVERED))
def test_it_scopes_the_page(client, personas, name):
    for c in _cases(personas, name):
        assert_scope_contract(client, url=c["url"], method=c["method"], data=c["data"], allowed=c["allowed"],
                              in_scope_without_role=c["without_role"], out_of_scope=c["outside"])  # fmt: skip
