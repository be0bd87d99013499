"""The members API: the scope contract of every operation, filters, pagination, writes and their history."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.accounts.services import api_token_create
from thidua.api.tests.contract import Case
from thidua.core.testing import Personas
from thidua.members.choices import MemberStatus
from thidua.members.importing import COLUMNS, HEADERS
from thidua.members.models import Member, MemberTransfer
from thidua.members.tests.factories import MemberFactory

TODAY = "2026-11-22"
NEW_MEMBER = {"code": "HN0100", "full_name": "Đặng Thu Hà", "gender": "female"}


def contract_cases(p: Personas) -> dict[tuple[str, str], list[Case]]:
    """(method, OpenAPI path) → contract cases. thidua/api/tests checks that every operation has one."""
    g, grp, m = p.grassroots, p.group, p.member_record
    return {
        ("get", "/api/members"): [
            Case(url=f"/api/members?unit={g.pk}", allowed=p.council, without_role=[],
                 outside=[p.outsider, p.group_leader]),
            Case(url=f"/api/members?unit={grp.pk}", allowed=p.group_leader, without_role=[], outside=[p.outsider]),
        ],
        ("post", "/api/members"): [
            Case(url="/api/members", method="post", data={**NEW_MEMBER, "unit": grp.pk}, allowed=p.chair,
                 without_role=[p.council, p.group_leader, p.member], outside=[p.outsider], ok_status=(201,)),
        ],
        ("get", "/api/members/{member_id}"): [
            Case(url=f"/api/members/{m.pk}", allowed=p.member, without_role=[], outside=[p.outsider]),
            Case(url=f"/api/members/{p.colleague.pk}", allowed=p.group_leader, without_role=[],
                 outside=[p.outsider, p.member]),
        ],
        ("patch", "/api/members/{member_id}"): [
            Case(url=f"/api/members/{m.pk}", method="patch", data={"phone": "0912345678"}, allowed=p.chair,
                 without_role=[p.council, p.group_leader, p.member], outside=[p.outsider]),
        ],
        ("post", "/api/members/{member_id}/transfer"): [
            Case(url=f"/api/members/{m.pk}/transfer", method="post",
                 data={"to_unit": p.other_group.pk, "transferred_on": TODAY}, allowed=p.chair,
                 without_role=[p.council, p.member], outside=[p.outsider], ok_status=(201,)),
        ],
        ("post", "/api/members/{member_id}/leave"): [
            Case(url=f"/api/members/{m.pk}/leave", method="post", data={"left_on": TODAY}, allowed=p.officer,
                 without_role=[p.group_leader, p.member], outside=[p.outsider]),
        ],
    }  # fmt: skip


OPERATIONS = [
    ("get", "/api/members"), ("post", "/api/members"), ("get", "/api/members/{member_id}"),
    ("patch", "/api/members/{member_id}"), ("post", "/api/members/{member_id}/transfer"),
    ("post", "/api/members/{member_id}/leave"),
]  # fmt: skip
# Multipart, so its contract is written out in test_the_import_checks_the_role_like_the_import_page.
OTHER_OPERATIONS = [("post", "/api/members/import")]


@pytest.mark.parametrize("operation", OPERATIONS, ids=" ".join)
def test_it_scopes_the_operation(client, personas, operation):
    for case in contract_cases(personas)[operation]:
        case.check(client)


# --- listing -------------------------------------------------------------------------------------------------------


def _codes(client, query: str = "") -> list[str]:
    response = client.get("/api/members" + query)
    assert response.status_code == 200, response.content
    return [m["code"] for m in response.json()["items"]]


@pytest.fixture
def registry(personas):
    """A few more members in the group: one who left, one woman party member."""
    p = personas
    left = MemberFactory(code="HN0003", full_name="Phạm Văn Bình", gender="male", unit=p.group)
    left.status = MemberStatus.LEFT
    left.save()
    MemberFactory(code="HN0004", full_name="Vũ Thị Cúc", gender="female", unit=p.other_group, is_party_member=True)
    return p


def test_it_lists_members_in_scope_in_vietnamese_name_order(client, registry):
    client.force_login(registry.chair)
    # Bình, Cúc, Hiếu, Lý: by given name; the other branch's "Lê Văn An" is out of scope.
    assert _codes(client) == ["HN0003", "HN0004", "HN0001", "HN0002"]
    client.force_login(registry.officer)
    assert _codes(client)[0] == "QB0001"


def test_it_filters_members_by_subtree_status_gender_and_party(client, registry):
    p = registry
    client.force_login(p.officer)
    assert _codes(client, f"?unit={p.group.pk}") == ["HN0003", "HN0001", "HN0002"]
    assert _codes(client, f"?unit={p.grassroots.pk}") == ["HN0003", "HN0004", "HN0001", "HN0002"]
    assert _codes(client, f"?unit={p.grassroots.pk}&status=active") == ["HN0004", "HN0001", "HN0002"]
    assert _codes(client, "?status=left") == ["HN0003"]
    assert _codes(client, "?gender=female") == ["HN0004", "HN0002"]
    assert _codes(client, "?party=true") == ["HN0004", "HN0002"]
    assert _codes(client, f"?party=false&gender=male&unit={p.grassroots.pk}") == ["HN0003", "HN0001"]


def test_it_searches_without_accents(client, registry):
    client.force_login(registry.chair)
    assert _codes(client, "?q=nguyen trung hieu") == ["HN0001"]
    assert _codes(client, "?q=NGUYỄN hiếu") == ["HN0001"]
    assert _codes(client, "?q=hn000") == ["HN0003", "HN0004", "HN0001", "HN0002"]
    assert _codes(client, "?q=le van an") == []  # out of scope


def test_it_refuses_unknown_filter_values(client, registry):
    client.force_login(registry.chair)
    response = client.get("/api/members?status=dead&gender=x")
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"status", "gender"}


def test_a_member_lists_only_their_own_record(client, registry):
    client.force_login(registry.member)
    assert _codes(client) == ["HN0001"]


def test_it_paginates_members(client, personas, settings):
    settings.THIDUA_PAGE_SIZE = 3
    MemberFactory.create_batch(5, unit=personas.group)
    client.force_login(personas.chair)
    first = client.get("/api/members").json()
    assert (first["count"], first["page"], first["page_size"], first["pages"]) == (7, 1, 3, 3)
    pages = [first] + [client.get(f"/api/members?page={n}").json() for n in (2, 3)]
    codes = [m["code"] for page in pages for m in page["items"]]
    assert len(codes) == len(set(codes)) == 7
    assert len(client.get("/api/members?page_size=500").json()["items"]) == 7
    too_big = client.get("/api/members?page_size=501")
    assert too_big.status_code == 422
    assert too_big.json()["errors"]["page_size"] == ["Phải nhỏ hơn hoặc bằng 500."]


def test_it_lists_members_in_a_bounded_number_of_queries(client, personas, django_assert_max_num_queries):
    MemberFactory.create_batch(40, unit=personas.group)
    client.force_login(personas.chair)
    client.get("/api/members")
    with django_assert_max_num_queries(7):  # session, user, scope (2), the filter's unit, count, page
        body = client.get(f"/api/members?unit={personas.grassroots.pk}&page_size=100").json()
    assert body["count"] == 42


# --- detail and writes ---------------------------------------------------------------------------------------------


def test_it_creates_a_member_and_returns_the_iso_dates(client, personas):
    client.force_login(personas.chair)
    data = {**NEW_MEMBER, "full_name": "  đặng   thu hà ", "unit": personas.group.pk, "date_of_birth": "1990-02-03",
            "is_party_member": True, "party_joined_on": "2016-09-02", "email": "ha@example.vn"}  # fmt: skip
    response = client.post("/api/members", data, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["full_name"] == "đặng thu hà"
    assert (body["date_of_birth"], body["party_joined_on"]) == ("1990-02-03", "2016-09-02")
    assert body["unit"] == {"id": personas.group.pk, "name": personas.group.name}
    assert body["status"] == "active"
    assert body["transfers"] == []
    assert Member.objects.filter(code="HN0100").exists()


def test_it_reports_service_errors_on_their_fields(client, personas):
    client.force_login(personas.chair)
    data = {**NEW_MEMBER, "code": "HN0001", "unit": personas.group.pk, "party_joined_on": "2016-09-02",
            "email": "không-phải-thư"}  # fmt: skip
    response = client.post("/api/members", data, content_type="application/json")
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {"code", "email"} <= set(errors)
    assert all(isinstance(m, str) and m for messages in errors.values() for m in messages)
    data = {**NEW_MEMBER, "unit": personas.group.pk, "party_joined_on": "2016-09-02"}
    errors = client.post("/api/members", data, content_type="application/json").json()["errors"]
    assert errors == {"party_joined_on": ["Chỉ ghi ngày vào Đảng cho đảng viên."]}


def test_it_refuses_a_new_member_in_a_unit_without_the_role(client, personas):
    client.force_login(personas.chair)
    response = client.post("/api/members", {**NEW_MEMBER, "unit": personas.other_grassroots.pk},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy, hoặc ngoài phạm vi của bạn."}


def test_it_updates_only_the_fields_sent(client, personas):
    m = personas.member_record
    client.force_login(personas.chair)
    response = client.patch(f"/api/members/{m.pk}", {"phone": "0912345678", "date_of_birth": None},
                            content_type="application/json")  # fmt: skip
    assert response.status_code == 200, response.content
    m.refresh_from_db()
    assert (m.phone, m.date_of_birth, m.full_name) == ("0912345678", None, "Nguyễn Trung Hiếu")
    assert m.history.first().history_user == personas.chair


def test_it_refuses_to_change_the_unit_or_clear_a_required_field_in_an_update(client, personas):
    m = personas.member_record
    client.force_login(personas.chair)
    moved = client.patch(f"/api/members/{m.pk}", {"unit": personas.other_group.pk}, content_type="application/json")
    assert moved.status_code == 422
    assert "unit" in moved.json()["errors"]
    cleared = client.patch(f"/api/members/{m.pk}", {"full_name": None, "email": None},
                           content_type="application/json")  # fmt: skip
    assert cleared.status_code == 422
    assert cleared.json()["errors"] == {"full_name": ["Không được để trống."]}
    assert Member.objects.get(pk=m.pk).unit == personas.group


def test_a_transfer_moves_the_member_and_keeps_the_history(client, personas):
    p = personas
    client.force_login(p.chair)
    response = client.post(f"/api/members/{p.member_record.pk}/transfer",
                           {"to_unit": p.other_group.pk, "transferred_on": TODAY, "note": "Điều động"},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["from_unit"]["id"] == p.group.pk
    assert response.json()["created_by"] == str(p.chair)
    detail = client.get(f"/api/members/{p.member_record.pk}").json()
    assert detail["unit"]["id"] == p.other_group.pk
    assert detail["status"] == "active"
    assert [(t["from_unit"]["id"], t["to_unit"]["id"], t["transferred_on"]) for t in detail["transfers"]] == [
        (p.group.pk, p.other_group.pk, TODAY)
    ]
    assert _codes(client, f"?unit={p.other_group.pk}") == ["HN0001"]


def test_a_transfer_out_of_the_system_ends_membership(client, personas):
    m = personas.member_record
    client.force_login(personas.chair)
    data = {"to_outside": "Công đoàn Bộ Y tế", "transferred_on": TODAY}
    response = client.post(f"/api/members/{m.pk}/transfer", data, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["to_unit"] is None
    m.refresh_from_db()
    assert m.status == MemberStatus.TRANSFERRED
    again = client.post(f"/api/members/{m.pk}/transfer", {"to_outside": "Nơi khác", "transferred_on": TODAY},
                        content_type="application/json")  # fmt: skip
    assert again.status_code == 422
    assert "không còn sinh hoạt" in again.json()["errors"]["__all__"][0]


def test_a_transfer_needs_a_destination_the_user_can_see(client, personas):
    p = personas
    client.force_login(p.chair)
    url = f"/api/members/{p.member_record.pk}/transfer"
    nowhere = client.post(url, {"transferred_on": TODAY}, content_type="application/json")
    assert nowhere.status_code == 422
    assert "to_unit" in nowhere.json()["errors"]
    hidden = client.post(url, {"to_unit": p.other_grassroots.pk, "transferred_on": TODAY},
                         content_type="application/json")  # fmt: skip
    assert hidden.status_code == 422
    assert "to_unit" in hidden.json()["errors"]
    assert not MemberTransfer.objects.exists()


def test_leaving_ends_membership_once(client, personas):
    m = personas.member_record
    client.force_login(personas.chair)
    response = client.post(f"/api/members/{m.pk}/leave", {"left_on": TODAY}, content_type="application/json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["status_changed_on"]) == ("left", TODAY)
    assert Member.objects.get(pk=m.pk).status_changed_on == datetime.date(2026, 11, 22)
    again = client.post(f"/api/members/{m.pk}/leave", {"left_on": TODAY}, content_type="application/json")
    assert again.status_code == 422


# --- import --------------------------------------------------------------------------------------------------------


def _csv(*rows: dict) -> SimpleUploadedFile:
    """A CSV in the import format; each row gives cells by column key."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerows([row.get(c.key, "") for c in COLUMNS] for row in rows)
    return SimpleUploadedFile("doan-vien.csv", out.getvalue().encode("utf-8-sig"), "text/csv")


