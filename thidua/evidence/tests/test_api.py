"""The evidence API: the scope contract of every operation, and what the writes do."""

import datetime

import pytest

from thidua.api.tests.contract import Case
from thidua.core.testing import Personas
from thidua.evidence import services
from thidua.evidence.models import Attendance

DAY = "2025-03-07"
D = datetime.date(2025, 3, 7)

# record path → (JSON to create one, a change, how to make one for the read/change cases, action)
KINDS = {
    "activities": ({"kind": "training", "title": "Tập huấn nghiệp vụ", "held_on": DAY}, {"title": "Tập huấn lại"}),
    "projects": ({"title": "Số hóa hồ sơ", "dedicated_to": "Chào mừng Đại hội", "starts_on": DAY},
                 {"title": "Số hóa toàn bộ hồ sơ"}),
    "media": ({"kind": "video", "title": "Clip", "url": "https://example.vn/clip", "published_on": DAY},
              {"title": "Clip mới"}),
    "conduct": ({"rule": "staff_card", "polarity": "positive", "occurred_on": DAY}, {"note": "Gương mẫu"}),
    "party-introductions": ({"introduced_on": DAY}, {"outcome": "admitted", "decided_on": "2025-09-02"}),
    "disciplines": ({"level": "khien_trach", "starts_on": DAY}, {"decision_number": "05/QĐ-CĐ"}),
}  # fmt: skip
IDS = {"activities": "activity_id", "projects": "project_id", "media": "item_id", "conduct": "record_id",
       "party-introductions": "introduction_id", "disciplines": "discipline_id"}  # fmt: skip


def make(p: Personas, kind: str):
    if kind == "activities":
        return services.activity_create(unit=p.group, kind="training", title="Tập huấn", held_on=D)
    if kind == "projects":
        return services.work_project_create(unit=p.group, title="Số hóa", starts_on=D)
    if kind == "media":
        return services.media_item_create(unit=p.group, kind="article", title="Bài", url="https://e.vn/b",
                                          published_on=D)  # fmt: skip
    if kind == "conduct":
        return services.conduct_record_create(member=p.member_record, rule="dress", polarity="violation",
                                              occurred_on=D)  # fmt: skip
    if kind == "party-introductions":
        return services.party_introduction_create(member=p.member_record, introduced_on=D)
    return services.discipline_create(member=p.member_record, level="canh_cao", starts_on=D)


def contract_cases(p: Personas, operation: tuple[str, str]) -> list[Case]:
    """The cases of one operation (only its records are made)."""
    method, path = operation
    if path.endswith("/attendance"):
        activity = make(p, "activities")
        url = f"/api/evidence/activities/{activity.pk}/attendance"
        if method == "get":
            return [Case(url=url, allowed=p.group_leader, without_role=[p.council], outside=[p.outsider])]
        return [Case(url=url, method="put", data={"present": [p.member_record.pk], "absent": [p.colleague.pk]},
                     allowed=p.group_leader, without_role=[p.council], outside=[p.outsider])]  # fmt: skip
    kind = path.split("/")[3]
    body, change = KINDS[kind]
    base = f"/api/evidence/{kind}"
    discipline = kind == "disciplines"
    per_member = kind in ("conduct", "party-introductions", "disciplines")
    writer = p.chair if discipline else p.group_leader
    no_write = [p.council, p.member] + ([p.group_leader] if discipline else [])
    payload = {**body, **({"member": p.member_record.pk} if per_member else {"unit": p.group.pk})}
    if (method, path) == ("get", base):
        return [Case(url=f"{base}?unit={p.grassroots.pk}", allowed=p.council, outside=[p.outsider, p.group_leader])]
    if (method, path) == ("post", base):
        return [Case(url=base, method="post", data=payload, allowed=writer, without_role=no_write,
                     outside=[p.outsider], ok_status=(201,))]  # fmt: skip
    url = f"{base}/{make(p, kind).pk}"
    if method == "get":
        return [Case(url=url, allowed=p.council, outside=[p.outsider])]
    if method == "patch":
        return [
            Case(
                url=url,
                method="patch",
                data=change,
                allowed=writer,
                without_role=[p.council] + ([p.group_leader] if discipline else []),
                outside=[p.outsider],
            )
        ]
    return [Case(url=url, method="delete", allowed=p.chair, without_role=[p.council], outside=[p.outsider],
                 ok_status=(204,))]  # fmt: skip


OPERATIONS = sorted(
    [(m, f"/api/evidence/{k}") for k in KINDS for m in ("get", "post")]
    + [(m, f"/api/evidence/{k}/{{{IDS[k]}}}") for k in KINDS for m in ("get", "patch", "delete")]
    + [("get", "/api/evidence/activities/{activity_id}/attendance"),
       ("put", "/api/evidence/activities/{activity_id}/attendance")]
)  # fmt: skip


@pytest.mark.parametrize("operation", OPERATIONS, ids=" ".join)
def test_it_scopes_the_operation(client, personas, operation):
    for case in contract_cases(personas, operation):
        case.check(client)


def test_attendance_is_marked_through_the_api_and_refuses_strangers(client, personas):
    p = personas
    activity = make(p, "activities")
    client.force_login(p.group_leader)
    url = f"/api/evidence/activities/{activity.pk}/attendance"
    response = client.put(url, {"present": [p.member_record.pk]}, content_type="application/json")
    assert response.json() == {"present": 1, "absent": 0}
    response = client.put(url, {"present": [p.stranger.pk]}, content_type="application/json")
    assert response.status_code == 422
    assert "không thuộc «Tổ Bưu chính" in response.json()["errors"]["__all__"][0]
    rows = client.get(url).json()
    assert [(r["member"]["code"], r["present"]) for r in rows] == [("HN0001", True), ("HN0002", None)]
    assert Attendance.objects.filter(activity=activity).count() == 1


def test_a_record_names_every_wrong_field(client, personas):
    p = personas
    client.force_login(p.chair)
    response = client.post("/api/evidence/projects", {"unit": p.group.pk, "title": "Dự án", "starts_on": DAY,
                                                      "ends_on": "2025-01-01", "participants": [p.stranger.pk]},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"participants"}
    response = client.post(
        "/api/evidence/projects",
        {"unit": p.group.pk, "title": "Dự án", "starts_on": DAY, "ends_on": "2025-01-01"},
        content_type="application/json",
    )
    assert response.json()["errors"] == {"ends_on": ["Ngày kết thúc không thể trước ngày bắt đầu."]}
