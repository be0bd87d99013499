"""Who may call the API: a bearer token or the browser session (CSRF-checked), and nobody else."""

import pytest
from django.test import Client

from thidua.accounts.models import ApiToken
from thidua.accounts.services import api_token_create
from thidua.api.tests.contract import Case
from thidua.members.models import Member


def _bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_a_token_carries_its_user_s_scope(client, personas):
    _, chair_key = api_token_create(user=personas.chair, name="Đồng bộ")
    _, member_key = api_token_create(user=personas.member, name="Ứng dụng")
    chair_codes = [m["code"] for m in client.get("/api/members", **_bearer(chair_key)).json()["items"]]
    assert chair_codes == ["HN0001", "HN0002"]
    assert [m["code"] for m in client.get("/api/members", **_bearer(member_key)).json()["items"]] == ["HN0001"]
    assert client.get(f"/api/members/{personas.stranger.pk}", **_bearer(chair_key)).status_code == 404
    assert client.get(f"/api/units/{personas.grassroots.pk}", **_bearer(member_key)).status_code == 404
    assert client.get("/api/me", **_bearer(chair_key)).json()["roles"] == ["chair"]


def test_a_token_write_is_recorded_under_its_user_and_needs_no_csrf(personas):
    _, key = api_token_create(user=personas.chair, name="Đồng bộ")
    client = Client(enforce_csrf_checks=True)
    m = personas.member_record
    response = client.patch(f"/api/members/{m.pk}", {"phone": "0987654321"}, content_type="application/json",
                            **_bearer(key))  # fmt: skip
    assert response.status_code == 200, response.content
    m = Member.objects.get(pk=m.pk)
    assert m.phone == "0987654321"
    assert m.history.first().history_user == personas.chair
    assert ApiToken.objects.get(user=personas.chair).last_used_at is not None


@pytest.mark.parametrize("header", ["Bearer td_sai", "Bearer ", "bearer td_" + "x" * 43])
def test_a_bad_token_is_401(client, personas, header):
    response = client.get("/api/members", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["detail"]


def test_a_bad_token_does_not_fall_back_to_the_session(client, personas):
    client.force_login(personas.chair)
    assert client.get("/api/members").status_code == 200
    assert client.get("/api/members", HTTP_AUTHORIZATION="Bearer td_sai").status_code == 401


def test_a_revoked_token_or_an_inactive_user_is_401(client, personas):
    token, key = api_token_create(user=personas.chair, name="Tạm")
    assert client.get("/api/me", **_bearer(key)).status_code == 200
    assert client.delete(f"/api/tokens/{token.pk}", **_bearer(key)).status_code == 204
    assert client.get("/api/me", **_bearer(key)).status_code == 401
    _, key = api_token_create(user=personas.officer, name="Nghỉ hưu")
    personas.officer.is_active = False
    personas.officer.save()
    assert client.get("/api/me", **_bearer(key)).status_code == 401


def test_anonymous_is_401_even_without_a_csrf_token(personas):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/members", {"code": "X"}, content_type="application/json")
    assert response.status_code == 401
    assert response.json() == {"detail": "Cần đăng nhập hoặc gửi khóa API."}


def test_a_session_write_needs_the_csrf_token(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.chair)
    url = f"/api/members/{personas.member_record.pk}"
    refused = client.patch(url, {"phone": "0911"}, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert client.get(url).status_code == 200  # reads need no token
    client.get("/api/docs")  # sets the CSRF cookie, as the docs page does for its "Try it out"
    token = client.cookies["csrftoken"].value
    accepted = client.patch(url, {"phone": "0911"}, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 200, accepted.content


# --- the current user's tokens --------------------------------------------------------------------------------------


def contract_cases(p) -> dict[tuple[str, str], list[Case]]:
    """Account endpoints are about the caller only: anyone signed in may use them; another user's token is a 404."""
    other_token, _ = api_token_create(user=p.outsider, name="Của người khác")
    own_token, _ = api_token_create(user=p.member, name="Của tôi")
    return {
        ("get", "/api/me"): [Case(url="/api/me", allowed=p.member, without_role=[], outside=[])],
        ("get", "/api/tokens"): [Case(url="/api/tokens", allowed=p.member, without_role=[], outside=[])],
        ("post", "/api/tokens"): [Case(url="/api/tokens", method="post", data={"name": "Máy chủ báo cáo"},
                                       allowed=p.member, without_role=[], outside=[], ok_status=(201,))],
        ("delete", "/api/tokens/{token_id}"): [
            Case(url=f"/api/tokens/{other_token.pk}", method="delete", allowed=None, without_role=[],
                 outside=[p.member, p.chair]),
            Case(url=f"/api/tokens/{own_token.pk}", method="delete", allowed=p.member, without_role=[],
                 outside=[p.outsider], ok_status=(204,)),
        ],
    }  # fmt: skip


OPERATIONS = [("get", "/api/me"), ("get", "/api/tokens"), ("post", "/api/tokens"), ("delete", "/api/tokens/{token_id}")]


@pytest.mark.parametrize("operation", OPERATIONS, ids=" ".join)
def test_it_scopes_the_operation(client, personas, operation):
    for case in contract_cases(personas)[operation]:
        case.check(client)


def test_it_creates_a_token_shown_once_and_stores_only_its_hash(client, personas):
    client.force_login(personas.chair)
    response = client.post("/api/tokens", {"name": "Đồng bộ nhân sự"}, content_type="application/json")
    assert response.status_code == 201
    key = response.json()["key"]
    assert key.startswith("td_")
    token = ApiToken.objects.get(user=personas.chair)
    assert token.key_hash == ApiToken.hash_key(key)
    assert key not in (token.key_hash, token.prefix)
    listed = client.get("/api/tokens").json()
    assert [t["name"] for t in listed] == ["Đồng bộ nhân sự"]
    assert "key" not in listed[0]
    client.logout()
    assert client.get("/api/me", **_bearer(key)).json()["username"] == "chair"


def test_a_token_cannot_mint_another_token(client, personas):
    _, key = api_token_create(user=personas.chair, name="Đồng bộ")
    response = client.post("/api/tokens", {"name": "Thêm"}, content_type="application/json", **_bearer(key))
    assert response.status_code == 401
    assert ApiToken.objects.count() == 1
