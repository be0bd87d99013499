import threading

import pytest
from django.db import connection, connections, transaction

from thidua.organizations.choices import UnitKind
from thidua.organizations.models import NumberSeries, Unit
from thidua.organizations.numbering import document_symbol, next_number
from thidua.organizations.services import unit_create


@pytest.mark.django_db
def test_it_numbers_from_01_each_year_per_issuer_and_series():
    union = unit_create(name="Công đoàn Sở Tài nguyên và Môi trường", kind=UnitKind.GRASSROOTS, parent=None,
                        short_name="CĐSTNMT")  # fmt: skip
    other = unit_create(name="Công đoàn Sở Y tế", kind=UnitKind.GRASSROOTS, parent=None, short_name="CĐSYT")
    assert [next_number(issuer=union, year=2025, series="QĐ") for _ in range(3)] == [1, 2, 3]
    assert next_number(issuer=union, year=2025, series="KH") == 1
    assert next_number(issuer=other, year=2025, series="QĐ") == 1
    assert next_number(issuer=union, year=2026, series="QĐ") == 1  # 01 again on 1 January
    assert next_number(issuer=union, year=2025, series="QĐ") == 4
    assert document_symbol(number=18, series="KH", issuer=union) == "18/KH-CĐSTNMT"
    assert document_symbol(number=4, series="QĐ", issuer=union) == "04/QĐ-CĐSTNMT"


@pytest.mark.django_db
def test_it_gives_the_number_back_when_the_document_is_not_saved():
    union = unit_create(name="Công đoàn cơ sở", kind=UnitKind.GRASSROOTS, parent=None)

    def issue_and_fail():
        with transaction.atomic():
            next_number(issuer=union, year=2025, series="QĐ")
            raise RuntimeError("the decision failed validation")

    with pytest.raises(RuntimeError):
        issue_and_fail()
    assert next_number(issuer=union, year=2025, series="QĐ") == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need a server database")
def test_it_never_gives_the_same_number_twice_under_concurrent_issuing():
    union = unit_create(name="Công đoàn cơ sở", kind=UnitKind.GRASSROOTS, parent=None)
    numbers, errors = [], []
    barrier = threading.Barrier(8)

    def issue():
        try:
            barrier.wait()
            for _ in range(5):
                with transaction.atomic():
                    numbers.append(next_number(issuer=union, year=2025, series="QĐ"))
        except Exception as error:  # pragma: no cover - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == list(range(1, 41))
    assert NumberSeries.objects.get(issuer=union, year=2025, series="QĐ").last == 40


def test_an_issuer_without_a_short_name_signs_with_the_initials_of_its_name(db):
    group = Unit(name="Bưu chính - Viễn thông - Công nghệ thông tin, Thanh tra", short_name="")
    assert document_symbol(number=3, series="TTr", issuer=group) == "03/TTr-BCVTCNTTTT"
    union = Unit(name="Công đoàn Sở Thông tin và Truyền thông", short_name="")
    assert document_symbol(number=1, series="QĐ", issuer=union) == "01/QĐ-CĐSTTTT"
