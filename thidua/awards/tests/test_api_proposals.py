"""The proposals API: the scope contract of every operation (``OPERATIONS``, read by thidua/awards/tests/test_api.py)
and the workflow through it."""

import pytest
from django.urls import reverse

from thidua.api.tests.contract import Case
from thidua.awards.choices import ProposalStatus
from thidua.awards.tests import factories_proposals as fp
from thidua.awards.tests.test_page_scope_proposals import attach
from thidua.core.testing import Personas

pytestmark = pytest.mark.django_db

OPERATIONS = {
    ("get", "/api/awards/proposals"), ("post", "/api/awards/proposals"), ("get", "/api/awards/proposals/{proposal_id}"),
    ("post", "/api/awards/proposals/{proposal_id}/items"), ("patch", "/api/awards/proposal-items/{item_id}"),
    ("delete", "/api/awards/proposal-items/{item_id}"), ("post", "/api/awards/proposals/{proposal_id}/submit"),
    ("post", "/api/awards/proposals/{proposal_id}/receive"), ("post", "/api/awards/proposals/{proposal_id}/return"),
    ("post", "/api/awards/proposal-items/{item_id}/return"), ("post", "/api/awards/proposal-items/{item_id}/reject"),
    ("get", "/api/awards/proposals/{proposal_id}/dossier"),
}  # fmt: skip


def contract_cases(p: Personas, operation) -> list[Case]:
    proposing = {"without_role": [p.council], "outside": [p.outsider, p.group_leader]}
    receiving = {"without_role": [p.chair, p.council], "outside": [p.outsider, p.group_leader]}
    reason = {"reason": "Bổ sung biên bản"}

    def draft():
        return fp.make_proposal(p, items=[("member_record", "ldtt")])

    def sent():
        return fp.make_submitted(p, items=[("colleague", "ldtt")])

    cases = {
        ("get", "/api/awards/proposals"): lambda: [Case(url="/api/awards/proposals", allowed=p.council),
                                                   Case(url="/api/awards/proposals?incoming=true", allowed=p.officer)],
        ("post", "/api/awards/proposals"): lambda: [Case(
            url="/api/awards/proposals", method="post", allowed=p.chair, ok_status=(201,), **proposing,
            data={"proposing_unit": p.grassroots.pk, "to_unit": p.upper.pk, "year": 2025,
                  "subject_line": "Đề nghị khen thưởng"})],
        ("get", "/api/awards/proposals/{proposal_id}"): lambda: [
            Case(url=f"/api/awards/proposals/{draft().pk}", allowed=p.council, outside=[p.outsider, p.group_leader])],
        ("post", "/api/awards/proposals/{proposal_id}/items"): lambda: [Case(
            url=f"/api/awards/proposals/{draft().pk}/items", method="post", allowed=p.chair, ok_status=(201,),
            data={"title_code": "ldtt", "member": p.colleague.pk, "override_reason": fp.OVERRIDE}, **proposing)],
        ("patch", "/api/awards/proposal-items/{item_id}"): lambda: [Case(
            url=f"/api/awards/proposal-items/{draft().items.get().pk}", method="patch", allowed=p.chair,
            data={"achievements": "Mới"}, **proposing)],
        ("delete", "/api/awards/proposal-items/{item_id}"): lambda: [Case(
            url=f"/api/awards/proposal-items/{draft().items.get().pk}", method="delete", allowed=p.chair,
            ok_status=(204,), **proposing)],
        ("post", "/api/awards/proposals/{proposal_id}/submit"): lambda: [Case(
            url=f"/api/awards/proposals/{draft().pk}/submit", method="post", allowed=p.chair, **proposing)],
        ("post", "/api/awards/proposals/{proposal_id}/receive"): lambda: [Case(
            url=f"/api/awards/proposals/{sent().pk}/receive", method="post", allowed=p.officer, **receiving)],
        ("post", "/api/awards/proposals/{proposal_id}/return"): lambda: [Case(
            url=f"/api/awards/proposals/{sent().pk}/return", method="post", data=reason, allowed=p.officer,
            **receiving)],
        ("post", "/api/awards/proposal-items/{item_id}/return"): lambda: [Case(
            url=f"/api/awards/proposal-items/{sent().items.get().pk}/return", method="post", data=reason,
            allowed=p.officer, **receiving)],
        ("get", "/api/awards/proposals/{proposal_id}/dossier"): lambda: [Case(
            url=f"/api/awards/proposals/{sent().pk}/dossier", allowed=p.council, outside=[p.outsider, p.group_leader])],
        ("post", "/api/awards/proposal-items/{item_id}/reject"): lambda: [Case(
            url=f"/api/awards/proposal-items/{sent().items.get().pk}/reject", method="post", data=reason,
            allowed=p.officer, **receiving)],
    }  # fmt: skip
    return cases[operation]()


@pytest.mark.parametrize("operation", sorted(OPERATIONS), ids=" ".join)
def test_it_scopes_the_operation(client, personas, operation):
    for case in contract_cases(personas, operation):
        case.check(client)


