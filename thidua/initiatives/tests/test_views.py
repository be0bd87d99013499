"""The pages as people use them: register and submit, the confidential view, the council's review, the live
similarity panel, the list's query count."""

import datetime

import pytest
from django.urls import reverse

from thidua.initiatives.choices import InitiativeStatus
from thidua.initiatives.models import Initiative
from thidua.initiatives.tests.factories import CONTENT, make_council, make_submitted

pytestmark = pytest.mark.django_db


def _form(p, **extra):
    data = {"unit": p.group.pk, "title": CONTENT["title"], "field": CONTENT["field"], "problem": CONTENT["problem"],
            "solution": CONTENT["solution"], "expected_money": "12000000", "author_code_0": "HN0001",
            "author_share_0": "70", "author_code_1": "HN0002", "author_share_1": "30"}  # fmt: skip
    return {**data, **extra}


def test_a_member_registers_a_draft_with_a_co_author_and_submits_it(client, personas):
    p = personas
    client.force_login(p.member)
    page = client.get(reverse("initiatives:create"))
    assert page.context["form"]["author_code_0"].value() == "HN0001"
    response = client.post(reverse("initiatives:create"), _form(p))
    initiative = Initiative.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("initiatives:detail", args=[initiative.pk])
    assert sorted((a.member.code, int(a.share)) for a in initiative.authors.all()) == [("HN0001", 70), ("HN0002", 30)]
    client.post(reverse("initiatives:submit", args=[initiative.pk]))
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.SUBMITTED


def test_the_form_reports_share_and_author_errors(client, personas):
    p = personas
    client.force_login(p.member)
    response = client.post(reverse("initiatives:create"), _form(p, author_share_1="20", author_code_2="QB0001",
                                                                author_share_2="10"))  # fmt: skip
    assert response.status_code == 200
    assert "Không có đoàn viên mã QB0001" in str(response.context["form"].errors["author_code_2"])
    response = client.post(reverse("initiatives:create"), _form(p, author_share_1="20"))
    assert "phải bằng 100%" in response.content.decode()
    assert not Initiative.objects.exists()


def test_a_confidential_initiative_shows_only_title_benefit_and_award_to_others(client, personas, settings, tmp_path):
    p = personas
    settings.MEDIA_ROOT = tmp_path
    secret = make_submitted(p, confidential=True, problem="Bí quyết phối trộn riêng của tổ.")
    client.force_login(p.group_leader)  # sees the group, neither author nor reviewer
    html = client.get(reverse("initiatives:detail", args=[secret.pk])).content.decode()
    assert 'id="restricted"' in html
    assert secret.title in html
    assert "12.000.000" in html
    assert "Bí quyết" not in html
    assert "Nguyễn Trung Hiếu" not in html
    listing = client.get(reverse("initiatives:list")).content.decode()
    assert secret.title in listing
    assert "Nguyễn Trung Hiếu" not in listing
    for reader in (p.member, p.council):  # the author; a reviewer in scope
        client.force_login(reader)
        html = client.get(reverse("initiatives:detail", args=[secret.pk])).content.decode()
        assert "Bí quyết" in html
        assert 'id="restricted"' not in html


def test_the_council_reviews_scores_and_recognises_on_its_page(client, personas):
    p = personas
    initiative = make_submitted(p)
    council = make_council(p)
    client.force_login(p.chair)
    client.post(reverse("initiatives:start_review", args=[initiative.pk]), {"council": council.pk})
    initiative.refresh_from_db()
    assert initiative.council == council
    marks = {"c_novelty": 25, "c_applicability": 25, "c_effectiveness": 20, "c_presentation": 8}
    for member in (p.member_record, p.colleague):
        client.post(reverse("initiatives:score", args=[initiative.pk]), {"member": member.pk, **marks})
    page = client.get(reverse("initiatives:review", args=[initiative.pk]))
    assert page.context["sheet"]["scored"] == 2
    assert page.context["sheet"]["average"] == 78
    response = client.post(
        reverse("initiatives:recognise", args=[initiative.pk]),
        {"scope": "grassroots", "recognised_on": "2023-06-15", "decision_number": "12/QĐ-CĐS"},
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert (initiative.status, initiative.recognised_on) == (InitiativeStatus.RECOGNISED, datetime.date(2023, 6, 15))


def test_the_similarity_panel_lists_similar_initiatives_as_one_types(client, personas):
    p = personas
    existing = make_submitted(p)
    client.force_login(p.member)
    response = client.post(reverse("initiatives:similar_panel"), {"title": "cai tien quy trinh tiep nhan ho so mot cua",
                                                                  "problem": CONTENT["problem"]},
                           HTTP_HX_REQUEST="true")  # fmt: skip
    hits = response.context["similar"]
    assert [h.pk for h in hits] == [existing.pk]
    assert hits[0].duplicate
    assert "nghi trùng lặp" in response.content.decode()


def test_the_list_takes_a_bounded_number_of_queries(client, personas, django_assert_max_num_queries):
    p = personas
    for i in range(15):
        make_submitted(p, title=f"Sáng kiến số {i}")
    client.force_login(p.chair)
    client.get(reverse("initiatives:list"))
    with django_assert_max_num_queries(9):
        response = client.get(reverse("initiatives:list"))
    assert len(response.context["rows"]) == 15
