"""The initiatives API: the scope contract of every operation, the restricted view, similarity, scores, import."""

import csv
import io
from datetime import date
from functools import cached_property

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.api.tests.contract import Case
from thidua.core.testing import Personas
from thidua.initiatives.importing import HEADERS
from thidua.initiatives.models import Initiative
from thidua.initiatives.tests.factories import (
    CONTENT,
    FULL_MARKS,
    make_council,
    make_initiative,
    make_recognised,
    make_submitted,
)

pytestmark = pytest.mark.django_db

OPERATIONS = [
    ("get", "/api/initiatives"), ("post", "/api/initiatives"), ("get", "/api/initiatives/{initiative_id}"),
    ("patch", "/api/initiatives/{initiative_id}"), ("post", "/api/initiatives/{initiative_id}/submit"),
    ("post", "/api/initiatives/{initiative_id}/review"), ("post", "/api/initiatives/{initiative_id}/return"),
    ("post", "/api/initiatives/{initiative_id}/reject"), ("post", "/api/initiatives/{initiative_id}/recognise"),
    ("post", "/api/initiatives/{initiative_id}/forward"), ("get", "/api/initiatives/{initiative_id}/similar"),
    ("post", "/api/initiatives/similar"), ("get", "/api/initiatives/{initiative_id}/scores"),
    ("post", "/api/initiatives/{initiative_id}/scores"), ("get", "/api/initiatives/councils"),
    ("post", "/api/initiatives/councils"),
]  # fmt: skip
# Multipart: its contract is written out in test_the_import_checks_the_role.
OTHER_OPERATIONS = [("post", "/api/initiatives/import")]


class _Objects:
    def __init__(self, p: Personas):
        self.p = p

    @cached_property
    def draft(self):
        return make_initiative(self.p, by=self.p.member, title="Bản nháp")

    @cached_property
    def submitted(self):
        return make_submitted(self.p, title="Đã nộp")

    @cached_property
    def council(self):
        return make_council(self.p)

    @cached_property
    def reviewed(self):
        from thidua.initiatives import services

        return services.initiative_start_review(initiative=make_submitted(self.p, title="Đang xét"),
                                                council=self.council)  # fmt: skip


def contract_cases(p: Personas, operation) -> list[Case]:
    o = _Objects(p)
    reviewers = {"without_role": [p.group_leader, p.member], "outside": [p.outsider]}
    new = {"unit": p.group.pk, "title": "Sáng kiến mới", "field": "digital",
           "authors": [{"member": p.member_record.pk, "share": 100}]}  # fmt: skip
    cases = {
        ("get", "/api/initiatives"): lambda: [Case(url=f"/api/initiatives?unit={p.grassroots.pk}", allowed=p.council,
                                                   outside=[p.outsider, p.group_leader])],
        ("post", "/api/initiatives"): lambda: [Case(url="/api/initiatives", method="post", data=new, allowed=p.member,
                                                    ok_status=(201,))],
        ("get", "/api/initiatives/{initiative_id}"): lambda: [
            Case(url=f"/api/initiatives/{o.draft.pk}", allowed=p.member, outside=[p.outsider, p.council]),
            Case(url=f"/api/initiatives/{o.submitted.pk}", allowed=p.group_leader, outside=[p.outsider])],
        ("patch", "/api/initiatives/{initiative_id}"): lambda: [
            Case(url=f"/api/initiatives/{o.draft.pk}", method="patch", data={"title": "Tên mới"}, allowed=p.member,
                 outside=[p.outsider, p.chair]),
            Case(url=f"/api/initiatives/{o.submitted.pk}", method="patch", data={"title": "Tên mới"}, allowed=None,
                 without_role=[p.chair, p.member], outside=[p.outsider])],
        ("post", "/api/initiatives/{initiative_id}/submit"): lambda: [
            Case(url=f"/api/initiatives/{o.draft.pk}/submit", method="post", data={}, allowed=p.member,
                 outside=[p.outsider, p.chair])],
        ("post", "/api/initiatives/{initiative_id}/review"): lambda: [
            Case(url=f"/api/initiatives/{o.submitted.pk}/review", method="post", data={"council": o.council.pk},
                 allowed=p.chair, **reviewers)],
        ("post", "/api/initiatives/{initiative_id}/return"): lambda: [
            Case(url=f"/api/initiatives/{o.submitted.pk}/return", method="post", data={"reason": "Bổ sung"},
                 allowed=p.council, **reviewers)],
        ("post", "/api/initiatives/{initiative_id}/reject"): lambda: [
            Case(url=f"/api/initiatives/{o.submitted.pk}/reject", method="post", data={"reason": "Trùng"},
                 allowed=p.officer, **reviewers)],
        ("post", "/api/initiatives/{initiative_id}/recognise"): lambda: [
            Case(url=f"/api/initiatives/{o.submitted.pk}/recognise", method="post", allowed=p.chair, **reviewers,
                 data={"scope": "grassroots", "recognised_on": "2023-06-01", "decision_number": "1/QĐ"})],
        ("post", "/api/initiatives/{initiative_id}/forward"): lambda: [
            Case(url=f"/api/initiatives/{make_recognised(p).pk}/forward", method="post", allowed=None,
                 data={"to_unit": p.upper.pk}, **reviewers)],
        ("get", "/api/initiatives/{initiative_id}/similar"): lambda: [
            Case(url=f"/api/initiatives/{o.submitted.pk}/similar", allowed=p.group_leader, outside=[p.outsider])],
        ("post", "/api/initiatives/similar"): lambda: [
            Case(url="/api/initiatives/similar", method="post", data={"title": "Cải tiến"}, allowed=p.member)],
        ("get", "/api/initiatives/{initiative_id}/scores"): lambda: [
            Case(url=f"/api/initiatives/{o.reviewed.pk}/scores", allowed=p.council, **reviewers)],
        ("post", "/api/initiatives/{initiative_id}/scores"): lambda: [
            Case(url=f"/api/initiatives/{o.reviewed.pk}/scores", method="post", allowed=p.chair, **reviewers,
                 data={"member": p.colleague.pk, "points": FULL_MARKS})],
        ("get", "/api/initiatives/councils"): lambda: [
            Case(url="/api/initiatives/councils", allowed=p.council, without_role=[p.group_leader, p.member])],
        ("post", "/api/initiatives/councils"): lambda: [
            Case(url="/api/initiatives/councils", method="post", allowed=p.chair, ok_status=(201,),
                 without_role=[p.group_leader, p.member], outside=[p.outsider],
                 data={"unit": p.grassroots.pk, "year": 2024, "name": "Hội đồng 2024",
                       "members": [p.member_record.pk]})],
    }  # fmt: skip
    return cases[operation]()


