"""The demo: a finished, published 2023 round of Công đoàn Sở Thông tin và Truyền thông built on the demo evidence."""

import pytest
from django.core.management import call_command

from thidua.evaluation.choices import RoundStatus, SubmissionStatus
from thidua.evaluation.models import EvaluationRound
from thidua.evidence.models import Activity, MediaItem, WorkProject

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_published_2023_round_scored_from_the_evidence(capsys):
    call_command("load_demo")
    capsys.readouterr()
    r = EvaluationRound.objects.get(unit__name="Công đoàn Sở Thông tin và Truyền thông", year=2023)
    assert (r.status, str(r.published_on)) == (RoundStatus.PUBLISHED, "2023-12-15")
    assert (r.rule_pack.code, r.rules_note) == ("vn-luat-2003", "")  # judged by the law in force in 2023
    assert not r.submissions.exclude(status=SubmissionStatus.DECIDED).exists()
    levels = set(r.submissions.values_list("level", flat=True))
    assert {"HTXS", "HTT"} <= levels
    assert r.submissions.filter(quota_applied=True, level_note__startswith="Vượt chỉ tiêu HTXS").exists()
    assert r.unit_results.get(unit=r.unit).level == "HTXS"
    study = Activity.objects.get(kind="resolution_study", unit=r.unit)
    assert study.attendances.filter(present=True).count() == study.attendances.count() - 2
    assert MediaItem.objects.filter(kind="video").exists()
    assert WorkProject.objects.exists()
    computed = r.submissions.first().scores.filter(computed=True)
    assert computed.count() == 3
    assert not computed.filter(computed_score__isnull=True).exists()
    call_command("load_demo")  # a second run changes nothing
    assert EvaluationRound.objects.count() == 1
    assert Activity.objects.filter(kind="resolution_study").count() == 1
