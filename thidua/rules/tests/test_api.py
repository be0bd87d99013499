"""The rule-pack API: the scope contract of every operation, then what each one does."""

import datetime

import pytest

from thidua.accounts.services import role_grant
from thidua.api.tests.contract import Case
from thidua.rules.models import RulePack
from thidua.rules.selectors import pack_in_force
from thidua.rules.services import pack_clone

pytestmark = pytest.mark.django_db

OPERATIONS = [
    ("get", "/api/rules/packs"),
    ("get", "/api/rules/packs/{pack_id}"),
    ("get", "/api/rules/in-force"),
    ("post", "/api/rules/packs/{pack_id}/clone"),
    ("patch", "/api/rules/entries/{entry_id}"),
]


@pytest.fixture
def setup(personas, django_user_model):
    admin = django_user_model.objects.create_user("quantri", password="x")
    role_grant(user=admin, role="admin", unit=personas.grassroots)
    national = RulePack.objects.get(code="vn-luat-06-2022")
    own = pack_clone(pack=national, owner=personas.grassroots, code="tttt", name="Riêng",
                     effective_from=datetime.date(2026, 1, 1))  # fmt: skip
    return personas, admin, national, own


def _cases(p, admin, national, own) -> list[Case]:
    entry = own.entries.get(key="evaluation.htxs_quota_ratio")
    return [
        Case(url="/api/rules/packs", allowed=p.member),
        Case(url=f"/api/rules/packs/{national.pk}", allowed=p.member),
        Case(url=f"/api/rules/packs/{own.pk}", allowed=p.council, outside=[p.outsider]),
        Case(url=f"/api/rules/in-force?on=2026-05-01&unit={p.group.pk}", allowed=p.group_leader,
             outside=[p.outsider]),
        Case(url=f"/api/rules/packs/{national.pk}/clone", method="post",
             data={"owner": p.grassroots.pk, "code": "moi", "name": "Mới"}, allowed=admin,
             without_role=[p.chair, p.officer], ok_status=(201,)),
        Case(url=f"/api/rules/entries/{entry.pk}", method="patch",
             data={"value": 0.15, "citation": "Nghị quyết 05/NQ-CĐ"}, allowed=admin,
             without_role=[p.chair, p.council], outside=[p.outsider]),
    ]  # fmt: skip


def test_every_operation_obeys_the_scope_contract(client, setup):
    for case in _cases(*setup):
        case.check(client)


def test_the_pack_in_force_for_a_unit_is_its_own(client, setup):
    p, _admin, national, _own = setup
    client.force_login(p.chair)
    body = client.get(f"/api/rules/in-force?on=2026-05-01&unit={p.group.pk}").json()
    assert body["code"] == "tttt"
    assert all(e["effective_from"] <= "2026-05-01" for e in body["entries"])
    body = client.get("/api/rules/in-force?on=2025-05-01").json()
    assert body["code"] == national.code
    salaries = [e for e in body["entries"] if e["key"] == "salary.base"]
    assert [s["value"] for s in salaries] == [2340000]


def test_a_bad_value_is_a_422_naming_the_field(client, setup):
    _p, admin, _national, own = setup
    entry = own.entries.get(key="scale.union_member")
    client.force_login(admin)
    response = client.patch(f"/api/rules/entries/{entry.pk}", {"value": {"levels": []}, "citation": "x"},
                            content_type="application/json")  # fmt: skip
    assert response.status_code == 422
    assert "value" in response.json()["errors"]


def test_the_pack_list_hides_other_organisations_packs(client, setup):
    p, *_ = setup
    client.force_login(p.outsider)
    codes = {pack["code"] for pack in client.get("/api/rules/packs").json()}
    assert codes == {"vn-luat-06-2022", "vn-luat-2003"}
    assert pack_in_force(on=datetime.date(2026, 5, 1), unit=p.other_grassroots).code == "vn-luat-06-2022"
