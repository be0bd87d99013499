"""The commendation journey through the pages: a grassroots chair proposes, the upper union receives and returns one
item, its council votes by secret ballot, and it issues a numbered decision with rewards."""

import datetime

import pytest
from django.urls import reverse

from thidua.awards.choices import ProposalStatus, SessionStatus
from thidua.awards.models import Ballot, CouncilSession, Decision, Proposal
from thidua.awards.tests import factories_proposals as fp

pytestmark = pytest.mark.django_db


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def test_a_chair_proposes_sees_the_flag_gives_a_reason_and_submits(client, personas):
    p = personas
    client.force_login(p.chair)
    response = client.post(reverse("awards:proposal_create") + f"?unit={p.grassroots.pk}", {
        "unit": p.grassroots.pk, "to_unit": p.upper.pk, "year": fp.YEAR, "subject_line": "Đề nghị khen thưởng 2025",
        "signer_name": "Hoàng Thanh Hiến", "signer_title": "Chủ tịch"})  # fmt: skip
    proposal = Proposal.objects.get()
    assert response.url == reverse("awards:proposal_detail", args=[proposal.pk])
    detail = reverse("awards:proposal_detail", args=[proposal.pk])

    add = client.post(reverse("awards:proposal_item_add", args=[proposal.pk]),
                      {"item-title_code": "cstdcs", "item-member_code": p.member_record.code}, follow=True)  # fmt: skip
    assert "chưa đủ điều kiện" in _messages(add)
    page = add.content.decode()
    assert "Chưa đủ điều kiện" in page
    assert "Giải trình" in page

    refused = client.post(reverse("awards:proposal_submit", args=[proposal.pk]), follow=True)
    assert "cần ghi lý do" in _messages(refused)
    assert Proposal.objects.get().status == ProposalStatus.DRAFT

    item = proposal.items.get()
    client.post(reverse("awards:proposal_item_edit", args=[item.pk]), {"override_reason": fp.OVERRIDE})
    done = client.post(reverse("awards:proposal_submit", args=[proposal.pk]), follow=True)
    assert "Đã gửi đề nghị" in _messages(done)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.symbol in client.get(detail).content.decode()


def test_an_unknown_member_code_is_named_on_the_form(client, personas):
    proposal = fp.make_proposal(personas, items=[])
    client.force_login(personas.chair)
    response = client.post(reverse("awards:proposal_item_add", args=[proposal.pk]),
                           {"item-title_code": "ldtt", "item-member_code": "KHONGCO"})  # fmt: skip
    assert response.status_code == 400
    assert "Không có đoàn viên mã «KHONGCO»" in response.content.decode()
    assert not proposal.items.exists()


