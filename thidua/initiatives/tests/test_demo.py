import pytest

from thidua.accounts.models import User
from thidua.demo import data
from thidua.initiatives.choices import InitiativeStatus
from thidua.initiatives.demo import load_demo
from thidua.initiatives.models import Initiative
from thidua.initiatives.selectors import similar_to

pytestmark = pytest.mark.django_db


def test_the_demo_initiatives_load_once_in_the_seed_units():
    data.load()  # calls thidua.initiatives.demo.load_demo()
    assert Initiative.objects.count() == 8
    assert load_demo() == 0
    statuses = set(Initiative.objects.values_list("status", flat=True))
    assert {InitiativeStatus.RECOGNISED, InitiativeStatus.UNDER_REVIEW, InitiativeStatus.RETURNED,
            InitiativeStatus.SUBMITTED, InitiativeStatus.DRAFT} <= statuses  # fmt: skip
    copy = Initiative.objects.get(title__startswith="Ứng dụng ký số")
    hits = similar_to(User.objects.get(username="chutich.tttt"), copy)
    assert hits[0].title.startswith("Triển khai ký số")
    assert hits[0].duplicate