@pytest.mark.parametrize("operation", OPERATIONS, ids=" ".join)
def test_it_scopes_the_operation(client, personas, operation):
    for case in contract_cases(personas, operation):
        case.check(client)


def test_a_confidential_initiative_is_restricted_in_the_api(client, personas):
    p = personas
    secret = make_submitted(p, confidential=True)
    client.force_login(p.group_leader)
    body = client.get(f"/api/initiatives/{secret.pk}").json()
    assert body["restricted"] is True
    assert body["title"] == secret.title
    assert body["expected_money"] == "12000000"
    assert body["problem"] is None
    assert body["authors"] is None
    listed = client.get("/api/initiatives").json()["items"]
    assert [(i["id"], i["restricted"], i["authors"]) for i in listed] == [(secret.pk, True, None)]
    client.force_login(p.council)
    body = client.get(f"/api/initiatives/{secret.pk}").json()
    assert body["restricted"] is False
    assert body["problem"] == CONTENT["problem"]
    assert client.get(f"/api/initiatives/{secret.pk}/similar").status_code == 200
    client.force_login(p.group_leader)
    assert client.get(f"/api/initiatives/{secret.pk}/similar").status_code == 403


def test_the_whole_workflow_through_the_api(client, personas):
    p = personas
    client.force_login(p.member)
    created = client.post("/api/initiatives", {"unit": p.group.pk, "title": CONTENT["title"], "field": "admin_reform",
                                               "authors": [{"member": p.member_record.pk, "share": 60},
                                                           {"member": p.colleague.pk, "share": 40}]},
                          content_type="application/json").json()  # fmt: skip
    pk = created["id"]
    response = client.post(f"/api/initiatives/{pk}/submit")
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"problem", "solution"}
    client.patch(f"/api/initiatives/{pk}", {"problem": CONTENT["problem"], "solution": CONTENT["solution"]},
                 content_type="application/json")  # fmt: skip
    assert client.post(f"/api/initiatives/{pk}/submit").json()["status"] == "submitted"
    council = make_council(p)
    client.force_login(p.chair)
    client.post(f"/api/initiatives/{pk}/review", {"council": council.pk}, content_type="application/json")
    for member in (p.member_record, p.colleague):
        sheet = client.post(f"/api/initiatives/{pk}/scores", {"member": member.pk, "points": FULL_MARKS},
                            content_type="application/json").json()  # fmt: skip
    assert (sheet["scored"], float(sheet["average"]), sheet["max_points"]) == (2, 78.0, 100)
    decision = {"scope": "grassroots", "recognised_on": date.today().isoformat(), "decision_number": "3/QĐ-CĐS"}
    body = client.post(f"/api/initiatives/{pk}/recognise", decision,
                       content_type="application/json").json()  # fmt: skip
    assert (body["status"], body["recognised_scope"], body["decision_number"]) == ("recognised", "grassroots",
                                                                                   "3/QĐ-CĐS")  # fmt: skip


