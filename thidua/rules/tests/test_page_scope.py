import datetime

import pytest
from django.urls import reverse

from thidua.core.testing import assert_scope_contract
from thidua.rules.models import RulePack
from thidua.rules.selectors import pack_in_force
from thidua.rules.services import pack_clone

COVERED = {"rules:list", "rules:detail", "rules:clone", "rules:entry_edit"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_of_grassroots(personas, django_user_model):
    from thidua.accounts.services import role_grant

    user = django_user_model.objects.create_user("quantri", password="x")
    role_grant(user=user, role="admin", unit=personas.grassroots)
    return user


def test_the_national_pack_is_readable_by_everyone(client, personas):
    pack = RulePack.objects.get(code="vn-luat-06-2022")
    for url in (reverse("rules:list"), reverse("rules:detail", args=[pack.pk])):
        assert_scope_contract(client, url=url, allowed=personas.member, in_scope_without_role=[], out_of_scope=[])


def test_cloning_needs_the_admin_role(client, personas, admin_of_grassroots):
    pack = RulePack.objects.get(code="vn-luat-06-2022")
    assert_scope_contract(client, url=reverse("rules:clone", args=[pack.pk]), allowed=admin_of_grassroots,
                          in_scope_without_role=[personas.chair, personas.officer, personas.member],
                          out_of_scope=[])  # fmt: skip


def test_an_organisation_pack_follows_the_scope(client, personas, admin_of_grassroots):
    own = pack_clone(pack=pack_in_force(on=datetime.date(2026, 1, 1)), owner=personas.grassroots, code="tttt",
                     name="Riêng")  # fmt: skip
    entry = own.entries.get(key="evaluation.htxs_quota_ratio")
    assert_scope_contract(client, url=reverse("rules:detail", args=[own.pk]), allowed=personas.council,
                          in_scope_without_role=[], out_of_scope=[personas.outsider])  # fmt: skip
    assert_scope_contract(client, url=reverse("rules:entry_edit", args=[entry.pk]), allowed=admin_of_grassroots,
                          in_scope_without_role=[personas.chair, personas.council],
                          out_of_scope=[personas.outsider])  # fmt: skip


def test_an_admin_edits_a_value_of_their_pack(client, personas, admin_of_grassroots):
    own = pack_clone(pack=pack_in_force(on=datetime.date(2026, 1, 1)), owner=personas.grassroots, code="t", name="R")
    entry = own.entries.get(key="evaluation.htxs_quota_ratio")
    client.force_login(admin_of_grassroots)
    response = client.post(reverse("rules:entry_edit", args=[entry.pk]),
                           {"value": "{bad json", "citation": "NQ 05"})  # fmt: skip
    assert "Không đọc được JSON" in response.content.decode()
    client.post(reverse("rules:entry_edit", args=[entry.pk]), {"value": "0.15", "citation": "Nghị quyết 05/NQ-CĐ"})
    entry.refresh_from_db()
    assert entry.value == 0.15
    page = client.get(reverse("rules:detail", args=[own.pk])).content.decode()
    assert "Nghị quyết 05/NQ-CĐ" in page
    assert "Chưa kiểm chứng" in page  # other values keep their flag
