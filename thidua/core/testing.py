"""Test personas and the scope contract every page and API endpoint must satisfy.

Personas (one shared cast for all apps):

    Công đoàn Viên chức tỉnh (upper)                ← officer
    ├── Công đoàn Sở Thông tin và Truyền thông      ← chair, council
    │   ├── Tổ Bưu chính - Viễn thông - CNTT, Thanh tra  ← group_leader; member (linked to a member record)
    │   └── Tổ Văn phòng
    └── Công đoàn Sở Tài nguyên và Môi trường       ← outsider (a chair of another branch)
"""

import datetime
from dataclasses import dataclass

from django.urls import reverse

from thidua.accounts.models import User
from thidua.accounts.services import role_grant
from thidua.core.roles import Role
from thidua.members.models import Member
from thidua.members.services import member_create
from thidua.organizations.choices import UnitKind
from thidua.organizations.models import Term, Unit
from thidua.organizations.services import term_create, unit_create

PASSWORD = "mat-khau-thu-nghiem-2026"


@dataclass
class Personas:
    upper: Unit
    grassroots: Unit
    group: Unit
    other_group: Unit
    other_grassroots: Unit
    admin: User
    officer: User
    chair: User
    council: User
    group_leader: User
    member: User
    outsider: User
    member_record: Member
    colleague: Member
    stranger: Member
    term: Term


def _user(username: str, **extra) -> User:
    return User.objects.create_user(username=username, password=PASSWORD, full_name=username.title(), **extra)


def make_personas() -> Personas:
    upper = unit_create(name="Công đoàn Viên chức tỉnh", kind=UnitKind.UPPER)
    grassroots = unit_create(name="Công đoàn Sở Thông tin và Truyền thông", kind=UnitKind.GRASSROOTS, parent=upper)
    group = unit_create(name="Tổ Bưu chính - Viễn thông - CNTT, Thanh tra", kind=UnitKind.GROUP, parent=grassroots)
    other_group = unit_create(name="Tổ Văn phòng", kind=UnitKind.GROUP, parent=grassroots)
    other_grassroots = unit_create(name="Công đoàn Sở Tài nguyên và Môi trường", kind=UnitKind.GRASSROOTS, parent=upper)
    born = datetime.date(1988, 1, 1)
    member_record = member_create(code="HN0001", full_name="Nguyễn Trung Hiếu", gender="male", unit=group,
                                  date_of_birth=born)  # fmt: skip
    colleague = member_create(code="HN0002", full_name="Trần Thị Hoa Lý", gender="female", unit=group,
                              is_party_member=True, party_joined_on=datetime.date(2015, 5, 19))  # fmt: skip
    stranger = member_create(code="QB0001", full_name="Lê Văn An", gender="male", unit=other_grassroots)

    p = Personas(
        upper=upper, grassroots=grassroots, group=group, other_group=other_group, other_grassroots=other_grassroots,
        admin=_user("admin", is_superuser=True, is_staff=True), officer=_user("officer"), chair=_user("chair"),
        council=_user("council"), group_leader=_user("group_leader"), member=_user("member"),
        outsider=_user("outsider"), member_record=member_record, colleague=colleague, stranger=stranger,
        term=term_create(unit=grassroots, name="2023 - 2028", starts_on=datetime.date(2023, 5, 23),
                         ends_on=datetime.date(2028, 5, 22)),
    )  # fmt: skip
    role_grant(user=p.officer, role=Role.OFFICER, unit=upper)
    role_grant(user=p.chair, role=Role.CHAIR, unit=grassroots)
    role_grant(user=p.council, role=Role.COUNCIL, unit=grassroots)
    role_grant(user=p.group_leader, role=Role.GROUP_LEADER, unit=group)
    role_grant(user=p.member, role=Role.MEMBER, unit=group)
    role_grant(user=p.outsider, role=Role.CHAIR, unit=other_grassroots)
    member_record.user = p.member
    member_record.save()
    return p


def assert_scope_contract(client, *, url: str, method: str = "get", data=None, allowed, in_scope_without_role,
                          out_of_scope, api: bool = False, ok_status=(200, 302)) -> None:  # fmt: skip
    """The contract of every page and endpoint: anonymous → login (401 for the API), a user whose scope does not
    contain the object → 404, in scope without the role → 403, the permitted user → success."""
    send = getattr(client, method)
    kwargs = {"data": data} if data is not None else {}
    if api and method != "get":
        kwargs["content_type"] = "application/json"

    client.logout()
    response = send(url, **kwargs)
    if api:
        assert response.status_code == 401, f"anonymous {method} {url}: {response.status_code}"
    else:
        assert response.status_code == 302, f"anonymous {method} {url}: {response.status_code}"
        assert response["Location"].startswith(reverse("login")), response["Location"]

    for user in out_of_scope:
        client.force_login(user)
        response = send(url, **kwargs)
        assert response.status_code == 404, f"{user} outside the scope: {method} {url} → {response.status_code}"
    for user in in_scope_without_role:
        client.force_login(user)
        response = send(url, **kwargs)
        assert response.status_code == 403, f"{user} without the role: {method} {url} → {response.status_code}"
    if allowed is not None:
        client.force_login(allowed)
        response = send(url, **kwargs)
        assert response.status_code in ok_status, f"{allowed}: {method} {url} → {response.status_code}"
    client.logout()
