"""The units, terms and clusters API: the scope contract of every operation, then what each one does."""

import datetime

import pytest

from thidua.api.tests.contract import Case
from thidua.core.testing import Personas
from thidua.members.services import member_create
from thidua.organizations.choices import UnitKind
from thidua.organizations.models import Cluster, Term, Unit
from thidua.organizations.tests.factories import UnitFactory

TODAY = "2026-11-22"


def contract_cases(p: Personas) -> dict[tuple[str, str], list[Case]]:
    """(method, OpenAPI path) → contract cases. thidua/api/tests checks that every operation has one."""
    g, grp, other = p.grassroots, p.group, p.other_group
    return {
        ("get", "/api/units"): [
            Case(url=f"/api/units?subtree_of={g.pk}", allowed=p.council, without_role=[],
                 outside=[p.outsider, p.group_leader]),
            Case(url=f"/api/units?parent={g.pk}", allowed=p.chair, without_role=[], outside=[p.outsider]),
        ],
        ("post", "/api/units"): [
            Case(url="/api/units", method="post", data={"name": "Tổ Kế hoạch", "kind": "group", "parent": g.pk},
                 allowed=p.chair, without_role=[p.council], outside=[p.outsider, p.group_leader, p.member],
                 ok_status=(201,)),
            Case(url="/api/units", method="post",
                 data={"name": "Công đoàn bộ phận", "kind": "member_union", "parent": grp.pk}, allowed=None,
                 without_role=[p.group_leader, p.council, p.member], outside=[p.outsider]),
        ],
        ("get", "/api/units/{unit_id}"): [
            Case(url=f"/api/units/{g.pk}", allowed=p.council, without_role=[], outside=[p.outsider, p.group_leader]),
            Case(url=f"/api/units/{grp.pk}", allowed=p.member, without_role=[], outside=[p.outsider]),
        ],
        ("patch", "/api/units/{unit_id}"): [
            Case(url=f"/api/units/{grp.pk}", method="patch", data={"name": "Tổ đổi tên"}, allowed=p.chair,
                 without_role=[p.council, p.group_leader, p.member], outside=[p.outsider]),
        ],
        ("post", "/api/units/{unit_id}/move"): [
            Case(url=f"/api/units/{other.pk}/move", method="post", data={"new_parent": p.other_grassroots.pk},
                 allowed=p.officer, without_role=[p.council], outside=[p.outsider, p.group_leader]),
        ],
        ("post", "/api/units/{unit_id}/close"): [
            Case(url=f"/api/units/{other.pk}/close", method="post", data={"closed_on": TODAY}, allowed=p.chair,
                 without_role=[p.council], outside=[p.outsider, p.group_leader]),
        ],
        ("get", "/api/units/{unit_id}/children"): [
            Case(url=f"/api/units/{g.pk}/children", allowed=p.council, without_role=[],
                 outside=[p.outsider, p.group_leader]),
        ],
        ("get", "/api/units/{unit_id}/terms"): [
            Case(url=f"/api/units/{g.pk}/terms", allowed=p.council, without_role=[], outside=[p.outsider]),
        ],
        ("post", "/api/units/{unit_id}/terms"): [
            Case(url=f"/api/units/{g.pk}/terms", method="post",
                 data={"name": "2028 - 2033", "starts_on": "2028-05-23", "ends_on": "2033-05-22"}, allowed=p.chair,
                 without_role=[p.council], outside=[p.outsider, p.group_leader], ok_status=(201,)),
        ],
        ("get", "/api/clusters"): [Case(url="/api/clusters", allowed=p.council, without_role=[], outside=[])],
        ("post", "/api/clusters"): [
            Case(url="/api/clusters", method="post",
                 data={"name": "Cụm thi đua số 1", "year": 2026, "organizer": p.upper.pk,
                       "units": [g.pk, p.other_grassroots.pk], "leader": g.pk},
                 allowed=p.officer, without_role=[p.council, p.group_leader, p.member],
                 outside=[p.chair, p.outsider], ok_status=(201,)),
        ],
    }  # fmt: skip


OPERATIONS = [
    ("get", "/api/units"), ("post", "/api/units"), ("get", "/api/units/{unit_id}"), ("patch", "/api/units/{unit_id}"),
    ("post", "/api/units/{unit_id}/move"), ("post", "/api/units/{unit_id}/close"),
    ("get", "/api/units/{unit_id}/children"), ("get", "/api/units/{unit_id}/terms"),
    ("post", "/api/units/{unit_id}/terms"), ("get", "/api/clusters"), ("post", "/api/clusters"),
]  # fmt: skip


@pytest.mark.parametrize("operation", OPERATIONS, ids=" ".join)
def test_it_scopes_the_operation(client, personas, operation):
    for case in contract_cases(personas)[operation]:
        case.check(client)


# --- listing -------------------------------------------------------------------------------------------------------


