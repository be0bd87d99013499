"""API of council sessions, secret ballots and award decisions (mounted at /api/awards)."""

from ninja import Router

router = Router(tags=["Khen thưởng"])
