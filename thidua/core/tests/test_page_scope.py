"""Every page obeys the scope contract: anonymous → login, outside the scope → 404, in scope without the role →
403, permitted → success. The last test fails when a new page is added without a case here."""

import importlib

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from thidua.core.testing import Personas, assert_scope_contract

TODAY = "2026-11-22"


def case(url: str, *, allowed, without_role=(), outside=(), method: str = "get", data=None) -> dict:
    return {"url": url, "allowed": allowed, "without_role": list(without_role), "outside": list(outside),
            "method": method, "data": data}  # fmt: skip


def _cases(p: Personas) -> dict[str, list[dict]]:
    """url name → contract cases (each: url, method, data, allowed, without_role, outside)."""
    g, grp, m = p.grassroots, p.group, p.member_record
    return {
        "home": [case(reverse("home"), allowed=p.member, without_role=[], outside=[])],
        "history": [
            case(reverse("history", args=["members.member", m.pk]), allowed=p.group_leader, without_role=[],
                 outside=[p.outsider]),
            case(reverse("history", args=["organizations.unit", g.pk]), allowed=p.chair, without_role=[],
                 outside=[p.outsider]),
        ],
        "organizations:tree": [case(reverse("organizations:tree"), allowed=p.council, without_role=[], outside=[])],
        "organizations:detail": [case(reverse("organizations:detail", args=[g.pk]), allowed=p.council,
                                      without_role=[], outside=[p.outsider])],
        "organizations:children": [case(reverse("organizations:children", args=[g.pk]), allowed=p.council,
                                        without_role=[], outside=[p.outsider])],
        "organizations:create_child": [case(reverse("organizations:create_child", args=[g.pk]), method="post",
                                            data={"name": "Tổ mới", "kind": "group"}, allowed=p.chair,
                                            without_role=[p.council], outside=[p.outsider, p.group_leader])],
        "organizations:edit": [case(reverse("organizations:edit", args=[grp.pk]), method="post",
                                    data={"name": "Tổ đổi tên"}, allowed=p.chair,
                                    without_role=[p.council, p.group_leader], outside=[p.outsider])],
        "organizations:move": [case(reverse("organizations:move", args=[p.other_group.pk]), allowed=p.chair,
                                    without_role=[p.council], outside=[p.outsider])],
        "organizations:close": [case(reverse("organizations:close", args=[p.other_group.pk]), allowed=p.chair,
                                     without_role=[p.council], outside=[p.outsider, p.group_leader])],
        "organizations:term_create": [case(reverse("organizations:term_create", args=[g.pk]), allowed=p.chair,
                                           without_role=[p.council], outside=[p.outsider])],
        "organizations:clusters": [case(reverse("organizations:clusters"), allowed=p.council, without_role=[],
                                        outside=[])],
        "organizations:cluster_create": [case(reverse("organizations:cluster_create"), allowed=p.officer,
                                              without_role=[p.council, p.group_leader, p.member], outside=[])],
        "members:list": [case(reverse("members:list") + f"?unit={g.pk}", allowed=p.council, without_role=[],
                              outside=[p.outsider, p.group_leader]),
                         case(reverse("members:list") + f"?unit={grp.pk}", allowed=p.group_leader,
                              without_role=[], outside=[p.outsider])],
        "members:detail": [case(reverse("members:detail", args=[m.pk]), allowed=p.member, without_role=[],
                                outside=[p.outsider]),
                           case(reverse("members:detail", args=[p.colleague.pk]), allowed=p.group_leader,
                                without_role=[], outside=[p.outsider, p.member])],
        "members:create": [case(reverse("members:create"), allowed=p.chair,
                                without_role=[p.council, p.group_leader, p.member], outside=[])],
        "members:edit": [case(reverse("members:edit", args=[m.pk]), allowed=p.chair,
                              without_role=[p.council, p.group_leader, p.member], outside=[p.outsider])],
        "members:transfer": [case(reverse("members:transfer", args=[m.pk]), allowed=p.chair,
                                  without_role=[p.council, p.member], outside=[p.outsider])],
        "members:position_assign": [case(reverse("members:position_assign", args=[p.term.pk]), allowed=p.chair,
                                         without_role=[p.council], outside=[p.outsider, p.group_leader])],
        "members:leave": [case(reverse("members:leave", args=[m.pk]), allowed=p.officer,
                               without_role=[p.group_leader, p.member], outside=[p.outsider])],
    }  # fmt: skip


# Pages whose contract is proved in their own app's tests, or that are not scoped (public by design).
ELSEWHERE = {"members:import", "members:import_template", "members:export"}
PUBLIC = {"login", "logout", "password_change", "password_change_done", "set_language"}


def _covered_by_apps() -> set[str]:
    """URL names that other apps prove in their own ``tests/test_page_scope.py`` (a module-level ``COVERED`` set)."""
    covered: set[str] = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("thidua.") or config.name == "thidua.core":
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.test_page_scope")
        except ModuleNotFoundError:
            continue
        covered |= set(getattr(module, "COVERED", ()))
    return covered


def _case_ids():
    return [
        "home", "history", "organizations:tree", "organizations:detail", "organizations:children",
        "organizations:create_child", "organizations:edit", "organizations:move", "organizations:close",
        "organizations:term_create", "organizations:clusters", "organizations:cluster_create", "members:list",
        "members:detail", "members:create", "members:edit", "members:transfer", "members:leave",
        "members:position_assign",
    ]  # fmt: skip


@pytest.mark.parametrize("name", _case_ids())
def test_it_scopes_the_page(client, personas, name):
    for case in _cases(personas)[name]:
        assert_scope_contract(
            client,
            url=case["url"],
            method=case["method"],
            data=case["data"],
            allowed=case["allowed"],
            in_scope_without_role=case["without_role"],
            out_of_scope=case["outside"],
        )


def _named_patterns(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in {"admin", "api"} or str(pattern.pattern).startswith(("admin/", "api/")):
                continue
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_patterns(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name


def test_every_page_has_a_scope_case():
    names = set(_named_patterns(get_resolver().url_patterns))
    missing = names - set(_case_ids()) - ELSEWHERE - PUBLIC - _covered_by_apps()
    assert not missing, f"pages without a scope test: {sorted(missing)}"
