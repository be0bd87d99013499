"""Proposals through the levels: items, eligibility flags, caps, statuses with their history, item-level return."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from thidua.awards import selectors, services
from thidua.awards.choices import ProposalStatus
from thidua.awards.models import ProposalEvent
from thidua.awards.tests.factories_proposals import YEAR, make_proposal, make_received, make_submitted
from thidua.members.services import member_create
from thidua.organizations.choices import UnitKind
from thidua.organizations.services import unit_create

pytestmark = pytest.mark.django_db


def test_it_creates_a_draft_with_items_checked_for_eligibility(personas):
    proposal = make_proposal(personas, items=[("member_record", "ldtt"), ("group", "tt_ldtt")])
    assert proposal.status == ProposalStatus.DRAFT
    items = list(proposal.items.order_by("pk"))
    assert [i.title_code for i in items] == ["ldtt", "tt_ldtt"]
    assert items[0].title_name == "Lao động tiên tiến"
    assert all(i.checked_at is not None for i in items)
    assert all(isinstance(i.eligibility, list) and i.eligibility for i in items)


def test_the_conferring_level_must_be_the_unit_or_above(personas):
    with pytest.raises(ValidationError) as error:
        services.proposal_create(proposing_unit=personas.upper, to_unit=personas.grassroots, year=YEAR,
                                 subject_line="Sai cấp")  # fmt: skip
    assert "to_unit" in error.value.message_dict


def test_it_refuses_a_subject_outside_the_proposing_unit_and_a_wrong_subject_kind(personas):
    proposal = make_proposal(personas, items=[])
    with pytest.raises(ValidationError) as error:
        services.item_add(proposal=proposal, title_code="ldtt", member=personas.stranger)
    assert "không thuộc đơn vị đề nghị" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.item_add(proposal=proposal, title_code="tt_ldtt", member=personas.member_record)
    assert "title_code" in error.value.message_dict
    services.item_add(proposal=proposal, title_code="ldtt", member=personas.member_record)
    with pytest.raises(ValidationError, match="Đã có"):
        services.item_add(proposal=proposal, title_code="ldtt", member=personas.member_record)


def test_a_title_for_women_only_refuses_a_man(personas):
    proposal = make_proposal(personas, items=[])
    with pytest.raises(ValidationError, match="chỉ xét cho nữ"):
        services.item_add(proposal=proposal, title_code="bk_gvn_dvn", member=personas.member_record)
    item = services.item_add(proposal=proposal, title_code="bk_gvn_dvn", member=personas.colleague)
    assert item.title_code == "bk_gvn_dvn"


def test_an_ineligible_item_without_a_reason_is_flagged_before_submission(personas):
    proposal = make_proposal(personas, items=[])
    item = services.item_add(proposal=proposal, title_code="cstdcs", member=personas.member_record)
    assert item.eligible is False  # no rating, no initiative recorded for the year
    with pytest.raises(ValidationError) as error:
        services.proposal_submit(proposal=proposal, by=personas.chair)
    assert "Nguyễn Trung Hiếu" in str(error.value)
    assert "lý do" in str(error.value)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.number is None
    services.item_update(item=item, override_reason="Có sáng kiến được công nhận, hồ sơ kèm theo")
    services.proposal_submit(proposal=proposal, by=personas.chair)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_submission_numbers_the_cover_memo_per_year(personas):
    first = make_submitted(personas)
    second = make_submitted(personas, items=[("colleague", "ldtt")])
    assert (first.number, second.number) == (1, 2)
    assert first.symbol.startswith("01/TTr-")
    assert first.submitted_on == datetime.date(YEAR + 1, 1, 5)
    third = make_proposal(personas, items=[("colleague", "cstdcs")])
    third = services.proposal_submit(proposal=third, on=datetime.date(YEAR + 2, 1, 2))
    assert third.number == 1  # 01 again from 1 January


def test_statuses_through_the_levels_with_history(personas):
    proposal = make_received(personas, items=[("member_record", "ldtt"), ("colleague", "ldtt")])
    assert proposal.status == ProposalStatus.RECEIVED
    assert set(proposal.items.values_list("status", flat=True)) == {ProposalStatus.RECEIVED}
    batch = list(ProposalEvent.objects.filter(proposal=proposal, item=None).values_list("from_status", "to_status"))
    assert batch == [("", "draft"), ("draft", "submitted"), ("submitted", "received")]
    assert ProposalEvent.objects.filter(proposal=proposal, item__isnull=False, to_status="received").count() == 2


def test_returning_one_item_leaves_the_others_going(personas):
    proposal = make_received(personas, items=[("member_record", "ldtt"), ("colleague", "ldtt")])
    first, second = proposal.items.order_by("pk")
    services.item_return(item=first, reason="Thiếu báo cáo thành tích", by=personas.officer)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == ProposalStatus.RETURNED
    assert first.return_reason == "Thiếu báo cáo thành tích"
    assert second.status == ProposalStatus.RECEIVED
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RETURNED  # the batch waits on the proposing unit for that item
    event = ProposalEvent.objects.get(item=first, to_status=ProposalStatus.RETURNED)
    assert event.reason == "Thiếu báo cáo thành tích"
    assert event.by == personas.officer
    # The proposing unit fixes it and sends it again: only that item moves; the number stays, the version grows.
    services.item_update(item=first, achievements="Bổ sung báo cáo thành tích")
    services.proposal_submit(proposal=proposal, by=personas.chair)
    first.refresh_from_db()
    second.refresh_from_db()
    proposal.refresh_from_db()
    assert first.status == ProposalStatus.SUBMITTED
    assert second.status == ProposalStatus.RECEIVED
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.number == 1
    assert proposal.version == 2


def test_returning_the_whole_batch_needs_a_reason(personas):
    proposal = make_received(personas, items=[("member_record", "ldtt"), ("colleague", "ldtt")])
    with pytest.raises(ValidationError) as error:
        services.proposal_return(proposal=proposal, reason=" ")
    assert "reason" in error.value.message_dict
    services.proposal_return(proposal=proposal, reason="Hồ sơ chưa đúng mẫu")
    assert set(proposal.items.values_list("status", flat=True)) == {ProposalStatus.RETURNED}
    assert proposal.status == ProposalStatus.RETURNED


def test_a_rejected_item_closes_and_the_batch_follows(personas):
    proposal = make_received(personas, items=[("member_record", "ldtt")])
    services.item_reject(item=proposal.items.get(), reason="Không đủ tiêu chuẩn")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED
    assert proposal.items.get().return_reason == "Không đủ tiêu chuẩn"  # shown on the item, not only in the history


def test_derived_status():
    assert services.derived_status(["received", "returned"]) == "returned"
    assert services.derived_status(["decided", "voted"]) == "voted"
    assert services.derived_status(["decided", "rejected"]) == "decided"
    assert services.derived_status(["rejected"]) == "rejected"


def test_the_receiving_level_sees_every_proposal_of_its_subtree(personas):
    p = personas
    draft = make_proposal(p, items=[("member_record", "ldtt")])
    sent = make_submitted(p, items=[("colleague", "ldtt")])
    own = make_submitted(p, items=[("member_record", "ldtt")], to_unit=p.grassroots)  # the chair confers it itself
    incoming_officer = set(selectors.incoming_proposals(p.officer))
    assert sent in incoming_officer
    assert own in incoming_officer
    assert draft not in incoming_officer
    assert set(selectors.incoming_proposals(p.chair)) == {own}
    assert set(selectors.incoming_proposals(p.outsider)) == set()
    assert draft in set(selectors.outgoing_proposals(p.chair))
    assert set(selectors.outgoing_proposals(p.outsider)) == set()


def test_the_thematic_cap_per_province_is_enforced_at_submission(personas):
    p = personas
    province = unit_create(name="Liên đoàn Lao động tỉnh", kind=UnitKind.PROVINCIAL)
    upper = unit_create(name="Công đoàn ngành Y tế", kind=UnitKind.UPPER, parent=province)
    union = unit_create(name="Công đoàn Bệnh viện tỉnh", kind=UnitKind.GRASSROOTS, parent=upper)
    women = [member_create(code=f"BV{i:03d}", full_name=f"Nguyễn Thị Mai {i}", gender="female",
                           unit=union) for i in range(5)]  # fmt: skip
    proposal = services.proposal_create(proposing_unit=union, to_unit=province, year=YEAR, subject_line="Chuyên đề")
    for woman in women:
        services.item_add(proposal=proposal, title_code="bk_gvn_dvn", member=woman, override_reason="Tiêu biểu")
    with pytest.raises(ValidationError) as error:
        services.proposal_submit(proposal=proposal, by=p.admin)
    text = str(error.value)
    assert "tối đa 4" in text
    assert "Liên đoàn Lao động tỉnh" in text
    assert "999/QĐ-TLĐ" in text
    services.item_remove(item=proposal.items.order_by("-pk").first())
    services.proposal_submit(proposal=proposal, by=p.admin)
    assert proposal.items.filter(status=ProposalStatus.SUBMITTED).count() == 4


def test_only_drafts_take_new_items_and_lose_them(personas):
    proposal = make_submitted(personas, items=[("member_record", "ldtt")])
    with pytest.raises(ValidationError):
        services.item_add(proposal=proposal, title_code="ldtt", member=personas.colleague)
    with pytest.raises(ValidationError):
        services.item_remove(item=proposal.items.get())


def test_the_dossier_gathers_the_cover_memo_and_items(personas):
    proposal = make_submitted(personas, items=[("member_record", "ldtt"), ("group", "tt_ldtt")])
    dossier = selectors.proposal_dossier(proposal)
    assert dossier.cover_memo["symbol"] == proposal.symbol
    assert dossier.cover_memo["individuals"] == 1
    assert dossier.cover_memo["collectives"] == 1
    assert [row.name for row in dossier.items] == ["Nguyễn Trung Hiếu", personas.group.name]
    assert dossier.items[0].eligibility
    assert dossier.needs_minutes is False