def _row(unit, **cells) -> dict:
    return {"code": "HN0200", "full_name": "Đỗ Minh Khoa", "gender": "Nam", "date_of_birth": "12/04/1991",
            "unit": unit.pk, **cells}  # fmt: skip


def test_the_import_checks_the_role_like_the_import_page(client, personas):
    p = personas
    client.logout()
    assert client.post("/api/members/import", {"file": _csv(_row(p.group))}).status_code == 401
    for user in (p.council, p.group_leader, p.member):
        client.force_login(user)
        response = client.post("/api/members/import", {"file": _csv(_row(p.group))})
        assert response.status_code == 403, user
    client.force_login(p.chair)
    assert client.post("/api/members/import", {"file": _csv(_row(p.group))}).status_code == 200
    assert not Member.objects.filter(code="HN0200").exists()


def test_a_dry_run_previews_without_writing(client, personas):
    client.force_login(personas.chair)
    changed = {"code": "HN0001", "full_name": "Nguyễn Trung Hiếu", "gender": "Nam", "date_of_birth": "01/01/1988",
               "unit": personas.group.pk, "phone": "0912000111"}  # fmt: skip
    response = client.post("/api/members/import", {"file": _csv(_row(personas.group), changed)})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["committed"], body["rows"], body["created"], body["updated"], body["errors"]) == (False, 2, 1, 1, [])
    assert body["preview_create"][0]["code"] == "HN0200"
    assert body["preview_update"][0]["changes"] == [{"column": "Điện thoại", "old": "—", "new": "0912000111"}]
    assert not Member.objects.filter(code="HN0200").exists()
    assert Member.objects.get(code="HN0001").phone == ""


