import pytest

from thidua.core.scope import _minimal_prefixes, get_scope
from thidua.organizations.models import Unit
from thidua.organizations.services import unit_close

pytestmark = pytest.mark.django_db


def test_nested_grants_reduce_to_the_widest():
    assert _minimal_prefixes({"/1/2/", "/1/", "/3/4/", "/3/45/"}) == ("/1/", "/3/4/", "/3/45/")


def test_a_member_linked_user_sees_each_unit_once(personas):
    from thidua.accounts.services import role_grant

    role_grant(user=personas.member, role="council", unit=personas.grassroots)
    units = list(Unit.objects.visible_to(personas.member))
    assert len(units) == len({u.pk for u in units}) == 3


def test_a_member_sees_their_own_unit_only(personas):
    assert list(Unit.objects.visible_to(personas.member)) == [personas.group]


def test_a_closed_unit_grants_nothing(personas):
    from thidua.members.services import member_leave

    member_leave(member=personas.stranger, left_on=__import__("datetime").date(2026, 1, 1))
    unit_close(unit=personas.other_grassroots, closed_on=__import__("datetime").date(2026, 1, 2))
    assert not get_scope(personas.outsider).allows_anywhere("view")


def test_the_scope_is_computed_once_per_request(personas, django_assert_num_queries):
    user = personas.officer
    with django_assert_num_queries(2):  # grants, then the linked member records
        get_scope(user)
    with django_assert_num_queries(0):
        get_scope(user)