def test_it_lists_only_units_in_scope_with_subtree_member_counts(client, personas):
    client.force_login(personas.chair)
    body = client.get("/api/units").json()
    names = [u["name"] for u in body["items"]]
    assert names == sorted(names)
    assert set(names) == {personas.grassroots.name, personas.group.name, personas.other_group.name}
    counts = {u["name"]: u["member_count"] for u in body["items"]}
    assert counts[personas.grassroots.name] == 2  # both members sit in the group below it
    assert counts[personas.group.name] == 2
    assert counts[personas.other_group.name] == 0


def test_it_filters_units_by_parent_kind_subtree_and_unaccented_text(client, personas):
    p = personas
    client.force_login(p.officer)

    def names(query: str) -> set[str]:
        response = client.get("/api/units" + query)
        assert response.status_code == 200, response.content
        return {u["name"] for u in response.json()["items"]}

    assert names(f"?parent={p.upper.pk}") == {p.grassroots.name, p.other_grassroots.name}
    assert names(f"?subtree_of={p.grassroots.pk}") == {p.grassroots.name, p.group.name, p.other_group.name}
    assert names("?kind=group") == {p.group.name, p.other_group.name}
    assert names("?q=tai nguyen moi truong") == {p.other_grassroots.name}
    assert names(f"?q=to&subtree_of={p.grassroots.pk}&kind=group") == {p.group.name, p.other_group.name}


def test_it_hides_closed_units_unless_asked(client, personas):
    client.force_login(personas.chair)
    assert client.post(f"/api/units/{personas.other_group.pk}/close", {"closed_on": TODAY},
                       content_type="application/json").status_code == 200  # fmt: skip
    open_names = {u["name"] for u in client.get("/api/units").json()["items"]}
    all_names = {u["name"] for u in client.get("/api/units?include_closed=true").json()["items"]}
    assert personas.other_group.name not in open_names
    assert personas.other_group.name in all_names


def test_it_lists_a_member_s_own_unit_once(client, personas):
    """A chair who is also a member sees each unit once, although visible_to joins the members."""
    record = member_create(code="HN0099", full_name="Phạm Văn Chủ", gender="male", unit=personas.group)
    record.user = personas.chair
    record.save()
    client.force_login(personas.chair)
    body = client.get("/api/units").json()
    assert body["count"] == 3
    assert len({u["id"] for u in body["items"]}) == 3


def test_it_paginates_units(client, personas, settings):
    settings.THIDUA_PAGE_SIZE = 2
    client.force_login(personas.officer)
    first = client.get("/api/units").json()
    assert (first["count"], first["page_size"], first["pages"], len(first["items"])) == (5, 2, 3, 2)
    last = client.get("/api/units?page=3").json()
    assert len(last["items"]) == 1
    every = [u["id"] for n in (1, 2, 3) for u in client.get(f"/api/units?page={n}").json()["items"]]
    assert len(set(every)) == 5
    assert client.get("/api/units?page=4").json()["items"] == []
    assert client.get("/api/units?page_size=501").status_code == 422


def test_it_lists_units_in_a_bounded_number_of_queries(client, personas, django_assert_max_num_queries):
    for _ in range(30):
        UnitFactory(kind=UnitKind.GROUP, parent=personas.grassroots)
    client.force_login(personas.officer)
    client.get("/api/units")  # the session and scope are warm
    with django_assert_max_num_queries(7):
        body = client.get("/api/units?page_size=100").json()
    assert body["count"] == 35


def test_it_shows_a_unit_with_ancestors_in_scope_and_children(client, personas):
    p = personas
    client.force_login(p.chair)
    body = client.get(f"/api/units/{p.group.pk}").json()
    assert body["ancestors"] == [{"id": p.grassroots.pk, "name": p.grassroots.name}]  # the upper union is hidden
    assert body["can_manage"] is True
    assert body["member_count"] == 2
    children = client.get(f"/api/units/{p.grassroots.pk}/children").json()
    assert [c["name"] for c in children] == sorted([p.group.name, p.other_group.name])
    assert all(c["has_children"] is False for c in children)


# --- writes --------------------------------------------------------------------------------------------------------


