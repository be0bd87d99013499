"""Reads of the member registry. One filter serves the list page, the API and the export."""

from dataclasses import dataclass

from django.db.models import Value
from django.db.models.functions import Concat
from django.http import Http404

from thidua.core.roles import Action
from thidua.core.text import fold
from thidua.members.models import Member, MemberQuerySet
from thidua.organizations.models import Unit


@dataclass(frozen=True)
class MemberFilters:
    unit: int | None = None  # the unit whose whole subtree is listed
    status: str | None = None
    gender: str | None = None
    party: bool | None = None
    q: str = ""

    @classmethod
    def from_query(cls, params) -> "MemberFilters":
        """From a query string (page or API); unknown or empty values are ignored."""
        unit = params.get("unit") or None
        party = params.get("party")
        return cls(
            unit=int(unit) if unit and str(unit).isdigit() else None,
            status=params.get("status") or None,
            gender=params.get("gender") or None,
            party={"1": True, "true": True, "0": False, "false": False}.get(str(party).lower()) if party else None,
            q=(params.get("q") or "").strip(),
        )


def member_list(user, filters: MemberFilters, action: str = Action.VIEW) -> MemberQuerySet:
    """Members the user may see, filtered and in Vietnamese name order. A unit outside the scope is a 404."""
    qs = Member.objects.visible_to(user, action)
    if filters.unit is not None:
        unit = Unit.objects.visible_to(user).filter(pk=filters.unit).only("path").first()
        if unit is None:
            raise Http404
        qs = qs.filter(unit__path__startswith=unit.path)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.gender:
        qs = qs.filter(gender=filters.gender)
    if filters.party is not None:
        qs = qs.filter(is_party_member=filters.party)
    qs = qs.select_related("unit")
    if filters.q:
        qs = qs.search(filters.q)
        if any(len(word) >= 3 for word in fold(filters.q).split()):
            # Sort the matches that the word's trigram index finds. Ordering by the bare column lets PostgreSQL walk
            # the name index instead, hoping to meet 50 matches early; but names sort by given name, so a search for
            # "huong" scans ~150,000 rows of a province before the first Hương (bench/README.md).
            return qs.order_by(Concat("sort_key", Value("")), "code")
    return qs.in_name_order()


def member_detail(member: Member) -> dict:
    return {
        "transfers": member.transfers.select_related("from_unit", "to_unit", "created_by"),
        "positions": member.positions.select_related("term", "unit"),
    }