def test_the_upper_union_receives_and_returns_one_item_the_other_goes_on(client, personas):
    p = personas
    proposal = fp.make_submitted(p, items=[("member_record", "ldtt"), ("colleague", "ldtt")])
    client.force_login(p.officer)
    incoming = client.get(reverse("awards:proposals") + "?tab=in")
    assert proposal in list(incoming.context["page"])
    client.post(reverse("awards:proposal_receive", args=[proposal.pk]))
    first, second = proposal.items.order_by("pk")
    no_reason = client.post(reverse("awards:proposal_item_return", args=[first.pk]), {"reason": ""}, follow=True)
    assert "Nhập lý do" in _messages(no_reason)
    client.post(reverse("awards:proposal_item_return", args=[first.pk]), {"reason": "Thiếu biên bản bình xét"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (ProposalStatus.RETURNED, ProposalStatus.RECEIVED)

    client.force_login(p.chair)
    page = client.get(reverse("awards:proposal_detail", args=[proposal.pk])).content.decode()
    assert "Thiếu biên bản bình xét" in page


def test_the_proposal_lists_do_not_grow_queries_with_rows(client, personas, django_assert_max_num_queries):
    for _ in range(3):
        fp.make_submitted(personas, items=[("member_record", "ldtt")])
    client.force_login(personas.officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("awards:proposals") + "?tab=in")
    assert len(response.context["page"]) == 3
    with django_assert_max_num_queries(12):
        client.get(reverse("awards:sessions"))
    with django_assert_max_num_queries(12):
        client.get(reverse("awards:decisions"))


def test_a_council_session_from_seats_to_the_fixed_tally(client, personas):
    p = personas
    proposal = fp.make_received(p, items=[("member_record", "cstdcs")])
    client.force_login(p.officer)
    client.post(reverse("awards:session_create"), {"unit": p.upper.pk, "name": "Phiên họp tháng 1",
                                                  "held_on": "15/01/2026", "place": "Hội trường"})  # fmt: skip
    session = CouncilSession.objects.get()
    seat_url = reverse("awards:seat_add", args=[session.pk])
    client.post(seat_url, {"seat-full_name": "Ủy viên Một", "seat-role": "chair", "seat-attendance": "present",
                           "seat-username": p.council.username})  # fmt: skip
    client.post(seat_url, {"seat-full_name": "Ủy viên Hai", "seat-role": "secretary", "seat-attendance": "absent"})
    client.post(reverse("awards:session_items_add", args=[session.pk]), {"items": [proposal.items.get().pk]})
    session_item = session.items.get()

    client.force_login(p.council)
    ballot_url = reverse("awards:ballot", args=[session.pk])
    assert "Nguyễn Trung Hiếu" in client.get(ballot_url).content.decode()
    client.post(ballot_url, {f"item_{session_item.pk}": "yes"})
    assert "Bạn đã bỏ phiếu" in client.get(ballot_url).content.decode()
    again = client.post(ballot_url, {f"item_{session_item.pk}": "no"}, follow=True)
    assert "đã bỏ phiếu" in _messages(again)
    assert Ballot.objects.count() == 1

    client.force_login(p.officer)
    absent = session.seats.get(full_name="Ủy viên Hai")
    client.post(reverse("awards:written_ballot", args=[absent.pk]), {f"item_{session_item.pk}": "yes"})
    client.post(reverse("awards:session_close", args=[session.pk]))
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    page = client.get(reverse("awards:session_detail", args=[session.pk])).content.decode()
    assert "2/2" in page
    assert "Đạt" in page
    assert "Kiểm phiếu lại khớp kết quả đã lưu" in page


def test_a_decision_numbers_lists_and_rewards_the_awardees(client, personas):
    p = personas
    session = fp.make_closed_session(p, items=[("member_record", "cstdcs"), ("colleague", "cstdcs")])
    client.force_login(p.officer)
    url = reverse("awards:decision_create") + f"?unit={p.upper.pk}"
    items = [i.pk for i in session.items.all()[0].item.proposal.items.all()]
    response = client.post(url, {"unit": p.upper.pk, "decided_on": "20/01/2026", "subject_line": "Khen thưởng 2025",
                                 "signer_name": "Trần Văn Ký", "signer_title": "Chủ tịch", "award": items})  # fmt: skip
    decision = Decision.objects.get()
    assert response.url == reverse("awards:decision_detail", args=[decision.pk])
    assert decision.number == 1
    assert decision.decided_on == datetime.date(2026, 1, 20)
    page = client.get(response.url).content.decode()
    assert decision.symbol in page
    assert "Nguyễn Trung Hiếu" in page
    assert "Trần Thị Hoa Lý" in page
    total = sum(a.amount for a in decision.awardees.all())
    assert total == 2 * decision.base_salary  # CSTĐCS: 1.0 × base salary each (reward.coefficients of the pack)
    assert f"{int(total):,}".replace(",", ".") in page


def test_a_decision_without_items_is_refused_on_the_form(client, personas):
    client.force_login(personas.officer)
    url = reverse("awards:decision_create") + f"?unit={personas.upper.pk}"
    response = client.post(url, {"unit": personas.upper.pk, "decided_on": "20/01/2026", "subject_line": "Khen",
                                 "signer_name": "Trần Văn Ký", "signer_title": "Chủ tịch"})  # fmt: skip
    assert response.status_code == 400
    assert "Chọn ít nhất một người" in response.content.decode()
    assert not Decision.objects.exists()
