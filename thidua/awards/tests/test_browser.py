"""The commendation journey in a real browser (the system Chromium through Playwright): a grassroots chair proposes a
member, sees why the member is not yet eligible, gives a reason and submits; the upper union's officer receives the
proposal and issues the decision."""

from pathlib import Path

import pytest
from django.urls import reverse

from thidua.awards.models import Decision
from thidua.core.testing import PASSWORD, make_personas

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # fmt: skip

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="the browser tests need the system Chromium at /usr/bin/chromium"),
]


def _login(page, base: str, user, next_url: str) -> None:
    page.goto(base + reverse("login") + "?next=" + next_url)
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**" + next_url)


def test_a_proposal_from_the_chair_to_the_decision(live_server, transactional_db, monkeypatch):
    from playwright.sync_api import expect, sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    p = make_personas()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_default_timeout(10_000)
            create = reverse("awards:proposal_create") + f"?unit={p.grassroots.pk}"
            _login(page, live_server.url, p.chair, create)
            page.select_option("#id_to_unit", str(p.upper.pk))
            page.fill("#id_year", "2025")
            page.click("button.btn-primary")
            page.wait_for_url("**/awards/proposals/*/")

            page.select_option("#id_item-title_code", "ldtt")
            page.fill("#id_item-member_code", p.member_record.code)
            page.click("#add-item")
            row = page.locator("#proposal-items tbody tr").first
            expect(row).to_contain_text("Nguyễn Trung Hiếu")
            expect(row).to_contain_text("Chưa đủ điều kiện")
            row.locator("summary", has_text="Giải trình").click()
            expect(row).to_contain_text("chưa có kết quả xếp loại")

            page.click("#submit-proposal")
            expect(page.locator(".alert-danger, .alert-error").first).to_contain_text("cần ghi lý do")
            row = page.locator("#proposal-items tbody tr").first
            row.locator("summary", has_text="Sửa").click()
            row.locator("textarea[name=override_reason]").fill("Xếp loại năm 2025 được bổ sung sau khi chốt")
            row.locator("button", has_text="Lưu").click()
            page.click("#submit-proposal")
            expect(page.locator("h1 + div")).to_contain_text("01/TTr-")
            detail = page.url

            page.context.clear_cookies()
            _login(page, live_server.url, p.officer, detail.removeprefix(live_server.url))
            page.click("#receive-proposal")
            expect(page.locator("#proposal-items")).to_contain_text("Đã tiếp nhận")

            page.goto(live_server.url + reverse("awards:decision_create") + f"?unit={p.upper.pk}")
            page.check("#decidable input[name=award]")
            page.fill("#id_decided_on", "20/01/2026")
            page.fill("#id_subject_line", "Về việc tặng danh hiệu Lao động tiên tiến năm 2025")
            page.fill("#id_signer_name", "Trần Văn Ký")
            page.click("#issue-decision")
            expect(page.locator("#awardees")).to_contain_text("Nguyễn Trung Hiếu")
        finally:
            browser.close()
    decision = Decision.objects.get()
    assert decision.symbol.startswith("01/QĐ-")
    assert decision.awardees.get().member == p.member_record