@pytest.mark.parametrize("where", ["form", "query"])
def test_a_commit_writes_the_members_under_the_user(client, personas, where):
    client.force_login(personas.chair)
    data = {"file": _csv(_row(personas.group))}
    if where == "form":
        response = client.post("/api/members/import", {**data, "commit": "true"})
    else:
        response = client.post("/api/members/import?commit=true", data)
    assert response.status_code == 200, response.content
    assert response.json()["committed"] is True
    member = Member.objects.get(code="HN0200")
    assert (member.full_name, member.unit, member.date_of_birth) == ("Đỗ Minh Khoa", personas.group,
                                                                    datetime.date(1991, 4, 12))  # fmt: skip
    assert member.history.first().history_user == personas.chair


def test_a_commit_with_a_bad_cell_writes_nothing_and_names_the_cell(client, personas):
    p = personas
    client.force_login(p.chair)
    rows = [_row(p.group), _row(p.group, code="HN0201", gender="Khác"), _row(p.other_grassroots, code="HN0202")]
    response = client.post("/api/members/import?commit=true", {"file": _csv(*rows)})
    assert response.status_code == 422
    body = response.json()
    assert body["committed"] is False
    assert body["error_count"] == 2
    cells = {(e["row"], e["column"], e["letter"]) for e in body["errors"]}
    assert cells == {(3, "Giới tính", "C"), (4, "Mã đơn vị", "I")}
    assert all(e["message"] for e in body["errors"])
    assert not Member.objects.filter(code__in=["HN0200", "HN0201", "HN0202"]).exists()


def test_the_import_needs_a_file(client, personas):
    client.force_login(personas.chair)
    response = client.post("/api/members/import", {"commit": "true"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"file": ["Trường này là bắt buộc."]}
    refused = client.post("/api/members/import",
                          {"file": SimpleUploadedFile("doan-vien.pdf", b"%PDF", "application/pdf")})  # fmt: skip
    assert refused.status_code == 200
    assert refused.json()["errors"][0]["row"] == 0


def test_the_import_works_with_a_token(client, personas):
    _, key = api_token_create(user=personas.chair, name="Đồng bộ nhân sự")
    response = client.post("/api/members/import?commit=true", {"file": _csv(_row(personas.group))},
                           HTTP_AUTHORIZATION=f"Bearer {key}")  # fmt: skip
    assert response.status_code == 200, response.content
    assert Member.objects.get(code="HN0200").history.first().history_user == personas.chair
