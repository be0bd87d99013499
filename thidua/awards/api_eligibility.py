from ninja import Router

router = Router(tags=["Khen thưởng"])
