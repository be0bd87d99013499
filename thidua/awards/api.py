"""API of the commendation part: one router per area, joined here."""

from ninja import Router

from thidua.awards.api_councils import router as councils_router
from thidua.awards.api_eligibility import router as eligibility_router
from thidua.awards.api_proposals import router as proposals_router

router = Router(tags=["Khen thưởng"])
router.add_router("", eligibility_router)
router.add_router("", proposals_router)
router.add_router("", councils_router)
