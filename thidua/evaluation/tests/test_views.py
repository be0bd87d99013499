"""Evaluation pages: what a member, a group leader and the committee see and do."""

import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from thidua.evaluation import services
from thidua.evaluation.choices import SubmissionStatus
from thidua.evaluation.models import CriterionScore
from thidua.evaluation.tests import factories as f
from thidua.evaluation.tests.test_services import attend_all


def test_a_member_self_assesses_on_the_form_and_sees_the_rule_on_the_field(client, personas):
    p = personas
    r = f.open_round(p)
    s = f.submission(r, p.member_record)
    ids = f.criterion_ids(r)
    client.force_login(p.member)
    url = reverse("evaluation:self_assess", args=[s.pk])
    page = client.get(url)
    assert "Tiêu chí tính tự động từ minh chứng" in page.content.decode()
    data = {"version": s.version, "worked_months": 12, f"score_{ids['1']}": "70", f"score_{ids['4']}": "10",
            f"explain_{ids['1']}": "Hoàn thành", "submit": "1"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200
    assert "phải từ 0 đến 60" in response.content.decode()
    response = client.post(url, {**data, f"score_{ids['1']}": "55"})
    assert response.status_code == 302
    s.refresh_from_db()
    assert (s.status, s.self_total) == (SubmissionStatus.SUBMITTED, Decimal("75.00"))


def test_a_stale_form_is_told_of_the_conflict_and_overwrites_nothing(client, personas):
    p = personas
    r = f.open_round(p)
    s = f.submission(r, p.member_record)
    ids = f.criterion_ids(r)
    client.force_login(p.member)
    url = reverse("evaluation:self_assess", args=[s.pk])
    data = {"version": s.version, "worked_months": 12, f"score_{ids['1']}": "40", f"score_{ids['4']}": "10"}
    client.post(url, data)
    response = client.post(url, {**data, f"score_{ids['1']}": "20"}, follow=True)
    assert "Không có gì bị ghi đè" in response.content.decode()
    assert CriterionScore.objects.get(submission=s, criterion_id=ids["1"]).self_score == Decimal(40)


def test_the_group_review_grid_saves_a_row_and_refreshes_the_quota(client, personas, django_assert_max_num_queries):
    p = personas
    attend_all(p, [p.member_record, p.colleague])
    r = f.open_round(p)
    s = f.self_assess(f.submission(r, p.member_record), 50)
    f.self_assess(f.submission(r, p.colleague), 50)
    ids = f.criterion_ids(r)
    client.force_login(p.group_leader)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("evaluation:review", args=[r.pk, p.group.pk]))
    assert "Chỉ tiêu HTXS" in page.content.decode()
    assert "Trần Thị Hoa Lý" in page.content.decode()
    url = reverse("evaluation:review_row", args=[s.pk])
    response = client.post(url, {"version": s.version, f"score_{ids['1']}": "45", "complete": "on", "note": ""},
                           HTTP_HX_REQUEST="true")  # fmt: skip
    assert response.status_code == 200
    assert response["HX-Trigger"] == "quota-changed"
    assert 'class="table-success"' in response.content.decode()
    stale = client.post(url, {"version": s.version, f"score_{ids['1']}": "10"}, HTTP_HX_REQUEST="true")
    assert "Không có gì bị ghi đè" in stale.content.decode()
    assert 'class="table-danger"' in stale.content.decode()
    s.refresh_from_db()
    assert (s.status, s.total) == (SubmissionStatus.REVIEWED, Decimal("85.00"))
    quota = client.get(reverse("evaluation:review", args=[r.pk, p.group.pk]) + "?part=quota")
    assert "tối đa 0 người" in quota.content.decode()


def test_the_committee_sees_the_quota_proposal_and_its_explanations(client, personas):
    p = personas
    attend_all(p, [p.member_record, p.colleague])
    r = f.to_decision(p, f.open_round(p), {p.member_record.pk: 60, p.colleague.pk: 40})
    client.force_login(p.chair)
    page = client.get(reverse("evaluation:decide", args=[r.pk]) + "?only=quota").content.decode()
    assert "Vượt chỉ tiêu HTXS" in page
    assert "Nguyễn Trung Hiếu" in page
    assert "Trần Thị Hoa Lý" not in page
    response = client.post(reverse("evaluation:step", args=[r.pk, "finalise"]), follow=True)
    assert "Còn 2 bản đánh giá Ban Chấp hành chưa quyết định" in response.content.decode()


def test_published_results_are_shown_to_the_members_of_the_round(client, personas):
    p = personas
    r = f.finalise(p, f.open_round(p))
    client.force_login(p.member)
    assert client.get(reverse("evaluation:publication", args=[r.pk])).status_code == 403
    services.round_publish(evaluation_round=r, by=p.chair)
    page = client.get(reverse("evaluation:publication", args=[r.pk])).content.decode()
    assert "Trần Thị Hoa Lý" in page
    assert "Hoàn thành tốt nhiệm vụ" in page
    mine = client.get(reverse("evaluation:submission", args=[f.submission(r, p.member_record).pk])).content.decode()
    assert "Phản hồi kết quả" in mine


def test_the_summary_export_lists_members_by_group_with_the_level_counts(client, personas):
    p = personas
    attend_all(p, [p.member_record])
    r = f.finalise(p, f.open_round(p), {p.member_record.pk: 60, p.colleague.pk: 30})
    client.force_login(p.chair)
    response = client.get(reverse("evaluation:export", args=[r.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "BẢNG TỔNG HỢP KẾT QUẢ BÌNH XÉT"
    header = rows[4]
    assert header[:6] == ("STT", "Mã đoàn viên", "Họ và tên", "Giới tính", "Tổ công đoàn", "Số tháng công tác")
    assert header[-5:] == ("Tổng điểm tự chấm", "Tổng điểm", "Mức theo điểm", "Xếp loại", "Ghi chú")
    members = {row[1]: row for row in rows if row[1] in ("HN0001", "HN0002")}
    assert members["HN0001"][-4:-1] == (100, "HTXS", "HTT")  # 100 points, moved down by the quota
    assert "Vượt chỉ tiêu HTXS" in members["HN0001"][-1]
    assert any(row[2] and str(row[2]).startswith("Cộng tổ: Hoàn thành xuất sắc nhiệm vụ: 0; Hoàn thành tốt nhiệm vụ: 1")
               for row in rows)  # fmt: skip
    assert any(row[2] and str(row[2]).startswith("Chỉ tiêu HTXS: tối đa 0 = 20% × 1 người") for row in rows)


def test_list_and_detail_pages_run_a_bounded_number_of_queries(client, personas, django_assert_max_num_queries):
    p = personas
    r = f.open_round(p)
    f.members(p, 30)
    client.force_login(p.chair)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("evaluation:list")).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(reverse("evaluation:detail", args=[r.pk]) + "?show=not_submitted").status_code == 200
