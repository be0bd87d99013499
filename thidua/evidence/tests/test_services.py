"""Evidence records: validation of each kind, bulk attendance, attachments within the limits."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.evidence import services
from thidua.evidence.models import Attendance
from thidua.members.services import member_leave
from thidua.organizations.services import unit_close, unit_create

PDF = b"%PDF-1.4\n" + b"0" * 100
DAY = datetime.date(2025, 3, 7)


def activity(p, **fields):
    values = {"unit": p.grassroots, "kind": "cleaning_friday", "title": "Vệ sinh cơ quan ngày thứ Sáu", "held_on": DAY}
    return services.activity_create(by=p.chair, **{**values, **fields})


def test_an_activity_is_recorded_for_an_open_union_unit(personas):
    p = personas
    a = activity(p, location="Trụ sở Sở")
    assert (a.unit, a.kind, a.created_by, a.file.name) == (p.grassroots, "cleaning_friday", p.chair, "")
    agency = unit_create(name="Sở Thông tin và Truyền thông", kind="agency")
    with pytest.raises(ValidationError) as error:
        activity(p, unit=agency, title="", kind="picnic")
    assert set(error.value.message_dict) == {"unit", "title", "kind"}


def test_an_activity_of_a_movement_must_be_in_its_scope(personas):
    from thidua.evaluation.tests.factories import make_movement

    p = personas
    movement = make_movement(p)
    assert activity(p, unit=p.group, movement=movement).movement == movement
    with pytest.raises(ValidationError) as error:
        activity(p, unit=p.other_grassroots, movement=movement)
    assert "không thuộc phạm vi phong trào" in error.value.message_dict["movement"][0]


def test_attendance_is_marked_in_bulk_for_the_units_members_only(personas):
    p = personas
    a = activity(p)
    assert services.attendance_mark(activity=a, present=[p.member_record.pk], absent=[p.colleague.pk],
                                    by=p.group_leader) == (1, 1)  # fmt: skip
    services.attendance_mark(activity=a, present=[p.colleague.pk], by=p.chair)  # a correction
    marks = dict(Attendance.objects.filter(activity=a).values_list("member_id", "present"))
    assert marks == {p.member_record.pk: True, p.colleague.pk: True}
    with pytest.raises(ValidationError, match="1 đoàn viên không thuộc «Công đoàn Sở Thông tin và Truyền thông»"):
        services.attendance_mark(activity=a, present=[p.stranger.pk, p.member_record.pk])
    with pytest.raises(ValidationError, match="vừa có mặt vừa vắng mặt"):
        services.attendance_mark(activity=a, present=[p.member_record.pk], absent=[p.member_record.pk])
    member_leave(member=p.colleague, left_on=DAY)
    with pytest.raises(ValidationError, match="không còn sinh hoạt"):
        services.attendance_mark(activity=a, absent=[p.colleague.pk])


def test_an_activity_with_attendance_stays_with_its_unit(personas):
    p = personas
    a = activity(p, unit=p.group)
    services.attendance_mark(activity=a, present=[p.member_record.pk])
    with pytest.raises(ValidationError, match="đã điểm danh"):
        services.activity_update(activity=a, unit=p.other_group)
    assert services.activity_update(activity=a, title="Tổng vệ sinh").title == "Tổng vệ sinh"


@pytest.mark.parametrize(("name", "content", "text"), [
    ("bien-ban.exe", b"MZ" + b"0" * 50, "Chỉ nhận tệp pdf, docx, xlsx, jpg, jpeg, png"),
    ("bien-ban.pdf", b"MZ" + b"0" * 50, "không khớp với đuôi .pdf"),
    ("rong.pdf", b"", "không khớp với đuôi .pdf"),
])  # fmt: skip
def test_attachments_of_a_forbidden_type_are_refused(personas, name, content, text):
    with pytest.raises(ValidationError) as error:
        activity(personas, upload=SimpleUploadedFile(name, content))
    assert text in error.value.message_dict["file"][0]


def test_attachments_over_the_size_limit_are_refused(personas, settings):
    settings.THIDUA_ATTACHMENT_MAX_BYTES = 50
    with pytest.raises(ValidationError) as error:
        activity(personas, upload=SimpleUploadedFile("bien-ban.pdf", PDF))
    assert "vượt giới hạn 0.0 MB" in error.value.message_dict["file"][0]
    settings.THIDUA_ATTACHMENT_EXTENSIONS = [".pdf"]
    settings.THIDUA_ATTACHMENT_MAX_BYTES = 1024
    a = activity(personas, upload=SimpleUploadedFile("bien-ban.pdf", PDF))
    assert (a.file_name, a.file_size, a.file_type) == ("bien-ban.pdf", len(PDF), "application/pdf")
    with pytest.raises(ValidationError, match="Chỉ nhận tệp pdf;"):
        activity(personas, upload=SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * 10))


def test_a_work_project_lists_participants_of_its_unit(personas):
    p = personas
    project = services.work_project_create(unit=p.group, title="Số hóa hồ sơ lưu trữ",
                                           dedicated_to="Chào mừng Đại hội Công đoàn các cấp", starts_on=DAY,
                                           participants=[p.member_record, p.colleague])  # fmt: skip
    assert set(project.participants.all()) == {p.member_record, p.colleague}
    with pytest.raises(ValidationError) as error:
        services.work_project_update(project=project, participants=[p.stranger])
    assert "Lê Văn An" in error.value.message_dict["participants"][0]
    with pytest.raises(ValidationError) as error:
        services.work_project_update(project=project, ends_on=DAY - datetime.timedelta(days=1))
    assert "ends_on" in error.value.message_dict


def test_a_media_item_needs_a_valid_link(personas):
    p = personas
    item = services.media_item_create(unit=p.grassroots, kind="video", title="Clip phong trào thi đua 2023",
                                      url="https://stttt.hanam.gov.vn/clip", published_on=DAY,
                                      authors=[p.member_record])  # fmt: skip
    assert list(item.authors.all()) == [p.member_record]
    with pytest.raises(ValidationError) as error:
        services.media_item_update(item=item, url="không phải đường dẫn")
    assert "url" in error.value.message_dict


def test_a_party_introduction_has_a_date_exactly_when_it_has_an_outcome(personas):
    p = personas
    intro = services.party_introduction_create(member=p.member_record, introduced_on=DAY, by=p.chair)
    assert (intro.outcome, intro.decided_on) == ("pending", None)
    with pytest.raises(ValidationError) as error:
        services.party_introduction_update(introduction=intro, outcome="admitted")
    assert error.value.message_dict == {"decided_on": ["Ghi ngày có kết quả."]}
    with pytest.raises(ValidationError) as error:
        services.party_introduction_update(introduction=intro, outcome="admitted", decided_on=DAY.replace(month=1))
    assert "trước ngày giới thiệu" in error.value.message_dict["decided_on"][0]
    intro = services.party_introduction_update(introduction=intro, outcome="admitted", decided_on=DAY.replace(day=30))
    assert intro.get_outcome_display() == "Đã được kết nạp"


def test_conduct_and_discipline_records_refuse_future_and_unordered_dates(personas):
    p = personas
    future = datetime.date.today() + datetime.timedelta(days=30)
    with pytest.raises(ValidationError) as error:
        services.conduct_record_create(member=p.member_record, rule="alcohol", polarity="violation",
                                       occurred_on=future)  # fmt: skip
    assert error.value.message_dict == {"occurred_on": ["Ngày này còn ở tương lai."]}
    with pytest.raises(ValidationError) as error:
        services.discipline_create(member=p.member_record, level="dismissal", starts_on=DAY,
                                   ends_on=DAY - datetime.timedelta(days=1))  # fmt: skip
    assert set(error.value.message_dict) == {"level", "ends_on"}
    record = services.discipline_create(member=p.member_record, level="canh_cao", starts_on=DAY, by=p.chair)
    assert (record.get_level_display(), record.recorded_by) == ("Cảnh cáo", p.chair)


def test_deleting_a_record_removes_its_file_after_the_commit(personas, django_capture_on_commit_callbacks):
    a = activity(personas, upload=SimpleUploadedFile("bien-ban.pdf", PDF))
    storage, name = a.file.storage, a.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_delete(activity=a)
    assert not storage.exists(name)


def test_closing_units_is_respected(personas):
    p = personas
    closed = unit_create(name="Tổ cũ", kind="group", parent=p.grassroots)
    unit_close(unit=closed, closed_on=DAY, reason="Sáp nhập")
    closed.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        activity(p, unit=closed)
    assert "đã giải thể" in error.value.message_dict["unit"][0]
