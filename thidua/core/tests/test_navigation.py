"""The menu leads to every part of the work; what a role cannot do is not offered."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_menu_leads_to_commendation_and_reports(client, personas):
    client.force_login(personas.chair)
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("awards:proposals")}"' in html
    assert f'href="{reverse("reports:home")}"' in html
    assert f'href="{reverse("documents:templates")}"' not in html  # templates are the administrator's


def test_the_administrator_also_finds_the_document_templates(client, personas):
    client.force_login(personas.admin)
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("documents:templates")}"' in html
