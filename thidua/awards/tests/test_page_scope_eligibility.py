"""Every eligibility and award-history page obeys the scope contract (thidua.core.testing.assert_scope_contract).
``COVERED`` tells thidua/core/tests/test_page_scope.py (through test_page_scope.py) which pages are proved here."""

import datetime

import pytest
from django.urls import reverse

from thidua.awards.tests import factories as f
from thidua.core.testing import Personas, assert_scope_contract

pytestmark = pytest.mark.django_db

COVERED = {
    "awards:eligibility_member", "awards:eligibility_unit", "awards:eligibility_list", "awards:history_member",
    "awards:history_unit", "awards:record_delete", "awards:absence_add", "awards:absence_delete",
    "awards:history_import", "awards:history_import_template",
}  # fmt: skip

RECORD = {"record-year": 2024, "record-title_code": "ldtt", "record-decision_number": "3/QĐ-CĐ"}
UNIT_RECORD = {"record-year": 2024, "record-title_code": "tt_ldtt", "record-decision_number": "4/QĐ-CĐ"}
ABSENCE = {"absence-kind": "maternity", "absence-starts_on": "01/03/2025", "absence-ends_on": "31/08/2025"}


def case(url, *, allowed, without_role=(), outside=(), method="get", data=None) -> dict:
    return {"url": url, "allowed": allowed, "without_role": list(without_role), "outside": list(outside),
            "method": method, "data": data}  # fmt: skip


def _cases(p: Personas, name: str) -> list[dict]:
    writers = {"without_role": [p.council, p.group_leader, p.member], "outside": [p.outsider]}
    if name == "awards:eligibility_member":
        url = reverse("awards:eligibility_member", args=[p.member_record.pk]) + "?year=2025"
        return [case(url, allowed=p.member, outside=[p.outsider]),
                case(reverse("awards:eligibility_member", args=[p.colleague.pk]), allowed=p.group_leader,
                     outside=[p.outsider, p.member])]  # fmt: skip
    if name == "awards:eligibility_unit":
        return [case(reverse("awards:eligibility_unit", args=[p.group.pk]), allowed=p.chair,
                     without_role=[p.council, p.group_leader, p.member], outside=[p.outsider])]  # fmt: skip
    if name == "awards:eligibility_list":
        url = reverse("awards:eligibility_list", args=[p.group.pk]) + "?title=ldtt&year=2025&status=all"
        return [case(url, allowed=p.officer, without_role=[p.council, p.group_leader, p.member],
                     outside=[p.outsider])]  # fmt: skip
    if name == "awards:history_member":
        url = reverse("awards:history_member", args=[p.member_record.pk])
        return [case(url, allowed=p.member, outside=[p.outsider]),
                case(url, method="post", data=RECORD, allowed=p.chair, **writers)]  # fmt: skip
    if name == "awards:history_unit":
        url = reverse("awards:history_unit", args=[p.group.pk])
        return [case(url, allowed=p.council, outside=[p.outsider]),
                case(url, method="post", data=UNIT_RECORD, allowed=p.chair,
                     without_role=[p.council, p.group_leader], outside=[p.outsider])]  # fmt: skip
    if name == "awards:record_delete":
        record = f.award(p.member_record, 2023, "ldtt", name="Lao động tiên tiến")
        return [case(reverse("awards:record_delete", args=[record.pk]), method="post", allowed=p.chair, **writers)]
    if name == "awards:absence_add":
        return [case(reverse("awards:absence_add", args=[p.member_record.pk]), method="post", data=ABSENCE,
                     allowed=p.officer, **writers)]  # fmt: skip
    if name == "awards:absence_delete":
        absence = f.absence(p.member_record, "sick", datetime.date(2024, 1, 2), datetime.date(2024, 1, 20))
        return [case(reverse("awards:absence_delete", args=[absence.pk]), method="post", allowed=p.chair, **writers)]
    if name == "awards:history_import":
        return [case(reverse("awards:history_import"), allowed=p.chair,
                     without_role=[p.council, p.group_leader, p.member])]  # fmt: skip
    if name == "awards:history_import_template":
        return [case(reverse("awards:history_import_template"), allowed=p.officer,
                     without_role=[p.council, p.group_leader, p.member])]  # fmt: skip
    raise AssertionError(name)


@pytest.mark.parametrize("name", sorted(COVERED))
def test_it_scopes_the_page(client, personas, name):
    for c in _cases(personas, name):
        assert_scope_contract(client, url=c["url"], method=c["method"], data=c["data"], allowed=c["allowed"],
                              in_scope_without_role=c["without_role"], out_of_scope=c["outside"])  # fmt: skip


def test_the_member_page_shows_each_condition_with_its_record(client, personas):
    member = f.good_member(personas.group, "P1", level="HTXS")
    f.award(member, 2023, "cstdcs", name="Chiến sĩ thi đua cơ sở", number="12/QĐ-CĐS")
    f.award(member, 2024, "cstdcs", name="Chiến sĩ thi đua cơ sở", number="07/QĐ-CĐS")
    client.force_login(personas.chair)
    page = client.get(reverse("awards:eligibility_member", args=[member.pk]) + "?year=2025").content.decode()
    assert "Chiến sĩ thi đua cơ sở 3 năm liên tục: 2023 ✓ 2024 ✓ 2025 ✓" in page
    assert "QĐ 12/QĐ-CĐS" in page
    assert "Chưa kiểm chứng" in page  # union forms of the pack are flagged unverified


def test_the_list_pages_through_the_eligible_members(client, personas, settings, django_assert_max_num_queries):
    settings.THIDUA_PAGE_SIZE = 2
    for i in range(5):
        f.good_member(personas.group, f"L{i}")
    client.force_login(personas.chair)
    url = reverse("awards:eligibility_list", args=[personas.grassroots.pk]) + "?title=ldtt&year=2025"
    with django_assert_max_num_queries(60):
        page = client.get(url)
    assert page.context["counts"]["eligible"] == 5
    assert len(page.context["rows"]) == 2
    assert page.context["page"].paginator.num_pages == 3


def test_adding_a_record_from_the_page_names_a_bad_title(client, personas):
    client.force_login(personas.chair)
    url = reverse("awards:history_member", args=[personas.member_record.pk])
    client.post(url, RECORD)
    again = client.post(url, RECORD)
    assert again.status_code == 200
    assert "Đã có «Lao động tiên tiến» năm 2024" in again.content.decode()
