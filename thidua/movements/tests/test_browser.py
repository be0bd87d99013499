"""Registration on a phone (390 px wide) in a real browser (the system Chromium through Playwright)."""

import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.core.testing import PASSWORD, make_personas
from thidua.movements.models import Registration

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # fmt: skip
PHONE = {"width": 390, "height": 844}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="the browser tests need the system Chromium at /usr/bin/chromium"),
]


def test_a_member_registers_on_a_phone(live_server, transactional_db, monkeypatch, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    from thidua.movements import services
    from thidua.movements.tests.conftest import make_plan

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    p = make_personas()
    movement = services.movement_launch(movement=make_plan(p, year=timezone.localdate().year), by=p.chair)
    url = reverse("movements:register", args=[movement.pk])
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
            page.set_default_timeout(10_000)
            page.goto(live_server.url + reverse("login") + "?next=" + url)
            page.fill("#id_username", p.member.username)
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url("**" + url)
            page.select_option("#id_own-title_code", "ldtt")
            page.fill("#id_own-commitments", "Hoàn thành xuất sắc nhiệm vụ; tham gia đầy đủ hoạt động văn nghệ.")
            button = page.get_by_role("button", name="Đăng ký")
            box = button.bounding_box()
            assert box["width"] > 300  # a full-width button a thumb can hit
            button.click()
            expect(page.get_by_role("status")).to_contain_text("Bạn đã đăng ký «Lao động tiên tiến»")
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling
            shot = os.environ.get("THIDUA_SCREENSHOT_DIR")
            page.screenshot(path=str(Path(shot or tmp_path) / "dang-ky-thi-dua-390.png"), full_page=True)
        finally:
            browser.close()
    assert Registration.objects.get().member == p.member_record
