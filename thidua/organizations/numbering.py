"""Document numbers per issuer, per series, per year (NĐ 30/2020/NĐ-CP: numbering restarts at 01 every 1 January).

``next_number`` is safe under concurrent issuing on both databases: the counter is bumped by one ``UPDATE … SET last =
last + 1`` (PostgreSQL locks the row until the caller's transaction ends; SQLite takes the database write lock), and
the caller reads its own write back. The first number of a year creates the row; two first numbers racing end in one
``IntegrityError`` that is retried. Callers run inside their own transaction so that a number is given back when the
document is not saved (no gaps from failed issues).
"""

import re

from django.db import IntegrityError, transaction
from django.db.models import F

from thidua.organizations.models import NumberSeries, Unit


def next_number(*, issuer: Unit, year: int, series: str) -> int:
    """Reserve and return the next number of ``series`` for ``issuer`` in ``year`` (1 for the first of the year)."""
    for _attempt in range(3):
        with transaction.atomic():  # the row stays locked from the UPDATE to the end of the caller's transaction
            rows = NumberSeries.objects.filter(issuer=issuer, year=year, series=series)
            if rows.update(last=F("last") + 1):
                return rows.values_list("last", flat=True).get()
        try:
            with transaction.atomic():
                NumberSeries.objects.create(issuer=issuer, year=year, series=series, last=1)
            return 1
        except IntegrityError:
            continue  # another transaction created the year's row first: bump it instead
    raise RuntimeError("could not reserve a document number")  # pragma: no cover - three lost races in a row


def format_number(number: int) -> str:
    """Numbers below 10 are written with a leading zero (01, 02 … 10, 11), as in the state format."""
    return f"{number:02d}"


# Words left out of an abbreviation made from a name ("Sở Thông tin và Truyền thông" → "STTTT").
_UNABBREVIATED = {"và", "các", "của"}


def abbreviation(name: str) -> str:
    """The issuer's abbreviation when it has no short name: the capitalised initials of its words, "và" and the like
    left out ("Công đoàn Sở Thông tin và Truyền thông" → "CĐSTTTT")."""
    words = [w for w in re.findall(r"\w+", name) if w.lower() not in _UNABBREVIATED]
    return "".join(word[0].upper() for word in words) or name


def document_symbol(*, number: int, series: str, issuer: Unit) -> str:
    """Số, ký hiệu: ``18/KH-CĐSTNMT`` (the issuer's short name; the initials of its name when it has none)."""
    return f"{format_number(number)}/{series}-{issuer.short_name or abbreviation(issuer.name)}"