def test_the_workflow_through_the_api(client, personas):
    p = personas
    client.force_login(p.chair)
    created = client.post("/api/awards/proposals", {"proposing_unit": p.grassroots.pk, "to_unit": p.upper.pk,
                                                    "year": 2025, "subject_line": "Đề nghị năm 2025"},
                          content_type="application/json").json()  # fmt: skip
    pid = created["id"]
    item = client.post(f"/api/awards/proposals/{pid}/items", {"title_code": "cstdcs", "member": p.member_record.pk},
                       content_type="application/json").json()  # fmt: skip
    assert item["eligible"] is False
    assert item["eligibility"], "the explanation is returned with the item"
    refused = client.post(f"/api/awards/proposals/{pid}/submit")
    assert refused.status_code == 422
    assert "cần ghi lý do" in str(refused.json()["errors"])
    client.patch(f"/api/awards/proposal-items/{item['id']}", {"override_reason": fp.OVERRIDE},
                 content_type="application/json")  # fmt: skip
    submitted = client.post(f"/api/awards/proposals/{pid}/submit").json()
    assert submitted["status"] == ProposalStatus.SUBMITTED
    assert submitted["symbol"].startswith("01/TTr-")

    client.force_login(p.officer)
    incoming = client.get("/api/awards/proposals?incoming=true").json()
    assert [row["id"] for row in incoming["items"]] == [pid]
    client.post(f"/api/awards/proposals/{pid}/receive")
    returned = client.post(f"/api/awards/proposal-items/{item['id']}/return", {"reason": "Thiếu minh chứng"},
                           content_type="application/json").json()  # fmt: skip
    assert returned["status"] == ProposalStatus.RETURNED
    assert returned["return_reason"] == "Thiếu minh chứng"
    detail = client.get(f"/api/awards/proposals/{pid}").json()
    assert [e["to_status"] for e in detail["events"]][-1] == ProposalStatus.RETURNED


def test_a_reason_is_required_to_return(client, personas):
    proposal = fp.make_submitted(personas, items=[("colleague", "ldtt")])
    client.force_login(personas.officer)
    response = client.post(f"/api/awards/proposals/{proposal.pk}/return", {"reason": " "},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 422
    assert "reason" in response.json()["errors"]


def test_the_dossier_gathers_the_memo_the_explanations_the_vote_and_the_files(client, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    p = personas
    session = fp.make_closed_session(p, items=[("member_record", "cstdcs")])
    proposal = session.items.get().item.proposal
    stored = attach(proposal, p.officer, name="bien-ban-hop.pdf")
    client.force_login(p.chair)
    dossier = client.get(f"/api/awards/proposals/{proposal.pk}/dossier").json()
    assert dossier["cover_memo"]["symbol"] == proposal.symbol
    assert dossier["cover_memo"]["individuals"] == 1
    assert dossier["needs_minutes"] is True
    (row,) = dossier["items"]
    assert row["item"]["name"] == "Nguyễn Trung Hiếu"
    assert row["item"]["eligibility"], "the stored explanation comes with the item"
    assert (row["vote"]["yes"], row["vote"]["members_total"], row["vote"]["passed"]) == (10, 10, True)
    assert [(f["name"], f["url"]) for f in dossier["files"]] == [
        ("bien-ban-hop.pdf", reverse("awards:proposal_file", args=[stored.pk]))
    ]
    assert client.get(dossier["files"][0]["url"]).status_code == 200


def test_the_lists_filter_by_side_year_and_status_and_paginate(client, personas):
    p = personas
    draft = fp.make_proposal(p, items=[("member_record", "ldtt")])
    sent = [fp.make_submitted(p, items=[("colleague", "ldtt")]) for _ in range(3)]
    older = fp.make_proposal(p, items=[("colleague", "ldtt")], year=fp.YEAR - 1)
    client.force_login(p.chair)
    outgoing = client.get("/api/awards/proposals?page_size=2").json()
    assert (outgoing["count"], outgoing["pages"], len(outgoing["items"])) == (5, 3, 2)
    drafts = client.get(f"/api/awards/proposals?status=draft&year={fp.YEAR}").json()
    assert [row["id"] for row in drafts["items"]] == [draft.pk]
    assert drafts["items"][0]["item_count"] == 1
    assert client.get(f"/api/awards/proposals?year={fp.YEAR - 1}").json()["items"][0]["id"] == older.pk
    assert client.get("/api/awards/proposals?incoming=true").json()["count"] == 0, "the chair confers nothing"

    client.force_login(p.officer)
    incoming = client.get("/api/awards/proposals?incoming=true").json()
    assert sorted(row["id"] for row in incoming["items"]) == sorted(s.pk for s in sent), "drafts never arrive"


def test_returning_the_batch_and_rejecting_one_item(client, personas):
    p = personas
    proposal = fp.make_received(p, items=[("member_record", "ldtt"), ("colleague", "ldtt")])
    first, second = proposal.items.order_by("pk")
    client.force_login(p.officer)
    rejected = client.post(f"/api/awards/proposal-items/{first.pk}/reject", {"reason": "Không đủ tiêu chuẩn"},
                           content_type="application/json").json()  # fmt: skip
    assert rejected["status"] == ProposalStatus.REJECTED
    batch = client.post(f"/api/awards/proposals/{proposal.pk}/return", {"reason": "Bổ sung biên bản"},
                        content_type="application/json").json()  # fmt: skip
    assert batch["status"] == ProposalStatus.RETURNED
    assert {i["id"]: i["status"] for i in batch["items"]} == {first.pk: ProposalStatus.REJECTED,
                                                              second.pk: ProposalStatus.RETURNED}  # fmt: skip
    assert batch["events"][-1]["reason"] == "Bổ sung biên bản"


def test_a_unit_that_is_not_above_the_proposing_unit_cannot_receive_it(client, personas):
    p = personas
    client.force_login(p.chair)
    data = {"proposing_unit": p.grassroots.pk, "to_unit": p.other_grassroots.pk, "year": 2025, "subject_line": "Đề"}
    response = client.post("/api/awards/proposals", data, content_type="application/json")
    assert response.status_code == 422
    assert "to_unit" in response.json()["errors"]
