"""The import journey in a real browser (the system Chromium through Playwright)."""

from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse

from thidua.core.testing import PASSWORD, make_personas
from thidua.members.importing import HEADERS
from thidua.members.tests.test_importing import member_row

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # fmt: skip

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="the browser tests need the system Chromium at /usr/bin/chromium"),
]


def write_xlsx(path: Path, rows: list[list]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADERS)
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def test_a_chair_fixes_a_bad_row_imports_and_finds_the_member(live_server, transactional_db, settings, tmp_path,
                                                              monkeypatch):  # fmt: skip
    from playwright.sync_api import expect, sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls below are still plain sync code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.MEDIA_ROOT = tmp_path / "media"
    p = make_personas()
    good = member_row(p.group, code="NK0001", full_name="Đoàn Thị Hương Giang", gender="Nữ")
    bad = write_xlsx(tmp_path / "doan-vien.xlsx", [good, member_row(p.other_group, code="NK0002", gender="Nữa")])
    fixed = write_xlsx(tmp_path / "doan-vien-da-sua.xlsx", [good, member_row(p.other_group, code="NK0002")])

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_default_timeout(10_000)
            page.goto(live_server.url + reverse("login") + "?next=" + reverse("members:import"))
            page.fill("#id_username", p.chair.username)
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url("**" + reverse("members:import"))

            page.set_input_files("input[type=file]", str(bad))
            page.click("#import-upload")
            error_row = page.locator("#import-errors tbody tr")
            expect(error_row).to_have_count(1)
            expect(error_row.locator("td").nth(0)).to_have_text("3")
            expect(error_row).to_contain_text("Giới tính")
            expect(error_row).to_contain_text("«Nữa» không phải giới tính")

            page.set_input_files("input[type=file]", str(fixed))
            page.click("#import-upload")
            expect(page.locator("#import-summary")).to_contain_text("Sẽ thêm mới 2")
            page.click("#import-confirm")
            page.wait_for_url("**" + reverse("members:list"))
            expect(page.locator(".alert-success")).to_contain_text("thêm mới 2")

            page.fill("#id_q", "huong giang")
            expect(page.locator("#members tbody tr")).to_have_count(1)  # the list narrowed to the match
            expect(page.locator("#members tbody")).to_contain_text("Đoàn Thị Hương Giang")
        finally:
            browser.close()
