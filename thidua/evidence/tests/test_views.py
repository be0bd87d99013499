"""Evidence pages: recording with a file, bulk attendance with check boxes, importing a sign-in sheet."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.evidence import services
from thidua.evidence.models import Activity, Attendance, Discipline

DAY = datetime.date(2025, 3, 7)


def test_an_activity_is_recorded_with_its_file_and_opens_its_attendance(client, personas):
    p = personas
    client.force_login(p.group_leader)
    response = client.post(
        reverse("evidence:create", args=["activities"]),
        {
            "unit": p.group.pk,
            "kind": "resolution_study",
            "title": "Học tập Nghị quyết Đại hội XIII",
            "held_on": "2025-03-07",
            "upload": SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 " + b"0" * 40),
        },
    )
    activity = Activity.objects.get()
    assert response["Location"] == reverse("evidence:activity", args=[activity.pk])
    assert (activity.file_name, activity.created_by) == ("bien-ban.pdf", p.group_leader)
    page = client.get(response["Location"]).content.decode()
    assert "Nguyễn Trung Hiếu" in page
    assert "chưa điểm danh" in page


def test_a_wrong_file_is_refused_on_the_field(client, personas):
    p = personas
    client.force_login(p.chair)
    response = client.post(
        reverse("evidence:create", args=["activities"]),
        {
            "unit": p.group.pk,
            "kind": "training",
            "title": "Tập huấn",
            "held_on": "2025-03-07",
            "upload": SimpleUploadedFile("virus.exe", b"MZ" + b"0" * 40),
        },
    )
    assert response.status_code == 200
    assert "Chỉ nhận tệp pdf" in response.content.decode()
    assert not Activity.objects.exists()


def test_bulk_attendance_marks_unchecked_members_absent_and_a_box_saves_alone(client, personas):
    p = personas
    a = services.activity_create(unit=p.group, kind="sports_arts", title="Hội thao", held_on=DAY)
    client.force_login(p.group_leader)
    client.post(
        reverse("evidence:attendance", args=[a.pk]),
        {"member": [p.member_record.pk, p.colleague.pk], "present": [p.colleague.pk]},
    )
    assert dict(Attendance.objects.values_list("member_id", "present")) == {
        p.member_record.pk: False,
        p.colleague.pk: True,
    }
    row = client.post(
        reverse("evidence:attendance_toggle", args=[a.pk, p.member_record.pk]), {"checked": "1"}, HTTP_HX_REQUEST="true"
    )
    assert row.status_code == 200
    assert "checked" in row.content.decode()
    assert Attendance.objects.get(member=p.member_record).present is True


def test_a_sign_in_sheet_is_imported_on_the_page(client, personas):
    p = personas
    a = services.activity_create(unit=p.grassroots, kind="resolution_study", title="Học tập", held_on=DAY)
    client.force_login(p.chair)
    csv = "Mã đoàn viên,Có mặt\nHN0001,x\nHN9999,x\n".encode()
    response = client.post(
        reverse("evidence:attendance_import", args=[a.pk]), {"file": SimpleUploadedFile("dd.csv", csv)}
    )
    assert "Dòng 3, cột A «Mã đoàn viên»: Không có đoàn viên đang sinh hoạt mã HN9999" in response.content.decode()
    assert not Attendance.objects.exists()
    response = client.post(
        reverse("evidence:attendance_import", args=[a.pk]),
        {"file": SimpleUploadedFile("dd.csv", "Mã đoàn viên,Có mặt\nHN0001,x\n".encode())},
    )
    assert response.status_code == 302
    assert Attendance.objects.get().present


def test_discipline_is_recorded_by_member_code_within_the_scope(client, personas):
    p = personas
    client.force_login(p.chair)
    url = reverse("evidence:create", args=["discipline"])
    response = client.post(url, {"member_code": "QB0001", "level": "khien_trach", "starts_on": "2025-03-07"})
    assert "Không có đoàn viên mã QB0001 trong phạm vi của bạn" in response.content.decode()
    client.post(url, {"member_code": "HN0002", "level": "khien_trach", "starts_on": "2025-03-07"})
    assert Discipline.objects.get().member == p.colleague


def test_lists_run_a_bounded_number_of_queries(client, personas, django_assert_max_num_queries):
    p = personas
    for i in range(15):
        services.activity_create(unit=p.group, kind="training", title=f"Tập huấn {i}", held_on=DAY)
        services.conduct_record_create(member=p.colleague, rule="dress", polarity="positive", occurred_on=DAY)
    client.force_login(p.chair)
    for record in ("activities", "conduct"):
        with django_assert_max_num_queries(10):
            assert client.get(reverse("evidence:list", args=[record])).status_code == 200
