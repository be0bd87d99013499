"""The council-session and decision pages: what a council member, the secretary and the issuing officer see and do,
the refusals they read, and list pages whose query count does not grow with their rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.awards import services
from thidua.awards.choices import Attendance, BallotChoice, ProposalStatus
from thidua.awards.models import Ballot, CouncilSession, Decision
from thidua.awards.tests import factories_proposals as fp

pytestmark = pytest.mark.django_db


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def _session(p, *, members: int = 3, absent: int = 1, items=(("member_record", "cstdcs"),)) -> CouncilSession:
    proposal = fp.make_received(p, items=list(items))
    return fp.put_to_vote(p, list(proposal.items.all()), members=members, absent=absent)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_session_list_keeps_its_query_count_and_shows_dd_mm_yyyy(client, personas, django_assert_max_num_queries):
    p = personas
    _session(p)
    client.force_login(p.council)
    url = reverse("awards:sessions")
    one = _queries(client, url)
    for day in (16, 17, 18, 19):
        fp.make_session(p, members=2, held_on=datetime.date(2026, 1, day))
    with django_assert_max_num_queries(one):
        page = client.get(url).content.decode()
    assert "19/01/2026" in page
    assert "15/01/2026" in page
    assert page.count(reverse("awards:ballot", args=[CouncilSession.objects.order_by("pk").first().pk])) == 1


def test_the_decision_list_keeps_its_query_count(client, personas, django_assert_max_num_queries):
    p = personas
    fp.make_decision(p)
    client.force_login(p.officer)
    url = reverse("awards:decisions")
    one = _queries(client, url)
    for attribute in ("member_record", "colleague"):
        item = fp.make_received(p, items=[(attribute, "ldtt")]).items.get()
        services.decision_issue(issuer=p.upper, decided_on=fp.DECIDED_ON, subject_line="Khen thưởng LĐTT",
                                signer_name="Trần Văn Ký", signer_title="Chủ tịch", items=[item])  # fmt: skip
    with django_assert_max_num_queries(one):
        page = client.get(url).content.decode()
    assert page.count("/QĐ-") == 3
    assert "20/01/2026" in page
    assert client.get(url + "?year=2025").context["page"].object_list.count() == 0


def test_the_ballot_offers_three_choices_per_item_then_only_the_acknowledgement(client, personas):
    p = personas
    session = _session(p, items=[("member_record", "cstdcs"), ("colleague", "cstdcs")])
    first, second = session.items.order_by("pk")
    client.force_login(p.council)
    url = reverse("awards:ballot", args=[session.pk])
    page = client.get(url).content.decode()
    for si in (first, second):
        for choice in BallotChoice.values:
            assert f'name="item_{si.pk}" value="{choice}"' in page
    assert page.count('type="radio"') == 6
    assert "Đồng ý" in page
    assert "Không đồng ý" in page
    assert "Không biểu quyết" in page

    incomplete = client.post(url, {f"item_{first.pk}": "yes"})
    assert incomplete.status_code == 200
    assert not Ballot.objects.exists()

    response = client.post(url, {f"item_{first.pk}": "yes", f"item_{second.pk}": "blank"}, follow=True)
    assert "Đã ghi nhận phiếu của bạn" in _messages(response)
    page = response.content.decode()
    assert "Bạn đã bỏ phiếu" in page
    assert 'type="radio"' not in page
    assert sorted(Ballot.objects.values_list("choice", flat=True)) == ["blank", "yes"]


def test_the_session_page_shows_who_voted_but_no_result_before_the_close(client, personas):
    p = personas
    session = _session(p)
    services.ballot_cast(session=session, user=p.council, choices=dict.fromkeys(
        session.items.values_list("pk", flat=True), BallotChoice.YES))  # fmt: skip
    client.force_login(p.officer)
    page = client.get(reverse("awards:session_detail", args=[session.pk])).content.decode()
    assert page.count("đã bỏ phiếu</span>") == 1
    assert "Kết quả công bố khi kết thúc phiên họp" in page
    assert reverse("documents:session", args=[session.pk]) in page
    assert reverse("awards:written_ballot", args=[session.seats.get(attendance=Attendance.ABSENT).pk]) in page
    assert reverse("awards:session_close", args=[session.pk]) in page


def test_a_closed_session_shows_the_fixed_result_and_takes_no_more_ballots(client, personas):
    p = personas
    session = fp.make_closed_session(p, yes=8, members=10)
    client.force_login(p.council)
    page = client.get(reverse("awards:session_detail", args=[session.pk])).content.decode()
    assert "8/10" in page
    assert "Đạt" in page
    assert "80,00% đồng ý; cần 8 phiếu" in page
    assert reverse("awards:session_close", args=[session.pk]) not in page
    ballot = client.get(reverse("awards:ballot", args=[session.pk])).content.decode()
    assert 'type="radio"' not in ballot


def test_the_secretary_marks_absence_enters_written_ballots_and_removes_seats(client, personas):
    p = personas
    session = _session(p, members=3, absent=0)
    _council, second, third = session.seats.order_by("pk")
    client.force_login(p.officer)
    detail = reverse("awards:session_detail", args=[session.pk])
    item_field = f"item_{session.items.get().pk}"

    refused = client.post(reverse("awards:written_ballot", args=[second.pk]), {item_field: "yes"}, follow=True)
    assert "Chỉ nhập phiếu bằng văn bản của thành viên vắng mặt" in _messages(refused)
    client.post(reverse("awards:seat_attendance", args=[second.pk]), {"attendance": "absent"})
    second.refresh_from_db()
    assert second.attendance == Attendance.ABSENT
    assert "Chọn có mặt hoặc vắng mặt" in _messages(client.post(
        reverse("awards:seat_attendance", args=[third.pk]), {"attendance": "late"}, follow=True))  # fmt: skip

    entered = client.post(reverse("awards:written_ballot", args=[second.pk]), {item_field: "no"})
    assert entered.url == detail
    assert list(Ballot.objects.values_list("choice", "in_writing")) == [("no", True)]
    again = client.get(reverse("awards:written_ballot", args=[second.pk])).content.decode()
    assert "Phiếu của thành viên này đã được ghi nhận" in again
    assert 'type="radio"' not in again

    removed = client.post(reverse("awards:seat_remove", args=[third.pk]), follow=True)
    assert "không thể thay đổi thành phần Hội đồng" in _messages(removed)
    assert session.seats.count() == 3


def test_the_session_page_puts_only_items_needing_a_vote(client, personas):
    p = personas
    session = fp.make_session(p, members=3)
    proposal = fp.make_received(p, items=[("member_record", "cstdcs"), ("colleague", "ldtt")])
    cstdcs, ldtt = proposal.items.order_by("pk")
    client.force_login(p.officer)
    page = client.get(reverse("awards:session_detail", args=[session.pk])).content.decode()
    assert f'name="items" value="{cstdcs.pk}"' in page
    url = reverse("awards:session_items_add", args=[session.pk])
    refused = client.post(url, {"items": [ldtt.pk]}, follow=True)
    assert "không cần Hội đồng biểu quyết" in _messages(refused)
    assert "Chọn ít nhất một mục" in _messages(client.post(url, {}, follow=True))
    added = client.post(url, {"items": [cstdcs.pk]}, follow=True)
    assert "Đã đưa 1 mục ra biểu quyết" in _messages(added)
    assert [si.item for si in session.items.all()] == [cstdcs]
    cstdcs.refresh_from_db()
    assert cstdcs.status == ProposalStatus.UNDER_REVIEW


def test_a_session_is_created_only_for_a_unit_where_the_user_confers_awards(client, personas):
    p = personas
    client.force_login(p.officer)
    url = reverse("awards:session_create")
    form = client.get(url).content.decode()
    assert p.upper.name in form
    outside = services_unit_outside(p)
    refused = client.post(url, {"unit": outside.pk, "name": "Phiên họp", "held_on": "15/01/2026"})
    assert refused.status_code == 200
    assert "unit" in refused.context["form"].errors
    created = client.post(url, {"unit": p.upper.pk, "name": "Phiên họp tháng 1", "held_on": "15/01/2026",
                                "place": "Hội trường"})  # fmt: skip
    session = CouncilSession.objects.get()
    assert created.url == reverse("awards:session_detail", args=[session.pk])
    assert (session.unit, session.held_on, session.place) == (p.upper, fp.HELD_ON, "Hội trường")


def services_unit_outside(p):
    from thidua.organizations.choices import UnitKind
    from thidua.organizations.services import unit_create

    return unit_create(name="Công đoàn tỉnh khác", kind=UnitKind.UPPER)


def test_a_seat_for_an_unknown_account_is_refused(client, personas):
    p = personas
    session = fp.make_session(p, members=1)
    client.force_login(p.officer)
    response = client.post(reverse("awards:seat_add", args=[session.pk]), {
        "seat-full_name": "Người lạ", "seat-role": "member", "seat-attendance": "present",
        "seat-username": "khong-co"}, follow=True)  # fmt: skip
    assert "Không có tài khoản «khong-co»" in _messages(response)
    assert session.seats.count() == 1


# -- decisions ---------------------------------------------------------------------------------------------------------


def test_the_decision_page_lists_the_annex_and_links_the_documents(client, personas):
    p = personas
    decision = fp.make_decision(p, items=[("member_record", "cstdcs"), ("colleague", "cstdcs")])
    client.force_login(p.officer)
    page = client.get(reverse("awards:decision_detail", args=[decision.pk])).content.decode()
    assert reverse("documents:decision", args=[decision.pk]) in page
    assert reverse("awards:session_detail", args=[decision.session_id]) in page
    assert "20/01/2026" in page
    awardee = decision.awardees.order_by("position").first()
    amount = f"{int(awardee.amount):,}".replace(",", ".")
    total = f"{int(2 * awardee.amount):,}".replace(",", ".")
    assert page.count(amount) >= 2
    assert f'id="total">{total}' in page
    assert "Chiến sĩ thi đua cơ sở" in page
    assert "Trần Thị Hoa Lý" in page


def test_the_issue_form_offers_decidable_items_and_asks_a_reason_for_the_others(client, personas):
    p = personas
    proposal = fp.make_received(p, items=[("member_record", "ldtt"), ("colleague", "ldtt")])
    awarded, not_awarded = proposal.items.order_by("pk")
    client.force_login(p.officer)
    url = reverse("awards:decision_create") + f"?unit={p.upper.pk}"
    form = client.get(url).content.decode()
    assert f'name="award" value="{awarded.pk}"' in form
    assert f'name="reject" value="{not_awarded.pk}"' in form
    data = {"unit": p.upper.pk, "decided_on": "20/01/2026", "subject_line": "Khen thưởng 2025",
            "signer_name": "Trần Văn Ký", "signer_title": "Chủ tịch", "award": [awarded.pk],
            "reject": [not_awarded.pk]}  # fmt: skip
    missing = client.post(url, data)
    assert missing.status_code == 400
    assert "Nhập lý do không khen thưởng" in missing.content.decode()
    assert not Decision.objects.exists()
    issued = client.post(url, {**data, "reject_reason": "Chưa đủ thời gian công tác"})
    decision = Decision.objects.get()
    assert issued.url == reverse("awards:decision_detail", args=[decision.pk])
    not_awarded.refresh_from_db()
    assert not_awarded.status == ProposalStatus.REJECTED
    assert [a.item_id for a in decision.awardees.all()] == [awarded.pk]


def test_the_issue_form_names_an_item_whose_vote_failed(client, personas):
    p = personas
    session = fp.make_closed_session(p, yes=7, members=10)
    item = session.items.get().item
    client.force_login(p.officer)
    url = reverse("awards:decision_create") + f"?unit={p.upper.pk}"
    assert "Không đạt" in client.get(url).content.decode()
    data = {"unit": p.upper.pk, "decided_on": "20/01/2026", "subject_line": "Khen thưởng",
            "signer_name": "Trần Văn Ký", "signer_title": "Chủ tịch", "award": [item.pk]}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 400
    assert "chưa được Hội đồng biểu quyết đạt" in response.content.decode()
    assert not Decision.objects.exists()


def test_the_session_page_does_not_grow_queries_with_its_seats(client, personas, django_assert_max_num_queries):
    p = personas
    small = _session(p, members=3, absent=2)
    large = _session(p, members=12, absent=8, items=[("colleague", "cstdcs")])
    client.force_login(p.officer)
    few = _queries(client, reverse("awards:session_detail", args=[small.pk]))
    with django_assert_max_num_queries(few):
        page = client.get(reverse("awards:session_detail", args=[large.pk])).content.decode()
    assert page.count("Nhập phiếu văn bản") == 8
