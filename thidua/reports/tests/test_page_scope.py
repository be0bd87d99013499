"""Every statistics page obeys the scope contract (read by thidua/core/tests/test_page_scope.py through ``COVERED``):
outside the scope → 404; a member, who sees only their own records, → 403."""

import pytest
from django.urls import reverse

from thidua.core.testing import assert_scope_contract

pytestmark = pytest.mark.django_db

COVERED = {"reports:home", "reports:dashboard", "reports:print", "reports:workbook"}


@pytest.mark.parametrize("name", sorted(COVERED - {"reports:home"}))
def test_it_scopes_the_unit_pages(client, personas, name):
    url = reverse(name, args=[personas.group.pk]) + "?year=2025"
    assert_scope_contract(client, url=url, allowed=personas.group_leader, in_scope_without_role=[personas.member],
                          out_of_scope=[personas.outsider])  # fmt: skip


def test_the_home_page_needs_a_view_role(client, personas):
    assert_scope_contract(client, url=reverse("reports:home"), allowed=personas.council,
                          in_scope_without_role=[personas.member], out_of_scope=[])  # fmt: skip
