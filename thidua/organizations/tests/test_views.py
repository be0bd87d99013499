import pytest
from django.urls import reverse

from thidua.organizations.models import Unit

pytestmark = pytest.mark.django_db


def test_the_tree_shows_subtree_member_counts(client, personas):
    client.force_login(personas.officer)
    page = client.get(reverse("organizations:tree")).content.decode()
    assert personas.upper.name in page
    assert 'data-member-count="3"' in page  # the upper union's whole subtree
    rows = client.get(reverse("organizations:children", args=[personas.upper.pk]) + "?depth=1").content.decode()
    assert personas.grassroots.name in rows
    assert 'data-member-count="2"' in rows


def test_a_chair_adds_a_group_from_the_unit_page(client, personas):
    client.force_login(personas.chair)
    response = client.post(reverse("organizations:create_child", args=[personas.grassroots.pk]),
                           {"name": "Tổ Thanh tra", "kind": "group"})  # fmt: skip
    unit = Unit.objects.get(name="Tổ Thanh tra")
    assert response.status_code == 302
    assert unit.parent == personas.grassroots


def test_moving_into_its_own_subtree_is_refused_with_a_message(client, personas):
    client.force_login(personas.officer)
    response = client.post(reverse("organizations:move", args=[personas.grassroots.pk]),
                           {"new_parent": personas.group.pk})  # fmt: skip
    assert response.status_code == 200
    assert "Không thể chuyển" in response.content.decode()


def test_closing_a_unit_with_members_is_refused_with_a_message(client, personas):
    client.force_login(personas.chair)
    response = client.post(reverse("organizations:close", args=[personas.group.pk]), {"closed_on": "2026-11-22"})
    assert "Còn 2 đoàn viên" in response.content.decode()
    assert Unit.objects.get(pk=personas.group.pk).closed_on is None


def test_an_officer_sets_up_a_cluster(client, personas):
    client.force_login(personas.officer)
    response = client.post(reverse("organizations:cluster_create"), {
        "name": "Cụm thi đua số 1", "kind": "cluster", "year": 2026, "organizer": personas.upper.pk,
        "units": [personas.grassroots.pk, personas.other_grassroots.pk], "leader": personas.grassroots.pk,
    })  # fmt: skip
    assert response.status_code == 302
    client.force_login(personas.chair)  # a member unit's chair can read the cluster
    assert "Cụm thi đua số 1" in client.get(reverse("organizations:clusters")).content.decode()


def test_the_history_page_says_who_renamed_a_unit(client, personas):
    client.force_login(personas.chair)
    client.post(reverse("organizations:edit", args=[personas.group.pk]), {"name": "Tổ Bưu chính"})
    page = client.get(reverse("history", args=["organizations.unit", personas.group.pk])).content.decode()
    assert "Tổ Bưu chính - Viễn thông - CNTT, Thanh tra" in page
    assert "Tổ Bưu chính" in page
    assert "Chair" in page  # who


def test_history_of_an_unknown_model_is_not_found(client, personas):
    client.force_login(personas.admin)
    assert client.get(reverse("history", args=["auth.permission", 1])).status_code == 404


def test_the_unit_page_leads_to_statistics_award_history_and_eligibility(client, personas):
    unit = personas.grassroots
    client.force_login(personas.chair)
    html = client.get(reverse("organizations:detail", args=[unit.pk])).content.decode()
    assert reverse("reports:dashboard", args=[unit.pk]) in html
    assert reverse("awards:history_unit", args=[unit.pk]) in html
    assert reverse("awards:eligibility_unit", args=[unit.pk]) in html
    client.force_login(personas.council)  # may look, may not propose
    html = client.get(reverse("organizations:detail", args=[unit.pk])).content.decode()
    assert reverse("reports:dashboard", args=[unit.pk]) in html
    assert reverse("awards:eligibility_unit", args=[unit.pk]) not in html
