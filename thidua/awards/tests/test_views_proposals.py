"""Proposal pages as their users meet them: a grassroots chair assembles a batch (items flagged before submission,
dossier files), the upper union receives it, returns one item while the others go on, returns the batch or rejects an
item; the lists filter, page and keep their query count."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.awards import services
from thidua.awards.choices import ProposalStatus
from thidua.awards.models import DossierFile, Proposal
from thidua.awards.tests import factories_proposals as fp
from thidua.awards.tests.test_page_scope_proposals import PDF, attach
from thidua.members.services import member_create
from thidua.organizations.choices import UnitKind
from thidua.organizations.services import unit_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def _detail(client, proposal: Proposal) -> str:
    return client.get(reverse("awards:proposal_detail", args=[proposal.pk])).content.decode()


def test_a_batch_goes_up_with_its_dossier_one_item_comes_back_and_goes_up_again(client, personas):
    p = personas
    client.force_login(p.chair)
    client.post(reverse("awards:proposal_create"), {"unit": p.grassroots.pk, "to_unit": p.upper.pk, "year": fp.YEAR,
                                                    "subject_line": "Đề nghị khen thưởng năm 2025"})  # fmt: skip
    proposal = Proposal.objects.get()
    add = reverse("awards:proposal_item_add", args=[proposal.pk])
    flagged = client.post(add, {"item-title_code": "cstdcs", "item-member_code": p.member_record.code}, follow=True)
    assert "chưa đủ điều kiện" in _messages(flagged)
    client.post(add, {"item-title_code": "tt_ldtt", "item-unit": p.group.pk, "item-override_reason": fp.OVERRIDE})
    report = client.post(reverse("awards:proposal_file_add", args=[proposal.pk]),
                         {"file-kind": "achievement_report", "file-upload": SimpleUploadedFile("bao-cao.pdf", PDF)},
                         follow=True)  # fmt: skip
    assert "Đã thêm tài liệu «bao-cao.pdf»" in _messages(report)
    refused = client.post(reverse("awards:proposal_submit", args=[proposal.pk]), follow=True)
    assert "cần ghi lý do" in _messages(refused)
    assert Proposal.objects.get().status == ProposalStatus.DRAFT, "nothing half-written"
    person, collective = proposal.items.order_by("pk")
    edit = {"override_reason": fp.OVERRIDE, "achievements": "Sáng kiến cấp tỉnh"}
    client.post(reverse("awards:proposal_item_edit", args=[person.pk]), edit)
    client.post(reverse("awards:proposal_submit", args=[proposal.pk]))

    client.force_login(p.officer)
    incoming = client.get(reverse("awards:proposals") + "?tab=in")
    assert list(incoming.context["page"]) == [proposal]
    client.post(reverse("awards:proposal_receive", args=[proposal.pk]))
    client.post(reverse("awards:proposal_item_return", args=[person.pk]), {"reason": "Thiếu quyết định sáng kiến"})
    person.refresh_from_db()
    collective.refresh_from_db()
    assert (person.status, collective.status) == (ProposalStatus.RETURNED, ProposalStatus.RECEIVED)
    page = _detail(client, proposal)
    assert "bao-cao.pdf" in page, "the receiving level sees the dossier"

    client.force_login(p.chair)
    page = _detail(client, proposal)
    assert "Thiếu quyết định sáng kiến" in page
    assert 'id="submit-proposal"' in page, "a returned item may be corrected and sent again"
    client.post(reverse("awards:proposal_submit", args=[proposal.pk]))
    person.refresh_from_db()
    collective.refresh_from_db()
    assert (person.status, collective.status) == (ProposalStatus.SUBMITTED, ProposalStatus.RECEIVED)
    assert Proposal.objects.get().version == 2


def test_the_detail_shows_the_verdicts_explanations_history_and_memo_link(client, personas):
    proposal = fp.make_proposal(personas, items=[("member_record", "cstdcs"), ("colleague", "ldtt")])
    flagged, other = proposal.items.order_by("pk")
    assert flagged.eligible is False
    client.force_login(personas.council)
    page = _detail(client, proposal)
    assert "Chưa đủ điều kiện" in page
    assert {True: "Đủ điều kiện", None: "Cần xác nhận"}.get(other.eligible, "Chưa đủ điều kiện") in page
    assert "Giải trình" in page
    assert flagged.eligibility[0]["label"] in page, "the stored explanation is shown condition by condition"
    assert f"Lý do vẫn đề nghị: {fp.OVERRIDE}" in page
    assert reverse("documents:proposal", args=[proposal.pk]) in page
    assert 'id="proposal-events"' in page
    assert "Bản nháp" in page
    assert 'id="submit-proposal"' not in page, "the council member may read, not act"
    assert 'id="add-file"' not in page


def test_a_person_outside_the_unit_and_a_level_below_it_are_refused_on_the_forms(client, personas):
    p = personas
    client.force_login(p.chair)
    data = {"unit": p.grassroots.pk, "year": fp.YEAR, "to_unit": p.other_grassroots.pk, "subject_line": "X"}
    response = client.post(reverse("awards:proposal_create"), data)
    assert "to_unit" in response.context["form"].errors
    assert not Proposal.objects.exists()
    proposal = fp.make_proposal(p, items=[])
    response = client.post(reverse("awards:proposal_item_add", args=[proposal.pk]),
                           {"item-title_code": "ldtt", "item-member_code": p.stranger.code})  # fmt: skip
    assert response.status_code == 400
    assert "Không có đoàn viên mã «QB0001»" in response.content.decode()
    assert not proposal.items.exists()


def test_the_upper_union_returns_the_batch_or_rejects_one_item_with_a_reason(client, personas):
    p = personas
    proposal = fp.make_received(p, items=[("member_record", "ldtt"), ("colleague", "ldtt")])
    first, second = proposal.items.order_by("pk")
    client.force_login(p.officer)
    client.post(reverse("awards:proposal_item_reject", args=[first.pk]), {"reason": "Chưa đủ thời gian công tác"})
    no_reason = client.post(reverse("awards:proposal_return", args=[proposal.pk]), {"reason": " "}, follow=True)
    assert "Nhập lý do" in _messages(no_reason)
    back = client.post(reverse("awards:proposal_return", args=[proposal.pk]), {"reason": "Bổ sung biên bản"},
                       follow=True)  # fmt: skip
    assert "Đã trả lại đề nghị" in _messages(back)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (ProposalStatus.REJECTED, ProposalStatus.RETURNED)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RETURNED
    page = _detail(client, proposal)
    assert "Chưa đủ thời gian công tác" in page, "the reason of the rejection is in the history"
    assert "Bổ sung biên bản" in page


def test_the_cap_of_a_form_is_enforced_when_the_batch_is_sent(client, personas):
    province = unit_create(name="Liên đoàn Lao động tỉnh", kind=UnitKind.PROVINCIAL)
    upper = unit_create(name="Công đoàn ngành Y tế", kind=UnitKind.UPPER, parent=province)
    union = unit_create(name="Công đoàn Bệnh viện tỉnh", kind=UnitKind.GRASSROOTS, parent=upper)
    proposal = services.proposal_create(proposing_unit=union, to_unit=province, year=fp.YEAR, subject_line="Chuyên đề")
    for i in range(5):
        woman = member_create(code=f"BV{i:03d}", full_name=f"Nguyễn Thị Mai {i}", gender="female", unit=union)
        services.item_add(proposal=proposal, title_code="bk_gvn_dvn", member=woman, override_reason="Tiêu biểu")
    client.force_login(personas.admin)
    refused = client.post(reverse("awards:proposal_submit", args=[proposal.pk]), follow=True)
    assert "tối đa 4" in _messages(refused)
    assert not proposal.items.exclude(status=ProposalStatus.DRAFT).exists()


def test_dossier_files_are_checked_downloaded_and_removed_by_the_side_that_may(client, personas):
    p = personas
    proposal = fp.make_proposal(p, items=[("member_record", "ldtt")])
    item = proposal.items.get()
    client.force_login(p.chair)
    url = reverse("awards:proposal_file_add", args=[proposal.pk])
    renamed = client.post(url, {"file-kind": "evidence", "file-upload": SimpleUploadedFile("virus.pdf", b"MZ\x90")})
    assert renamed.status_code == 400
    assert "không khớp với đuôi .pdf" in renamed.content.decode()
    wrong = client.post(url, {"file-kind": "evidence", "file-upload": SimpleUploadedFile("a.exe", b"MZ")})
    assert "không đúng loại" in wrong.content.decode()
    assert not DossierFile.objects.exists()
    client.post(url, {"file-kind": "evidence", "file-item": item.pk, "file-upload": SimpleUploadedFile("mc.pdf", PDF)})
    stored = DossierFile.objects.get()
    assert stored.item == item
    download = client.get(reverse("awards:proposal_file", args=[stored.pk]))
    assert b"".join(download.streaming_content) == PDF
    assert "mc.pdf" in download["Content-Disposition"]

    services.proposal_submit(proposal=proposal, by=p.chair)
    late = client.post(url, {"file-kind": "evidence", "file-upload": SimpleUploadedFile("muon.pdf", PDF)}, follow=True)
    assert "không thêm tài liệu được" in _messages(late), "a sent batch is the receiving level's to complete"
    kept = client.post(reverse("awards:proposal_file_remove", args=[stored.pk]), follow=True)
    assert "Không bỏ được" in _messages(kept)

    client.force_login(p.officer)
    minutes = attach(proposal, p.officer, name="bien-ban.pdf")
    page = _detail(client, proposal)
    assert reverse("awards:proposal_file_remove", args=[minutes.pk]) in page
    assert reverse("awards:proposal_file_remove", args=[stored.pk]) not in page
    client.post(reverse("awards:proposal_file_remove", args=[stored.pk]))
    assert DossierFile.objects.filter(pk=stored.pk).exists(), "the receiving level keeps the unit's own files"
    client.post(reverse("awards:proposal_file_remove", args=[minutes.pk]))
    assert list(DossierFile.objects.all()) == [stored]


def test_the_lists_filter_page_and_keep_their_query_count(client, personas, django_assert_max_num_queries):
    p = personas
    for _ in range(3):
        fp.make_submitted(p, items=[("member_record", "ldtt"), ("colleague", "ldtt")])
    draft = fp.make_proposal(p, items=[("colleague", "ldtt")])
    older = fp.make_proposal(p, items=[], year=fp.YEAR - 1)
    client.force_login(p.chair)
    with django_assert_max_num_queries(12):
        everything = client.get(reverse("awards:proposals"))
    assert len(everything.context["page"]) == 5
    assert [r.item_count for r in everything.context["page"] if r.pk == draft.pk] == [1]
    drafts = client.get(reverse("awards:proposals") + f"?year={fp.YEAR}&status=draft")
    assert list(drafts.context["page"]) == [draft]
    assert list(client.get(reverse("awards:proposals") + f"?year={fp.YEAR - 1}").context["page"]) == [older]
    assert not client.get(reverse("awards:proposals") + "?tab=in").context["page"], "the chair confers nothing"

    client.force_login(p.officer)
    with django_assert_max_num_queries(12):
        incoming = client.get(reverse("awards:proposals") + "?tab=in&status=submitted")
    assert len(incoming.context["page"]) == 3
    assert draft not in incoming.context["page"]


def test_the_list_is_paginated(client, personas, monkeypatch):
    from thidua.awards.views import proposals as views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for _ in range(3):
        fp.make_proposal(personas, items=[])
    client.force_login(personas.chair)
    first = client.get(reverse("awards:proposals"))
    assert first.context["page"].paginator.num_pages == 2
    assert "1/2" in first.content.decode()
    assert len(client.get(reverse("awards:proposals") + "?page=2").context["page"]) == 1
