"""Demo award history (the lead's demo loader calls ``load_demo()`` after thidua.demo.data.load()).

Four members of Công đoàn Sở Thông tin và Truyền thông (seed 000) so that the eligibility page shows the interesting
cases: CSTĐCS three years running (2022–2024, then judged for CSTĐ cấp tỉnh), a gap year (2022, 2024), a discipline
(khiển trách from 01/06/2025 for 12 months: every title of 2025 blocked) and six months of maternity leave in 2025
(counted as time worked). The collective has Tập thể lao động tiên tiến 2022–2024. Running it twice changes nothing.
Then the demo proposals (thidua.awards.demo_proposals) are loaded.
"""

import datetime

from django.db import transaction

from thidua.awards import history
from thidua.awards.choices import AbsenceKind, RecordSource
from thidua.awards.models import AwardRecord
from thidua.evidence.models import Discipline
from thidua.members.models import Member
from thidua.organizations.models import Unit

D = datetime.date
TTTT = "Công đoàn Sở Thông tin và Truyền thông"
NOTE = "Dữ liệu minh họa"
ISSUER = "Ban Chấp hành Công đoàn Sở Thông tin và Truyền thông"


def _record(*, member=None, unit=None, year: int, code: str, number: str) -> None:
    history.record_create(member=member, unit=unit, year=year, title_code=code, decision_number=number,
                          decided_on=D(year + 1, 1, 10), issuer_name=ISSUER, note=NOTE,
                          source=RecordSource.IMPORTED)  # fmt: skip


@transaction.atomic
def _load() -> int:
    unit = Unit.objects.filter(name=TTTT).order_by("pk").first()
    if unit is None or AwardRecord.objects.filter(note=NOTE).exists():
        return 0
    members = list(Member.objects.filter(unit__path__startswith=unit.path).order_by("code")[:4])
    if len(members) < 4:
        return 0
    running, gap, disciplined, mother = members
    made = 0
    for year in (2022, 2023, 2024):
        _record(member=running, year=year, code="cstdcs", number=f"{year % 100:02d}/QĐ-CĐSTTTT")
        _record(unit=unit, year=year, code="tt_ldtt", number=f"{year % 100 + 20:02d}/QĐ-CĐSTTTT")
        made += 2
    for year in (2022, 2024):
        _record(member=gap, year=year, code="cstdcs", number=f"{year % 100 + 40:02d}/QĐ-CĐSTTTT")
        made += 1
    _record(member=disciplined, year=2024, code="ldtt", number="60/QĐ-CĐSTTTT")
    Discipline.objects.create(member=disciplined, level="khien_trach", decision_number="05/QĐ-KL",
                              starts_on=D(2025, 6, 1), ends_on=D(2026, 5, 31), reason=NOTE)  # fmt: skip
    history.absence_create(member=mother, kind=AbsenceKind.MATERNITY, starts_on=D(2025, 2, 1),
                           ends_on=D(2025, 7, 31), note=NOTE)  # fmt: skip
    _record(member=mother, year=2024, code="ldtt", number="61/QĐ-CĐSTTTT")
    return made + 2


def load_demo() -> int:
    made = _load()
    from thidua.awards import demo_proposals

    demo_proposals.load()
    return made
