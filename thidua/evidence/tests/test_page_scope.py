"""Every evidence page obeys the scope contract (thidua.core.testing.assert_scope_contract). ``COVERED`` tells
thidua/core/tests/test_page_scope.py which pages are proved here."""

import datetime
from functools import cached_property

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.core.testing import Personas, assert_scope_contract
from thidua.evidence import services

COVERED = {
    "evidence:index", "evidence:list", "evidence:create", "evidence:edit", "evidence:delete", "evidence:file",
    "evidence:activity", "evidence:attendance", "evidence:attendance_toggle", "evidence:attendance_import",
    "evidence:attendance_sheet",
}  # fmt: skip
DAY = datetime.date(2025, 3, 7)


def case(url, *, allowed, without_role=(), outside=(), method="get", data=None) -> dict:
    return {"url": url, "allowed": allowed, "without_role": list(without_role), "outside": list(outside),
            "method": method, "data": data}  # fmt: skip


class _Objects:
    def __init__(self, p: Personas):
        self.p = p

    @cached_property
    def activity(self):
        upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n" + b"0" * 20)
        return services.activity_create(unit=self.p.group, kind="sports_arts", title="Hội thao", held_on=DAY,
                                        upload=upload)  # fmt: skip

    @cached_property
    def discipline(self):
        return services.discipline_create(member=self.p.colleague, level="khien_trach", starts_on=DAY)


def _cases(p: Personas, o: _Objects) -> dict[str, list[dict]]:
    a = o.activity
    return {
        "evidence:index": [case(reverse("evidence:index"), allowed=p.member)],
        "evidence:list": [
            case(reverse("evidence:list", args=["projects"]), allowed=p.member),
            case(reverse("evidence:list", args=["activities"]) + f"?unit={p.grassroots.pk}", allowed=p.council,
                 outside=[p.outsider]),
        ],
        "evidence:create": [
            case(reverse("evidence:create", args=["activities"]), allowed=p.group_leader,
                 without_role=[p.council, p.member]),
            case(reverse("evidence:create", args=["discipline"]), allowed=p.chair,
                 without_role=[p.council, p.group_leader, p.member]),
        ],
        "evidence:edit": [
            case(reverse("evidence:edit", args=["activities", a.pk]), allowed=p.group_leader,
                 without_role=[p.council], outside=[p.outsider, p.member]),
            case(reverse("evidence:edit", args=["discipline", o.discipline.pk]), allowed=p.chair,
                 without_role=[p.council, p.group_leader], outside=[p.outsider, p.member]),
        ],
        "evidence:delete": [case(reverse("evidence:delete", args=["activities", a.pk]), method="post",
                                 allowed=p.chair, without_role=[p.council], outside=[p.outsider])],
        "evidence:file": [case(reverse("evidence:file", args=["activities", a.pk]), allowed=p.council,
                               outside=[p.outsider, p.member])],
        "evidence:activity": [case(reverse("evidence:activity", args=[a.pk]), allowed=p.council,
                                   outside=[p.outsider, p.member])],
        "evidence:attendance": [case(reverse("evidence:attendance", args=[a.pk]), method="post",
                                     data={"member": [p.member_record.pk], "present": [p.member_record.pk]},
                                     allowed=p.group_leader, without_role=[p.council], outside=[p.outsider])],
        "evidence:attendance_toggle": [case(reverse("evidence:attendance_toggle", args=[a.pk, p.colleague.pk]),
                                            method="post", data={"checked": "1"}, allowed=p.group_leader,
                                            without_role=[p.council], outside=[p.outsider])],
        "evidence:attendance_import": [case(reverse("evidence:attendance_import", args=[a.pk]), allowed=p.chair,
                                            without_role=[p.council], outside=[p.outsider])],
        "evidence:attendance_sheet": [case(reverse("evidence:attendance_sheet", args=[a.pk]), allowed=p.group_leader,
                                           without_role=[p.council], outside=[p.outsider])],
    }  # fmt: skip


@pytest.mark.parametrize("name", sorted(COVERED))
def test_it_scopes_the_page(client, personas, name):
    for c in _cases(personas, _Objects(personas))[name]:
        assert_scope_contract(client, url=c["url"], method=c["method"], data=c["data"], allowed=c["allowed"],
                              in_scope_without_role=c["without_role"], out_of_scope=c["outside"])  # fmt: skip


def test_a_member_sees_an_activity_they_were_marked_at_with_their_own_line_only(client, personas):
    p = personas
    a = _Objects(p).activity
    services.attendance_mark(activity=a, present=[p.member_record.pk], absent=[p.colleague.pk])
    client.force_login(p.member)
    response = client.get(reverse("evidence:activity", args=[a.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nguyễn Trung Hiếu" in html
    assert "Trần Thị Hoa Lý" not in html
