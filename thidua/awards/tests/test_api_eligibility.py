"""The eligibility and award-history API: the scope contract of every operation (``OPERATIONS``, read by
thidua/awards/tests/test_api.py), verdicts with explanations, history writes and the import."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.api.tests.contract import Case
from thidua.awards.models import AwardRecord
from thidua.awards.tests import factories as f
from thidua.core.testing import Personas

pytestmark = pytest.mark.django_db

OPERATIONS = {
    ("get", "/api/awards/eligibility/members/{member_id}"), ("get", "/api/awards/eligibility/units/{unit_id}"),
    ("get", "/api/awards/eligibility/units/{unit_id}/list"), ("get", "/api/awards/history"),
    ("post", "/api/awards/history"), ("delete", "/api/awards/history/{record_id}"),
    ("get", "/api/awards/members/{member_id}/absences"), ("post", "/api/awards/members/{member_id}/absences"),
    ("delete", "/api/awards/absences/{absence_id}"), ("post", "/api/awards/history/import"),
}  # fmt: skip


def contract_cases(p: Personas, operation) -> list[Case]:
    writers = {"without_role": [p.council, p.group_leader, p.member], "outside": [p.outsider]}
    proposers = {"without_role": [p.council, p.group_leader, p.member], "outside": [p.outsider]}
    mid, gid = p.member_record.pk, p.group.pk
    cases = {
        ("get", "/api/awards/eligibility/members/{member_id}"): lambda: [
            Case(url=f"/api/awards/eligibility/members/{mid}?year=2025", allowed=p.member, outside=[p.outsider]),
            Case(url=f"/api/awards/eligibility/members/{p.colleague.pk}", allowed=p.council,
                 outside=[p.outsider, p.member])],
        ("get", "/api/awards/eligibility/units/{unit_id}"): lambda: [
            Case(url=f"/api/awards/eligibility/units/{gid}?year=2025", allowed=p.chair, **proposers)],
        ("get", "/api/awards/eligibility/units/{unit_id}/list"): lambda: [
            Case(url=f"/api/awards/eligibility/units/{gid}/list?year=2025&title=ldtt", allowed=p.officer,
                 **proposers)],
        ("get", "/api/awards/history"): lambda: [
            Case(url=f"/api/awards/history?member={mid}", allowed=p.member, outside=[p.outsider])],
        ("post", "/api/awards/history"): lambda: [
            Case(url="/api/awards/history", method="post", allowed=p.chair, ok_status=(201,), **writers,
                 data={"member": mid, "year": 2024, "title_code": "ldtt", "decision_number": "5/QĐ"})],
        ("delete", "/api/awards/history/{record_id}"): lambda: [
            Case(url=f"/api/awards/history/{f.award(p.member_record, 2023, 'ldtt').pk}", method="delete",
                 allowed=p.chair, ok_status=(204,), **writers)],
        ("get", "/api/awards/members/{member_id}/absences"): lambda: [
            Case(url=f"/api/awards/members/{mid}/absences", allowed=p.member, outside=[p.outsider])],
        ("post", "/api/awards/members/{member_id}/absences"): lambda: [
            Case(url=f"/api/awards/members/{mid}/absences", method="post", allowed=p.officer, ok_status=(201,),
                 data={"kind": "maternity", "starts_on": "2025-03-01", "ends_on": "2025-08-31"}, **writers)],
        ("delete", "/api/awards/absences/{absence_id}"): lambda: [
            Case(url="/api/awards/absences/{}".format(
                f.absence(p.member_record, "sick", datetime.date(2024, 1, 2), datetime.date(2024, 1, 9)).pk),
                method="delete", allowed=p.chair, ok_status=(204,), **writers)],
        ("post", "/api/awards/history/import"): lambda: [],  # multipart: test_the_import_needs_confer_awards
    }  # fmt: skip
    return cases[operation]()


@pytest.mark.parametrize("operation", sorted(OPERATIONS), ids=" ".join)
def test_it_scopes_the_operation(client, personas, operation):
    for case in contract_cases(personas, operation):
        case.check(client)


def test_the_member_verdicts_carry_the_explanation(client, personas):
    member = f.good_member(personas.group, "API1", level="HTXS")
    client.force_login(personas.chair)
    body = client.get(f"/api/awards/eligibility/members/{member.pk}?year=2025").json()
    cstdcs = next(v for v in body["verdicts"] if v["title_code"] == "cstdcs")
    assert cstdcs["eligible"] is True
    assert cstdcs["status"] == "eligible"
    assert cstdcs["conditions"][0]["label"] == "Đạt danh hiệu Lao động tiên tiến năm 2025"


def test_the_list_returns_the_eligible_members_of_the_subtree(client, personas):
    for i in range(3):
        f.good_member(personas.group, f"APL{i}")
    client.force_login(personas.chair)
    body = client.get(f"/api/awards/eligibility/units/{personas.grassroots.pk}/list?year=2025&title=ldtt").json()
    assert body["count"] == 3
    assert {row["status"] for row in body["items"]} == {"eligible"}


def test_history_create_refuses_an_unknown_title(client, personas):
    client.force_login(personas.chair)
    payload = {"member": personas.member_record.pk, "year": 2024, "title_code": "khong_co"}
    response = client.post("/api/awards/history", payload, content_type="application/json")
    assert response.status_code == 422
    assert "không có trong bộ quy tắc" in response.json()["errors"]["title_code"][0]


def test_the_import_dry_run_then_commit(client, personas):
    content = f"Mã đoàn viên;Năm;Mã danh hiệu;Số quyết định\n{personas.member_record.code};2023;ldtt;9/QĐ\n"
    client.force_login(personas.chair)

    def send(commit: bool):
        upload = SimpleUploadedFile("lich-su.csv", content.encode(), content_type="text/csv")
        return client.post("/api/awards/history/import", {"file": upload, "commit": commit})

    dry = send(False)
    assert dry.json()["created"] == 1
    assert not AwardRecord.objects.exists()
    assert send(True).json()["committed"] is True
    assert AwardRecord.objects.get().decision_number == "9/QĐ"


def test_the_import_needs_confer_awards(client, personas):
    """The scope contract of the import (a multipart upload, so not a JSON Case)."""

    def send():
        upload = SimpleUploadedFile(
            "a.csv", b"M\xc3\xa3 \xc4\x91o\xc3\xa0n vi\xc3\xaan;N\xc4\x83m;M\xc3\xa3 danh hi\xe1\xbb\x87u\n"
        )
        return client.post("/api/awards/history/import", {"file": upload})

    client.logout()
    assert send().status_code == 401
    for user in (personas.council, personas.group_leader, personas.member):
        client.force_login(user)
        assert send().status_code == 403
    client.force_login(personas.chair)
    assert send().status_code == 200
