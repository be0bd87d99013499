"""Import, template and export pages: the scope contract, and the upload → preview → confirm journey."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.core.testing import assert_scope_contract
from thidua.members.importing import HEADERS
from thidua.members.models import Member
from thidua.members.services import member_create
from thidua.members.tests.test_importing import member_row

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def xlsx_upload(rows: list[list], name: str = "doan-vien.xlsx") -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADERS)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def stored_files(settings) -> list[str]:
    folder = settings.MEDIA_ROOT / "imports"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def workbook_of(response) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


# -- scope -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["members:import", "members:import_template"])
def test_importing_needs_member_management_somewhere(client, personas, name):
    assert_scope_contract(client, url=reverse(name), allowed=personas.chair,
                          in_scope_without_role=[personas.group_leader, personas.council, personas.member],
                          out_of_scope=[])  # fmt: skip


def test_uploading_needs_member_management_somewhere(client, personas):
    assert_scope_contract(client, url=reverse("members:import"), method="post",
                          data={"file": xlsx_upload([member_row(personas.group)])}, allowed=None,
                          in_scope_without_role=[personas.group_leader], out_of_scope=[])  # fmt: skip
    assert not Member.objects.filter(code="NK0001").exists()


def test_exporting_follows_the_list_scope(client, personas):
    url = reverse("members:export") + f"?unit={personas.grassroots.pk}"
    assert_scope_contract(client, url=url, allowed=personas.council, in_scope_without_role=[personas.member],
                          out_of_scope=[personas.outsider, personas.group_leader])  # fmt: skip


def test_an_outsider_exports_only_their_branch(client, personas):
    client.force_login(personas.outsider)

    response = client.get(reverse("members:export"))

    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    codes = [row[0] for row in workbook_of(response).worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert codes == ["QB0001"]


def test_the_export_follows_the_list_filters(client, personas):
    client.force_login(personas.chair)

    response = client.get(reverse("members:export"), {"q": "hoa ly"})

    sheet = workbook_of(response).worksheets[0]
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Trần Thị Hoa Lý"]


def test_the_template_lists_only_the_units_the_user_may_import_into(client, personas):
    client.force_login(personas.chair)

    units = workbook_of(client.get(reverse("members:import_template")))["Đơn vị"]

    ids = [row[0] for row in units.iter_rows(min_row=2, values_only=True)]
    assert set(ids) == {personas.grassroots.pk, personas.group.pk, personas.other_group.pk}


# -- the journey -----------------------------------------------------------------------------------------------------


def test_upload_preview_then_confirm(client, personas, settings):
    client.force_login(personas.chair)
    rows = [member_row(personas.group), member_row(personas.group, code="HN0002", full_name="Trần Thị Hoa Lý",
                                                   job_title="Thủ quỹ")]  # fmt: skip

    preview = client.post(reverse("members:import"), {"file": xlsx_upload(rows)})

    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Sẽ thêm mới 1, cập nhật 1 đoàn viên" in page
    assert "Thủ quỹ" in page
    assert not Member.objects.filter(code="NK0001").exists()
    token = preview.context["token"]
    assert stored_files(settings) == sorted([token, f"{token}.json"])

    done = client.post(reverse("members:import"), {"token": token})

    assert done.status_code == 302
    assert done["Location"] == reverse("members:list")
    assert Member.objects.get(code="NK0001").unit == personas.group
    assert Member.objects.get(code="HN0002").job_title == "Thủ quỹ"
    assert stored_files(settings) == []
    assert "thêm mới 1, cập nhật 1" in client.get(done["Location"]).content.decode()


def test_a_bad_row_is_shown_with_its_row_and_column_and_nothing_is_kept(client, personas, settings):
    client.force_login(personas.chair)
    rows = [member_row(personas.group), member_row(personas.group, code="NK0002", gender="Nữa")]

    response = client.post(reverse("members:import"), {"file": xlsx_upload(rows)})

    page = response.content.decode()
    assert "Tệp có 1 lỗi" in page
    assert "<td>3</td>" in page
    assert "C – Giới tính" in page
    assert "«Nữa» không phải giới tính" in page
    assert 'name="token"' not in page
    assert stored_files(settings) == []
    assert not Member.objects.filter(code__startswith="NK").exists()


def test_a_change_between_preview_and_confirm_is_reported_not_imported(client, personas, settings):
    client.force_login(personas.chair)
    token = client.post(reverse("members:import"), {"file": xlsx_upload([member_row(personas.group)])}).context["token"]
    member_create(code="NK0001", full_name="Người Khác", gender="male", unit=personas.other_grassroots)

    response = client.post(reverse("members:import"), {"token": token})

    assert response.status_code == 200
    assert "ngoài phạm vi bạn quản lý" in response.content.decode()
    assert Member.objects.get(code="NK0001").unit == personas.other_grassroots
    assert stored_files(settings) == []


def test_only_the_uploader_can_confirm(client, personas):
    client.force_login(personas.chair)
    token = client.post(reverse("members:import"), {"file": xlsx_upload([member_row(personas.group)])}).context["token"]
    client.force_login(personas.officer)

    response = client.post(reverse("members:import"), {"token": token})

    assert response.status_code == 404
    assert not Member.objects.filter(code="NK0001").exists()


def test_an_unknown_token_sends_back_to_the_upload(client, personas):
    client.force_login(personas.chair)

    response = client.post(reverse("members:import"), {"token": "x" * 32}, follow=True)

    assert "Không tìm thấy tệp đã tải lên" in response.content.decode()


@pytest.mark.parametrize("name", ["doan-vien.xls", "doan-vien.pdf"])
def test_other_formats_are_refused_on_the_form(client, personas, settings, name):
    client.force_login(personas.chair)

    response = client.post(reverse("members:import"), {"file": xlsx_upload([member_row(personas.group)], name)})

    assert "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)" in response.content.decode()
    assert stored_files(settings) == []


def test_a_file_over_the_limit_is_refused(client, personas, settings):
    settings.THIDUA_IMPORT_MAX_BYTES = 100
    client.force_login(personas.chair)

    response = client.post(reverse("members:import"), {"file": xlsx_upload([member_row(personas.group)])})

    assert "vượt giới hạn" in response.content.decode()


def test_a_csv_upload_with_bom(client, personas):
    client.force_login(personas.chair)
    text = io.StringIO()
    csv.writer(text).writerows([HEADERS, member_row(personas.group, full_name="Ngô Bảo Châu", unit_name="")])
    upload = SimpleUploadedFile("ds.csv", ("\ufeff" + text.getvalue()).encode())

    token = client.post(reverse("members:import"), {"file": upload}).context["token"]
    client.post(reverse("members:import"), {"token": token})

    assert Member.objects.get(code="NK0001").full_name == "Ngô Bảo Châu"