def test_similar_texts_through_the_api(client, personas):
    existing = make_submitted(personas)
    client.force_login(personas.member)
    hits = client.post("/api/initiatives/similar", {"title": "cai tien quy trinh tiep nhan ho so mot cua"},
                       content_type="application/json").json()  # fmt: skip
    assert hits[0]["id"] == existing.pk
    assert 0 < hits[0]["score"] <= 1
    assert hits[0]["visible"] is True


# -- import ------------------------------------------------------------------------------------------------------------


def _csv(*rows) -> SimpleUploadedFile:
    handle = io.StringIO()
    writer = csv.writer(handle)
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([row.get(h, "") for h in HEADERS])
    return SimpleUploadedFile("sang-kien.csv", handle.getvalue().encode("utf-8"), content_type="text/csv")


def _row(p, **extra):
    return {"Tên sáng kiến": "Số hóa hồ sơ lưu trữ", "Lĩnh vực": "Công nghệ thông tin, chuyển đổi số",
            "Mã đơn vị": p.group.pk, "Tác giả": "HN0001:50; HN0002:50", "Thực trạng, vấn đề": "Hồ sơ giấy khó tìm.",
            "Nội dung, giải pháp": "Quét và gắn mã.", "Ngày nộp": "10/04/2023", "Tiết kiệm dự kiến (đồng)": "5.000.000",
            **extra}  # fmt: skip


def test_the_import_checks_the_role(client, personas):
    p = personas
    client.logout()
    assert client.post("/api/initiatives/import", {"file": _csv(_row(p))}).status_code == 401
    for user in (p.group_leader, p.member):
        client.force_login(user)
        assert client.post("/api/initiatives/import", {"file": _csv(_row(p))}).status_code == 403
    client.force_login(p.outsider)
    body = client.post("/api/initiatives/import", {"file": _csv(_row(p))}).json()
    assert body["errors"][0]["column"] == "Mã đơn vị", "a unit outside the scope is an error of its cell"
    client.force_login(p.chair)
    assert client.post("/api/initiatives/import", {"file": _csv(_row(p))}).status_code == 200
    assert not Initiative.objects.exists()


def test_the_import_reports_every_bad_cell_and_writes_all_or_nothing(client, personas):
    p = personas
    client.force_login(p.chair)
    bad = _row(p, **{"Tên sáng kiến": "Khác", "Lĩnh vực": "Thiên văn", "Tác giả": "HN0001:50; QB0001:50",
                     "Ngày nộp": "31/02/2023", "Phạm vi công nhận": "Cấp cơ sở"})  # fmt: skip
    response = client.post("/api/initiatives/import?commit=true", {"file": _csv(_row(p), bad)})
    assert response.status_code == 422
    errors = {(e["row"], e["letter"], e["column"]) for e in response.json()["errors"]}
    assert {(3, "B", "Lĩnh vực"), (3, "N", "Ngày nộp"), (3, "O", "Phạm vi công nhận")} <= errors
    assert not Initiative.objects.exists()
    recognised = _row(p, **{"Tên sáng kiến": "Đã công nhận", "Phạm vi công nhận": "Cấp cơ sở",
                            "Ngày công nhận": "15/06/2023", "Số quyết định": "12/QĐ-CĐS"})  # fmt: skip
    body = client.post("/api/initiatives/import", {"file": _csv(_row(p), recognised), "commit": "true"}).json()
    assert (body["committed"], body["created"]) == (True, 2)
    done = Initiative.objects.get(title="Đã công nhận")
    assert (done.status, done.recognised_scope, str(done.expected_money)) == ("recognised", "grassroots", "5000000")
    again = client.post("/api/initiatives/import", {"file": _csv(_row(p))}).json()
    assert again["errors"][0]["message"].startswith("Sáng kiến này (cùng tên, đơn vị, ngày nộp) đã có")
