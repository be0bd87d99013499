"""The 100,000-row member file for the import benchmark, and the clean-up after it.

The columns come from ``thidua.members.importing.COLUMNS`` (the template's format), so the file follows the
template whatever order or headers it has. Rows are new members spread over the leaf units of the generated province
(weighted by their size), with the same kind of values people type: real dates, «Nam»/«Nữ», «x» for party members,
phone numbers as text.
"""

import datetime
import random
from pathlib import Path


def write(path: Path, *, root_id: int, rows: int, code_prefix: str, seed: int = 7) -> None:
    from django.db.models import Count
    from openpyxl import Workbook

    from thidua.members.importing import COLUMNS, SHEET_NAME
    from thidua.members.names import vietnamese_name
    from thidua.organizations.models import Unit

    root = Unit.objects.get(pk=root_id)
    leaves = list(
        Unit.objects.filter(path__startswith=root.path, children__isnull=True, closed_on__isnull=True)
        .annotate(size=Count("members"))
        .filter(size__gt=0)
        .values_list("pk", "name", "size")
    )
    rng = random.Random(seed)
    units = rng.choices([(pk, name) for pk, name, _ in leaves], weights=[size for *_, size in leaves], k=rows)
    jobs = ["Công nhân", "Chuyên viên", "Giáo viên", "Kế toán", "Kỹ thuật viên", "Điều dưỡng", "Văn thư"]

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_NAME)
    sheet.append([c.header for c in COLUMNS])
    for number, (unit_id, unit_name) in enumerate(units, start=1):
        female = rng.random() < 0.55
        born = datetime.date(rng.randint(1966, 2004), rng.randint(1, 12), rng.randint(1, 28))
        party = rng.random() < 0.3
        values = {
            "code": f"{code_prefix}-{number:07d}",
            "full_name": vietnamese_name("female" if female else "male", rng),
            "gender": "Nữ" if female else "Nam",
            "date_of_birth": born,
            "union_joined_on": datetime.date(born.year + 20 + rng.randint(0, 5), rng.randint(1, 12), 1),
            "is_party_member": "x" if party else "",
            "party_joined_on": datetime.date(born.year + 26, 5, 19) if party else None,
            "job_title": rng.choice(jobs),
            "unit": unit_id,
            "unit_name": unit_name,
            "email": f"dv{number}@example.vn" if rng.random() < 0.2 else "",
            "phone": f"09{rng.randint(10_000_000, 99_999_999)}",
            "status": "",
        }
        sheet.append([values.get(c.key, "") for c in COLUMNS])
    workbook.save(path)


def delete_imported(*, code_prefix: str) -> int:
    """Remove the imported members and their history rows, so the next run imports into the same province."""
    from django.db import connection

    from thidua.members.models import Member

    pattern = f"{code_prefix}-%"
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Member.history.model._meta.db_table} WHERE code LIKE %s", [pattern])  # noqa: S608
        cursor.execute(f"DELETE FROM {Member._meta.db_table} WHERE code LIKE %s", [pattern])  # noqa: S608
        return cursor.rowcount
