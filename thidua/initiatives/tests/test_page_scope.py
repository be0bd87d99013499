"""Every initiative page obeys the scope contract (thidua.core.testing.assert_scope_contract). ``COVERED`` tells
thidua/core/tests/test_page_scope.py which pages are proved here."""

from functools import cached_property

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.core.testing import Personas, assert_scope_contract
from thidua.initiatives import services
from thidua.initiatives.tests.factories import make_council, make_initiative, make_recognised, make_submitted

COVERED = {
    "initiatives:list", "initiatives:mine", "initiatives:create", "initiatives:similar_panel", "initiatives:detail",
    "initiatives:edit", "initiatives:submit", "initiatives:attachment_add", "initiatives:attachment_download",
    "initiatives:attachment_remove", "initiatives:queue", "initiatives:review", "initiatives:start_review",
    "initiatives:score", "initiatives:recognise", "initiatives:return", "initiatives:reject", "initiatives:forward",
    "initiatives:councils", "initiatives:council_create", "initiatives:import", "initiatives:import_template",
    "initiatives:export",
}  # fmt: skip

PDF = b"%PDF-1.4\n" + b"0" * 50


def case(url, *, allowed, without_role=(), outside=(), method="get", data=None) -> dict:
    return {"url": url, "allowed": allowed, "without_role": list(without_role), "outside": list(outside),
            "method": method, "data": data}  # fmt: skip


class _Objects:
    """The initiatives a case needs, made on first use (each test makes only its own)."""

    def __init__(self, p: Personas):
        self.p = p

    @cached_property
    def draft(self):
        return make_initiative(self.p, by=self.p.member, title="Bản nháp của đoàn viên")

    @cached_property
    def own_file(self):
        return services.attachment_add(initiative=self.draft, upload=SimpleUploadedFile("a.pdf", PDF))

    @cached_property
    def submitted(self):
        return services.initiative_submit(initiative=make_initiative(self.p, by=self.p.member, title="Đã nộp"))

    @cached_property
    def shared_file(self):
        initiative = make_initiative(self.p, by=self.p.member, title="Có tệp")
        attachment = services.attachment_add(initiative=initiative, upload=SimpleUploadedFile("b.pdf", PDF))
        services.initiative_submit(initiative=initiative)
        return attachment

    @cached_property
    def reviewed(self):
        initiative = make_submitted(self.p, title="Sáng kiến đang xét")
        return services.initiative_start_review(initiative=initiative, council=make_council(self.p))

    @cached_property
    def recognised(self):
        return make_recognised(self.p, title="Sáng kiến đã công nhận")


def _cases(p: Personas, name: str) -> list[dict]:
    o = _Objects(p)

    def url(name, *args):
        return reverse(f"initiatives:{name}", args=args)

    reviewers = {"without_role": [p.group_leader, p.member], "outside": [p.outsider]}
    managers = {"without_role": [p.group_leader, p.member]}
    authors = {"allowed": p.member, "outside": [p.chair, p.outsider]}
    cases = {
        "initiatives:list": lambda: [
            case(url("list") + f"?unit={p.grassroots.pk}", allowed=p.council, outside=[p.outsider, p.group_leader])],
        "initiatives:mine": lambda: [case(url("mine"), allowed=p.member)],
        "initiatives:create": lambda: [case(url("create"), allowed=p.member)],
        "initiatives:similar_panel": lambda: [
            case(url("similar_panel"), method="post", data={"title": "Cải tiến"}, allowed=p.member)],
        "initiatives:detail": lambda: [
            case(url("detail", o.draft.pk), allowed=p.member, outside=[p.outsider, p.group_leader, p.council]),
            case(url("detail", o.submitted.pk), allowed=p.group_leader, outside=[p.outsider])],
        "initiatives:edit": lambda: [
            case(url("edit", o.draft.pk), **authors),
            case(url("edit", o.submitted.pk), allowed=None, without_role=[p.member, p.chair], outside=[p.outsider])],
        "initiatives:submit": lambda: [case(url("submit", o.draft.pk), method="post", **authors)],
        "initiatives:attachment_add": lambda: [case(url("attachment_add", o.draft.pk), **authors)],
        "initiatives:attachment_download": lambda: [
            case(url("attachment_download", o.shared_file.pk), allowed=p.group_leader, outside=[p.outsider])],
        "initiatives:attachment_remove": lambda: [
            case(url("attachment_remove", o.own_file.pk), method="post", **authors)],
        "initiatives:queue": lambda: [case(url("queue"), allowed=p.council, **managers)],
        "initiatives:review": lambda: [case(url("review", o.submitted.pk), allowed=p.council, **reviewers)],
        "initiatives:start_review": lambda: [case(url("start_review", o.submitted.pk), allowed=p.chair, **reviewers)],
        "initiatives:score": lambda: [case(url("score", o.reviewed.pk), allowed=p.council, **reviewers)],
        "initiatives:recognise": lambda: [case(url("recognise", o.reviewed.pk), allowed=p.chair, **reviewers)],
        "initiatives:return": lambda: [case(url("return", o.reviewed.pk), allowed=p.council, **reviewers)],
        "initiatives:reject": lambda: [case(url("reject", o.reviewed.pk), allowed=p.officer, **reviewers)],
        "initiatives:forward": lambda: [case(url("forward", o.recognised.pk), allowed=p.chair, **reviewers)],
        "initiatives:councils": lambda: [case(url("councils"), allowed=p.council, **managers)],
        "initiatives:council_create": lambda: [case(url("council_create"), allowed=p.chair, **managers)],
        "initiatives:import": lambda: [case(url("import"), allowed=p.chair, **managers)],
        "initiatives:import_template": lambda: [case(url("import_template"), allowed=p.officer, **managers)],
        "initiatives:export": lambda: [
            case(url("export") + f"?unit={p.group.pk}", allowed=p.group_leader, outside=[p.outsider])],
    }  # fmt: skip
    return cases[name]()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("name", sorted(COVERED))
def test_it_scopes_the_page(client, personas, media, name):
    for c in _cases(personas, name):
        assert_scope_contract(client, url=c["url"], method=c["method"], data=c["data"], allowed=c["allowed"],
                              in_scope_without_role=c["without_role"], out_of_scope=c["outside"])  # fmt: skip


def test_every_page_of_the_app_is_covered():
    from thidua.initiatives.urls import urlpatterns

    assert {f"initiatives:{p.name}" for p in urlpatterns} == COVERED
