"""The API as a whole: its OpenAPI schema, the offline docs page, and the rule that no operation skips
authentication or its scope test."""

import importlib
import json
import re

import pytest
from django.apps import apps
from django.contrib.staticfiles import finders
from django.test import Client

from thidua.api.tests import test_auth
from thidua.api.urls import api

METHODS = {"get", "post", "put", "patch", "delete"}


def _operations() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return sorted((method, path) for path, ops in schema["paths"].items() for method in ops if method in METHODS)


def test_the_schema_is_json_with_the_unit_and_member_paths(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Thi Đua API"
    for path in ("/api/units", "/api/units/{unit_id}", "/api/units/{unit_id}/move", "/api/members",
                 "/api/members/{member_id}", "/api/members/{member_id}/transfer", "/api/members/import",
                 "/api/tokens"):  # fmt: skip
        assert path in schema["paths"], path
    assert set(schema["components"]["securitySchemes"]) == {"TokenAuth", "SessionAuth"}
    member = schema["components"]["schemas"]["MemberOut"]["properties"]
    assert member["full_name"]["description"] == "Họ và tên"
    assert member["date_of_birth"]["anyOf"][0]["format"] == "date"


def test_the_docs_render_without_any_external_host(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert not re.findall(r"https?://", html), "the docs page must not load anything from another host"
    assert re.search(r'"validatorUrl": null', html), "Swagger UI would call validator.swagger.io"
    assets = re.findall(r'(?:src|href)="/static/([^"]+)"', html)
    assert {"ninja/swagger-ui-bundle.js", "ninja/swagger-ui.css"} <= set(assets)
    for asset in assets:
        assert finders.find(asset), f"{asset} is not among the static files"


def test_every_operation_declares_authentication():
    schema = api.get_openapi_schema()
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            assert op.get("security"), f"{method.upper()} {path} has no authentication"


@pytest.mark.parametrize("credentials", [{}, {"HTTP_AUTHORIZATION": "Bearer td_sai"}], ids=["anonymous", "bad-token"])
def test_every_operation_refuses_a_caller_without_credentials(db, credentials):
    client = Client(enforce_csrf_checks=True)
    for method, path in _operations():
        url = re.sub(r"\{[^}]+\}", "1", path)
        response = getattr(client, method)(url, **credentials)
        assert response.status_code == 401, f"{method.upper()} {path}: {response.status_code}"


def _covered_operations() -> set[tuple[str, str]]:
    """Operations proved by each app's ``tests/test_api.py`` (module-level ``OPERATIONS`` and ``OTHER_OPERATIONS``)."""
    covered = set(test_auth.OPERATIONS)
    for config in apps.get_app_configs():
        if not config.name.startswith("thidua."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.test_api")
        except ModuleNotFoundError:
            continue
        covered |= set(getattr(module, "OPERATIONS", ())) | set(getattr(module, "OTHER_OPERATIONS", ()))
    return covered


def test_every_operation_has_a_scope_contract_test():
    covered = _covered_operations()
    missing = set(_operations()) - covered
    assert not missing, f"operations without a scope contract test: {sorted(missing)}"


def test_token_creation_accepts_only_the_session():
    """A leaked token must not mint new ones."""
    schema = api.get_openapi_schema()
    assert schema["paths"]["/api/tokens"]["post"]["security"] == [{"SessionAuth": []}]