def test_it_creates_a_unit_under_a_managed_parent(client, personas):
    client.force_login(personas.chair)
    response = client.post("/api/units", {"name": " Tổ Kế hoạch ", "kind": "group", "parent": personas.grassroots.pk},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 201, response.content
    unit = Unit.objects.get(pk=response.json()["id"])
    assert unit.name == "Tổ Kế hoạch"
    assert unit.path == f"{personas.grassroots.path}{unit.pk}/"


def test_it_requires_a_parent_except_for_the_administrator(client, personas):
    client.force_login(personas.officer)
    response = client.post("/api/units", {"name": "Gốc mới", "kind": "provincial"}, content_type="application/json")
    assert response.status_code == 422
    assert "parent" in response.json()["errors"]
    client.force_login(personas.admin)
    response = client.post("/api/units", {"name": "Gốc mới", "kind": "provincial"}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["parent_id"] is None


def test_it_reports_a_misplaced_unit_on_the_parent_field(client, personas):
    client.force_login(personas.chair)
    response = client.post("/api/units", {"name": "Sai cấp", "kind": "upper", "parent": personas.grassroots.pk},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Dữ liệu không hợp lệ."
    assert "Không thể đặt" in body["errors"]["parent"][0]


def test_it_names_every_invalid_field_in_vietnamese(client, personas):
    client.force_login(personas.chair)
    response = client.post("/api/units", {"kind": "nonsense", "parent": personas.grassroots.pk, "colour": "red"},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["name"] == ["Trường này là bắt buộc."]
    assert errors["kind"][0].startswith("Giá trị không hợp lệ; chọn một trong:")
    assert errors["colour"] == ["Trường này không có trong lược đồ."]


def test_it_renames_only_the_fields_sent(client, personas):
    grp = personas.group
    grp.short_name = "TBC"
    grp.save()
    client.force_login(personas.chair)
    response = client.patch(f"/api/units/{grp.pk}", {"name": "Tổ Bưu chính"}, content_type="application/json")
    assert response.status_code == 200, response.content
    grp.refresh_from_db()
    assert (grp.name, grp.short_name) == ("Tổ Bưu chính", "TBC")
    assert grp.history.first().history_user == personas.chair


def test_it_moves_a_unit_only_under_a_unit_the_user_manages(client, personas):
    p = personas
    client.force_login(p.chair)
    refused = client.post(f"/api/units/{p.other_group.pk}/move", {"new_parent": p.other_grassroots.pk},
                          content_type="application/json")  # fmt: skip
    assert refused.status_code == 422
    assert "new_parent" in refused.json()["errors"]
    client.force_login(p.officer)
    moved = client.post(f"/api/units/{p.other_group.pk}/move", {"new_parent": p.other_grassroots.pk},
                        content_type="application/json")  # fmt: skip
    assert moved.status_code == 200
    assert moved.json()["parent_id"] == p.other_grassroots.pk
    assert Unit.objects.get(pk=p.other_group.pk).path.startswith(p.other_grassroots.path)


def test_it_refuses_to_close_a_unit_with_active_members(client, personas):
    client.force_login(personas.chair)
    response = client.post(f"/api/units/{personas.group.pk}/close", {"closed_on": TODAY},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 422
    assert "đoàn viên" in response.json()["errors"]["__all__"][0]
    ok = client.post(f"/api/units/{personas.other_group.pk}/close", {"closed_on": TODAY, "reason": "Sáp nhập"},
                     content_type="application/json")  # fmt: skip
    assert ok.json() == {"closed": 1}
    assert Unit.objects.get(pk=personas.other_group.pk).closed_on == datetime.date(2026, 11, 22)


def test_it_lists_and_creates_terms(client, personas):
    client.force_login(personas.chair)
    url = f"/api/units/{personas.grassroots.pk}/terms"
    before = len(client.get(url).json())
    bad = client.post(url, {"name": "2028", "starts_on": "2033-01-01", "ends_on": "2028-01-01"},
                      content_type="application/json")  # fmt: skip
    assert bad.status_code == 422
    assert "ends_on" in bad.json()["errors"]
    assert client.post(url, {"name": "2028", "starts_on": "22/11/2026", "ends_on": "2028-01-01"},
                       content_type="application/json").json()["errors"]["starts_on"] == [
        "Ngày không hợp lệ; dùng định dạng YYYY-MM-DD."
    ]  # fmt: skip
    created = client.post(url, {"name": "2028 - 2033", "starts_on": "2028-05-23", "ends_on": "2033-05-22"},
                          content_type="application/json")  # fmt: skip
    assert created.status_code == 201
    assert created.json()["starts_on"] == "2028-05-23"
    terms = client.get(url).json()
    assert len(terms) == before + 1
    assert terms[0]["name"] == "2028 - 2033"
    assert Term.objects.filter(unit=personas.grassroots).count() == before + 1


def test_it_creates_a_cluster_and_lists_it_to_member_units(client, personas):
    p = personas
    client.force_login(p.officer)
    data = {"name": "Cụm thi đua số 1", "kind": "cluster", "year": 2026, "organizer": p.upper.pk,
            "units": [p.grassroots.pk, p.other_grassroots.pk], "leader": p.grassroots.pk}  # fmt: skip
    response = client.post("/api/clusters", data, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["leader"] == {"id": p.grassroots.pk, "name": p.grassroots.name}
    assert {u["id"] for u in body["units"]} == {p.grassroots.pk, p.other_grassroots.pk}
    client.force_login(p.council)  # reads it: their grassroots competes in it
    assert [c["name"] for c in client.get("/api/clusters?year=2026").json()] == ["Cụm thi đua số 1"]
    assert client.get("/api/clusters?year=2025").json() == []


def test_it_refuses_cluster_units_outside_the_managed_scope(client, personas):
    p = personas
    client.force_login(p.chair)
    response = client.post("/api/clusters", {"name": "Cụm", "year": 2026, "organizer": p.grassroots.pk,
                                             "units": [p.group.pk, p.other_grassroots.pk]},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 422
    assert f"#{p.other_grassroots.pk}" in response.json()["errors"]["units"][0]
    assert not Cluster.objects.exists()
