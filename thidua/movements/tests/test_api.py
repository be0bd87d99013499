"""The movements API (item 9): the scope contract of every operation, and what the operations do."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from thidua.api.tests.contract import Case
from thidua.movements import services
from thidua.movements.models import CriteriaVersion, ManualValue, Movement, Registration, TargetProgress
from thidua.movements.tests.conftest import make_plan
from thidua.movements.tests.test_page_scope import World

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
BASE = "/api/movements"


def on(month: int, day: int) -> str:
    return datetime.date(YEAR, month, day).isoformat()


def contract_cases(w: World) -> dict[tuple[str, str], list[Case]]:
    """(method, OpenAPI path) → contract cases. thidua/api/tests checks that every operation has one."""
    p, m, dr, up = w.p, w.running.pk, w.draft.pk, w.upper.pk
    bare = make_plan(p, year=YEAR, title="Chưa có đợt", phases=False)
    managers = {"without": [p.council, p.group_leader, p.member], "outside": [p.outsider]}
    draft_managers = {"without": [p.council], "outside": [p.outsider, p.member, p.group_leader]}

    def case(url, allowed, *, method="get", data=None, without=(), outside=(), ok=(200,)):
        return Case(url=url, allowed=allowed, method=method, data=data, without_role=list(without),
                    outside=list(outside), ok_status=ok)  # fmt: skip

    new_plan = {"unit": p.grassroots.pk, "title": "Thi đua chào mừng Đại hội", "starts_on": on(1, 1),
                "ends_on": on(12, 31)}  # fmt: skip
    target = {"name": "90% đoàn viên tham gia", "kind": "share", "target_min": 90, "metric_key": "members.active",
              "deadline": on(10, 31)}  # fmt: skip
    standard = services.standard_add(item=w.item, text="Không hút thuốc lá trong phòng làm việc.")
    return {
        ("delete", f"{BASE}/content-groups/{{group_id}}"): [
            case(f"{BASE}/content-groups/{w.group.pk}", p.chair, method="delete", ok=(204,), **draft_managers)],
        ("delete", f"{BASE}/content-items/{{item_id}}"): [
            case(f"{BASE}/content-items/{w.item.pk}", p.chair, method="delete", ok=(204,), **draft_managers)],
        ("delete", f"{BASE}/standards/{{standard_id}}"): [
            case(f"{BASE}/standards/{standard.pk}", p.chair, method="delete", ok=(204,), **draft_managers)],
        ("delete", f"{BASE}/phases/{{phase_id}}"): [
            case(f"{BASE}/phases/{w.draft.phases.first().pk}", p.chair, method="delete", ok=(204,),
                 **draft_managers)],
        ("delete", f"{BASE}/targets/{{target_id}}"): [
            case(f"{BASE}/targets/{w.target.pk}", p.chair, method="delete", ok=(204,), **managers)],
        ("delete", f"{BASE}/registrations/{{registration_id}}"): [
            case(f"{BASE}/registrations/{w.pledge.pk}", p.member, method="delete", ok=(204,),
                 without=[p.council, p.group_leader], outside=[p.outsider])],
        ("get", BASE): [case(BASE, p.member)],
        ("post", BASE): [case(BASE, p.chair, method="post", data=new_plan, ok=(201,), **managers)],
        ("get", f"{BASE}/templates"): [case(f"{BASE}/templates", p.member)],
        ("post", f"{BASE}/from-template"): [case(f"{BASE}/from-template", p.chair, method="post", ok=(201,),
                                                 data={"template": "hanam-tttt-2023", "unit": p.grassroots.pk,
                                                       "year": 2023}, **managers)],
        ("get", f"{BASE}/{{movement_id}}"): [case(f"{BASE}/{m}", p.member, outside=[p.outsider]),
                                             case(f"{BASE}/{dr}", p.council, outside=[p.outsider, p.member])],
        ("patch", f"{BASE}/{{movement_id}}"): [case(f"{BASE}/{m}", p.chair, method="patch",
                                                    data={"signer": "Hoàng Thanh Hiến"}, **managers)],
        ("post", f"{BASE}/{{movement_id}}/launch"): [case(f"{BASE}/{dr}/launch", p.chair, method="post",
                                                          **draft_managers)],
        # A running plan cannot close yet: the allowed user passes the scope and meets the lifecycle rule (422).
        ("post", f"{BASE}/{{movement_id}}/close"): [case(f"{BASE}/{m}/close", p.chair, method="post", ok=(422,),
                                                         **managers)],
        ("post", f"{BASE}/{{movement_id}}/recompute"): [case(f"{BASE}/{m}/recompute", p.officer, method="post",
                                                             **managers)],
        ("get", f"{BASE}/{{movement_id}}/contents"): [case(f"{BASE}/{m}/contents", p.member, outside=[p.outsider])],
        ("post", f"{BASE}/{{movement_id}}/content-groups"): [case(f"{BASE}/{dr}/content-groups", p.chair,
                                                                  method="post", data={"name": "Về phong trào"},
                                                                  ok=(201,), **draft_managers)],
        ("post", f"{BASE}/content-groups/{{group_id}}/items"): [
            case(f"{BASE}/content-groups/{w.group.pk}/items", p.chair, method="post", ok=(201,),
                 data={"text": "Tích cực tham gia phong trào văn nghệ, thể thao."}, **draft_managers)],
        ("post", f"{BASE}/content-items/{{item_id}}/standards"): [
            case(f"{BASE}/content-items/{w.item.pk}/standards", p.chair, method="post", ok=(201,),
                 data={"text": "Không hút thuốc lá trong phòng làm việc."}, **draft_managers)],
        ("get", f"{BASE}/{{movement_id}}/criteria"): [case(f"{BASE}/{m}/criteria", p.member, outside=[p.outsider])],
        ("post", f"{BASE}/{{movement_id}}/criteria"): [case(f"{BASE}/{m}/criteria", p.chair, method="post", ok=(201,),
                                                            data={"name": "Đeo thẻ khi làm nhiệm vụ", "max_points": 5,
                                                                  "reason": "Bổ sung theo Hội nghị"}, **managers)],
        ("patch", f"{BASE}/criteria/{{criterion_id}}"): [case(f"{BASE}/criteria/{w.criterion.pk}", p.chair,
                                                              method="patch", data={"max_points": 12,
                                                                                    "reason": "Điều chỉnh"},
                                                              **managers)],
        ("delete", f"{BASE}/criteria/{{criterion_id}}"): [case(f"{BASE}/criteria/{w.criterion.pk}?reason=Bỏ",
                                                               p.chair, method="delete", **managers)],
        ("get", f"{BASE}/{{movement_id}}/phases"): [case(f"{BASE}/{m}/phases", p.member, outside=[p.outsider])],
        ("post", f"{BASE}/{{movement_id}}/phases"): [case(f"{BASE}/{bare.pk}/phases", p.chair, method="post",
                                                          ok=(201,), data={"starts_on": on(1, 1), "ends_on": on(6, 30),
                                                                           "review_due": on(7, 15)},
                                                          **draft_managers)],
        ("patch", f"{BASE}/phases/{{phase_id}}"): [case(f"{BASE}/phases/{w.phase.pk}", p.chair, method="patch",
                                                        data={"review_note": "Sơ kết tại hội trường"}, **managers)],
        ("post", f"{BASE}/phases/{{phase_id}}/review"): [case(f"{BASE}/phases/{w.phase.pk}/review", p.chair,
                                                              method="post", data={}, **managers)],
        ("get", f"{BASE}/{{movement_id}}/targets"): [case(f"{BASE}/{m}/targets", p.member, outside=[p.outsider])],
        ("post", f"{BASE}/{{movement_id}}/targets"): [case(f"{BASE}/{m}/targets", p.chair, method="post", data=target,
                                                           ok=(201,), **managers)],
        ("patch", f"{BASE}/targets/{{target_id}}"): [case(f"{BASE}/targets/{w.target.pk}", p.chair, method="patch",
                                                          data={"target_min": 95}, **managers)],
        ("get", f"{BASE}/targets/{{target_id}}/progress"): [case(f"{BASE}/targets/{w.target.pk}/progress", p.council,
                                                                 without=[p.member], outside=[p.outsider])],
        ("get", f"{BASE}/{{movement_id}}/dashboard"): [case(f"{BASE}/{m}/dashboard", p.council, without=[p.member],
                                                            outside=[p.outsider])],
        ("get", f"{BASE}/{{movement_id}}/adoptions"): [case(f"{BASE}/{up}/adoptions", p.council, without=[p.member])],
        ("post", f"{BASE}/{{movement_id}}/adopt"): [case(f"{BASE}/{up}/adopt", p.chair, method="post", ok=(201,),
                                                         data={"unit": p.grassroots.pk}, **managers)],
        ("get", f"{BASE}/{{movement_id}}/titles"): [case(f"{BASE}/{m}/titles", p.member, outside=[p.outsider])],
        ("get", f"{BASE}/{{movement_id}}/registrations"): [case(f"{BASE}/{m}/registrations", p.group_leader,
                                                                without=[p.member], outside=[p.outsider])],
        ("get", f"{BASE}/{{movement_id}}/registrations/missing"): [
            case(f"{BASE}/{m}/registrations/missing", p.group_leader, without=[p.member], outside=[p.outsider])],
        ("post", f"{BASE}/{{movement_id}}/registrations"): [
            case(f"{BASE}/{m}/registrations", p.member, method="post", ok=(201,),
                 data={"subject": "individual", "title_code": "ldtt"}, without=[p.council, p.group_leader],
                 outside=[p.outsider])],
    }  # fmt: skip


OPERATIONS = [
    ("get", BASE), ("post", BASE), ("get", f"{BASE}/templates"), ("post", f"{BASE}/from-template"),
    ("get", f"{BASE}/{{movement_id}}"), ("patch", f"{BASE}/{{movement_id}}"),
    ("post", f"{BASE}/{{movement_id}}/launch"), ("post", f"{BASE}/{{movement_id}}/close"),
    ("post", f"{BASE}/{{movement_id}}/recompute"), ("get", f"{BASE}/{{movement_id}}/contents"),
    ("post", f"{BASE}/{{movement_id}}/content-groups"), ("post", f"{BASE}/content-groups/{{group_id}}/items"),
    ("post", f"{BASE}/content-items/{{item_id}}/standards"), ("get", f"{BASE}/{{movement_id}}/criteria"),
    ("post", f"{BASE}/{{movement_id}}/criteria"), ("patch", f"{BASE}/criteria/{{criterion_id}}"),
    ("delete", f"{BASE}/criteria/{{criterion_id}}"), ("get", f"{BASE}/{{movement_id}}/phases"),
    ("post", f"{BASE}/{{movement_id}}/phases"), ("patch", f"{BASE}/phases/{{phase_id}}"),
    ("post", f"{BASE}/phases/{{phase_id}}/review"), ("get", f"{BASE}/{{movement_id}}/targets"),
    ("post", f"{BASE}/{{movement_id}}/targets"), ("patch", f"{BASE}/targets/{{target_id}}"),
    ("get", f"{BASE}/targets/{{target_id}}/progress"), ("get", f"{BASE}/{{movement_id}}/dashboard"),
    ("get", f"{BASE}/{{movement_id}}/adoptions"), ("post", f"{BASE}/{{movement_id}}/adopt"),
    ("get", f"{BASE}/{{movement_id}}/titles"), ("get", f"{BASE}/{{movement_id}}/registrations"),
    ("get", f"{BASE}/{{movement_id}}/registrations/missing"), ("post", f"{BASE}/{{movement_id}}/registrations"),
    ("delete", f"{BASE}/content-groups/{{group_id}}"), ("delete", f"{BASE}/content-items/{{item_id}}"),
    ("delete", f"{BASE}/standards/{{standard_id}}"), ("delete", f"{BASE}/phases/{{phase_id}}"),
    ("delete", f"{BASE}/targets/{{target_id}}"), ("delete", f"{BASE}/registrations/{{registration_id}}"),
]  # fmt: skip
# Multipart (value + evidence file), so its contract is written out in test_a_manual_value_needs_the_manage_role.
OTHER_OPERATIONS = [("post", f"{BASE}/targets/{{target_id}}/manual")]


@pytest.mark.parametrize("operation", OPERATIONS, ids=" ".join)
def test_it_scopes_the_operation(client, personas, operation):
    for case in contract_cases(World(personas))[operation]:
        case.check(client)


def test_every_movement_operation_is_listed():
    from thidua.api.urls import api

    schema = api.get_openapi_schema()
    ops = {(method, path) for path, item in schema["paths"].items() if path.startswith(BASE) for method in item}
    assert ops == set(OPERATIONS) | set(OTHER_OPERATIONS)


def test_a_manual_value_needs_the_manage_role(client, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w = World(personas)
    p = personas
    url = f"{BASE}/targets/{w.manual.pk}/manual"

    def send(user, value="100"):
        client.logout()
        if user is not None:
            client.force_login(user)
        evidence = SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4", content_type="application/pdf")
        return client.post(url, {"unit": p.grassroots.pk, "value": value, "evidence": evidence})

    assert send(None).status_code == 401
    assert send(p.outsider).status_code == 404
    for user in (p.council, p.group_leader, p.member):
        assert send(user).status_code == 403, user
    refused = send(p.chair, value="120")
    assert refused.status_code == 422
    assert "«Giá trị»" in refused.json()["errors"]["value"][0]
    assert send(p.chair).status_code == 201
    entry = ManualValue.objects.get()
    assert (entry.value, entry.entered_by) == (100, p.chair)
    assert TargetProgress.objects.get(target=w.manual, unit=p.grassroots).status == "achieved"


# --- behaviour -------------------------------------------------------------------------------------------------------


def test_bad_input_is_a_422_naming_each_field_and_saves_nothing(client, personas):
    client.force_login(personas.chair)
    response = client.post(BASE, {"unit": personas.grassroots.pk, "title": "Sai", "starts_on": on(12, 31),
                                  "ends_on": on(1, 1), "registration_opens_on": on(3, 1),
                                  "registration_closes_on": on(2, 1)}, content_type="application/json")  # fmt: skip
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {"ends_on", "registration_closes_on"}
    assert errors["ends_on"][0].startswith("«Đến ngày»")
    assert not Movement.objects.exists()


def test_an_impossible_target_through_the_api(client, personas):
    movement = make_plan(personas, year=YEAR)
    client.force_login(personas.chair)
    response = client.post(f"{BASE}/{movement.pk}/targets", {
        "name": "Từ 15% đến 10%", "kind": "share", "comparison": "range", "target_min": 15, "target_max": 10,
        "metric_key": "members.active", "deadline": f"{YEAR + 1}-03-01"}, content_type="application/json")  # fmt: skip
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"target_min", "deadline"}


def test_a_plan_from_a_template_launches_and_reports_its_targets(client, personas):
    client.force_login(personas.chair)
    response = client.post(f"{BASE}/from-template", {"template": "hanam-tttt-2023", "unit": personas.grassroots.pk,
                                                     "year": 2023, "plan_number": "01/KH-CĐSTTTT",
                                                     "issued_on": "2023-01-06", "launch": True},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 201, response.content
    movement = response.json()
    assert (movement["status"], movement["plan_number"]) == ("launched", "01/KH-CĐSTTTT")
    targets = client.get(f"{BASE}/{movement['id']}/targets").json()
    assert len(targets) == 10
    registered = next(t for t in targets if t["metric_key"] == "movements.registered")
    assert registered["progress"]["status"] == "missed"
    assert registered["progress"]["denominator"] == 2
    contents = client.get(f"{BASE}/{movement['id']}/contents").json()
    assert [g["name"] for g in contents] == ["Về chuyên môn", "Về phong trào"]


def test_criteria_changes_through_the_api_are_versioned(client, personas):
    w = World(personas)
    client.force_login(personas.chair)
    refused = client.patch(f"{BASE}/criteria/{w.criterion.pk}", {"max_points": 15}, content_type="application/json")
    assert refused.status_code == 422
    assert "reason" in refused.json()["errors"]
    changed = client.patch(f"{BASE}/criteria/{w.criterion.pk}", {"max_points": 15, "reason": "Nghị quyết BCH"},
                           content_type="application/json").json()  # fmt: skip
    assert (changed["version"], changed["origin_id"], changed["max_points"]) == (2, w.criterion.pk, "15.00")
    versions = client.get(f"{BASE}/{w.running.pk}/criteria").json()
    assert [(v["number"], v["reason"]) for v in versions] == [(2, "Nghị quyết BCH"), (1, "Phiên bản đầu tiên.")]
    assert versions[0]["author"] == str(personas.chair)
    assert CriteriaVersion.objects.filter(movement=w.running).count() == 2


def test_dashboard_adoption_and_registration_through_the_api(client, personas):
    w = World(personas)
    p = personas
    client.force_login(p.member)
    registered = client.post(f"{BASE}/{w.running.pk}/registrations", {"subject": "individual", "title_code": "ldtt",
                                                                      "commitments": "Hoàn thành tốt nhiệm vụ"},
                             content_type="application/json")  # fmt: skip
    assert registered.status_code == 201
    assert registered.json()["title_name"] == "Lao động tiên tiến"
    client.force_login(p.chair)
    missing = client.get(f"{BASE}/{w.running.pk}/registrations/missing").json()
    assert [m["full_name"] for m in missing["items"]] == ["Trần Thị Hoa Lý"]
    assert client.post(f"{BASE}/{w.running.pk}/registrations", {"subject": "collective", "unit": p.group.pk,
                                                                "title_code": "to_cd_xuat_sac"},
                       content_type="application/json").status_code == 201  # fmt: skip
    assert Registration.objects.filter(subject="collective").count() == 1
    board = client.get(f"{BASE}/{w.running.pk}/dashboard").json()
    assert board["node"]["id"] == p.grassroots.pk
    assert len(board["summary"]) == 2
    child = client.post(f"{BASE}/{w.upper.pk}/adopt", {"unit": p.grassroots.pk, "plan_number": "04/KH"},
                        content_type="application/json").json()  # fmt: skip
    assert child["parent_id"] == w.upper.pk
    assert child["status"] == "draft"
    client.force_login(p.officer)
    overview = client.get(f"{BASE}/{w.upper.pk}/adoptions").json()
    assert (overview["expected"], overview["adopted"]) == (2, 1)
