"""Award-history and absence services: checked against the pack of the year, duplicates refused, decisions kept."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from thidua.awards import history
from thidua.awards.models import AwardRecord
from thidua.awards.tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_record_takes_its_name_from_the_pack_of_its_year(personas):
    record = history.record_create(member=personas.member_record, year=2023, title_code="cstdcs",
                                   decision_number="12/QĐ-CĐS", decided_on=datetime.date(2024, 1, 15))  # fmt: skip
    assert record.title_name == "Chiến sĩ thi đua cơ sở"
    assert record.scope_unit == personas.group
    assert list(history.member_history(personas.member_record)) == [record]


def test_a_thematic_form_is_marked_thematic(personas):
    record = history.record_create(member=personas.colleague, year=2025, title_code="bk_gvn_dvn")
    assert record.thematic is True


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"title_code": "tt_ldtt"}, "title_code", "không phải danh hiệu, hình thức dành cho cá nhân"),
    ({"title_code": "nope"}, "title_code", "không có trong bộ quy tắc"),
    ({"year": 1970}, "year", "Năm phải từ"),
    ({"decided_on": datetime.date(2022, 5, 1)}, "decided_on", "không thể trước năm thành tích"),
])  # fmt: skip
def test_bad_records_are_refused_with_the_field(personas, fields, field, message):
    data = {"year": 2023, "title_code": "ldtt", **fields}
    with pytest.raises(ValidationError) as error:
        history.record_create(member=personas.member_record, **data)
    assert message in error.value.message_dict[field][0]


def test_a_duplicate_is_refused(personas):
    history.record_create(unit=personas.group, year=2024, title_code="tt_ldtt")
    with pytest.raises(ValidationError, match="Đã có"):
        history.record_create(unit=personas.group, year=2024, title_code="tt_ldtt")


def test_a_record_of_a_decision_is_not_deleted_here(personas):
    record = f.award(personas.member_record, 2023, "ldtt")
    history.record_delete(record=record)
    assert not AwardRecord.objects.exists()


def test_absences_must_not_overlap(personas):
    history.absence_create(member=personas.colleague, kind="maternity", starts_on=datetime.date(2025, 3, 1),
                           ends_on=datetime.date(2025, 8, 31))  # fmt: skip
    with pytest.raises(ValidationError, match="Trùng"):
        history.absence_create(member=personas.colleague, kind="sick", starts_on=datetime.date(2025, 8, 1),
                               ends_on=datetime.date(2025, 9, 1))  # fmt: skip
    with pytest.raises(ValidationError):
        history.absence_create(member=personas.colleague, kind="sick", starts_on=datetime.date(2025, 10, 2),
                               ends_on=datetime.date(2025, 10, 1))  # fmt: skip
