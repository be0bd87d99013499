import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from thidua.rules.choices import Classification
from thidua.rules.models import RuleEntry, RulePack
from thidua.rules.selectors import RuleMissing, base_salary, pack_in_force, param, scale, title, titles
from thidua.rules.services import entry_update, pack_clone, read_pack_file, shipped_packs_sync

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_default_pack_is_loaded_after_migrating():
    pack = RulePack.objects.get(code="vn-luat-06-2022")
    assert pack.shipped
    assert pack.owner is None
    assert pack.entries.filter(kind="title").count() >= 20


def test_loading_the_shipped_packs_again_changes_nothing():
    before = RuleEntry.history.count()
    shipped_packs_sync()
    assert RuleEntry.history.count() == before


def test_every_shipped_value_has_a_citation():
    assert not RuleEntry.objects.filter(citation="").exists()


def test_unverified_values_of_the_domain_are_flagged():
    pack = pack_in_force(on=D(2026, 1, 1))
    assert param(pack, "evaluation.htxs_quota_ratio_outstanding_unit").unverified
    assert RuleEntry.objects.get(pack=pack, key="title.tt_ldtt").unverified  # ≥70% LĐTT (old law: >50%)
    assert not param(pack, "evaluation.htxs_quota_ratio").unverified


def test_a_scale_is_in_force_only_from_its_own_date():
    pack = pack_in_force(on=D(2025, 3, 1))
    with pytest.raises(RuleMissing, match="01/03/2025"):
        scale(pack, "civil_servant", on=D(2025, 3, 1))
    civil, raw = scale(pack, "civil_servant", on=D(2026, 3, 1))
    assert raw.citation == "Nghị định 335/2025/NĐ-CP"
    assert civil.classify(90) == Classification.HTXS
    assert civil.classify(89.99) == Classification.HTT
    assert civil.classify(70) == Classification.HTT
    assert civil.classify(50) == Classification.HT
    assert civil.classify(49.5) == Classification.KHT


def test_the_base_salary_follows_its_dates():
    assert base_salary(on=D(2024, 6, 30)).value == 1_800_000
    assert base_salary(on=D(2024, 7, 1)).value == 2_340_000
    assert base_salary(on=D(2024, 7, 1)).citation == "Nghị định 73/2024/NĐ-CP"


def test_titles_carry_their_conditions_and_article():
    pack = pack_in_force(on=D(2025, 12, 1))
    cstdcs = title(pack, "cstdcs")
    assert cstdcs.citation.endswith("Điều 23")
    assert cstdcs.conditions[0] == {"type": "holds_title", "title": "ldtt"}
    assert {t.code for t in titles(pack, subject="collective")} >= {"tt_ldtt", "tt_ldxs", "co_province"}
    assert all(t.subject == "individual" for t in titles(pack, subject="individual"))
    assert param(pack, "vote.cstd_province").value["threshold"] == 0.9


def test_the_old_law_applies_until_the_new_one_took_effect():
    assert pack_in_force(on=D(2023, 12, 31)).code == "vn-luat-2003"
    assert pack_in_force(on=D(2024, 1, 1)).code == "vn-luat-06-2022"
    old = pack_in_force(on=D(2023, 6, 1))
    assert title(old, "tt_ldtt").conditions[1]["min_share"] == 0.5  # the old law: more than half LĐTT
    assert param(old, "awards.cstdcs_quota_of_ldtt").value == 0.15
    with pytest.raises(RuleMissing, match="31/12/2017"):
        pack_in_force(on=D(2017, 12, 31))


def test_an_organisation_pack_wins_in_its_subtree_only(personas):
    national = pack_in_force(on=D(2026, 1, 1))
    own = pack_clone(pack=national, owner=personas.grassroots, code="tttt-2026", name="Quy tắc riêng",
                     effective_from=D(2026, 1, 1))  # fmt: skip
    assert pack_in_force(on=D(2026, 5, 1), unit=personas.group) == own
    assert pack_in_force(on=D(2026, 5, 1), unit=personas.other_grassroots) == national
    assert pack_in_force(on=D(2025, 12, 31), unit=personas.group) == national  # before the clone took effect
    assert own.entries.count() == national.entries.count() - 1  # the 2024 base salary ended before 2026


def test_a_clone_is_editable_and_keeps_history(personas):
    national = pack_in_force(on=D(2026, 1, 1))
    own = pack_clone(pack=national, owner=personas.grassroots, code="tttt", name="Riêng", effective_from=D(2026, 1, 1))
    entry = own.entries.get(key="evaluation.htxs_quota_ratio")
    entry_update(entry=entry, value=0.15, citation="Nghị quyết BCH CĐCS số 05/NQ-CĐ", unverified=False)
    assert param(own, "evaluation.htxs_quota_ratio").value == 0.15
    assert param(national, "evaluation.htxs_quota_ratio").value == 0.2
    assert [h.value for h in entry.history.order_by("history_date")] == [0.2, 0.15]


def test_shipped_packs_are_read_only():
    entry = RuleEntry.objects.get(pack__code="vn-luat-06-2022", key="evaluation.htxs_quota_ratio")
    with pytest.raises(ValidationError, match="chỉ đọc"):
        entry_update(entry=entry, value=0.5, citation="x", unverified=False)


def test_an_edit_must_fit_the_shape_of_its_kind(personas):
    own = pack_clone(pack=pack_in_force(on=D(2026, 1, 1)), owner=personas.grassroots, code="x", name="x")
    entry = own.entries.get(key="scale.union_member")
    bad = dict(entry.value, levels=[{"code": "HTXS", "min_points": 50}, {"code": "HTT", "min_points": 70},
                                    {"code": "HT", "min_points": 30}, {"code": "KHT", "min_points": 0}])  # fmt: skip
    with pytest.raises(ValidationError) as error:
        entry_update(entry=entry, value=bad, citation="x", unverified=True)
    assert "strictly decrease" in str(error.value.message_dict["value"])
    with pytest.raises(ValidationError) as error:
        entry_update(entry=entry, value=entry.value, citation=" ", unverified=True)
    assert "citation" in error.value.message_dict


def test_a_broken_pack_file_is_refused_naming_the_entry(tmp_path: Path):
    (tmp_path / "bad.toml").write_text(
        '[pack]\ncode="bad"\nname="x"\ncitation="x"\neffective_from=2024-01-01\n\n'
        '[[entry]]\nkind="title"\nkey="title.x"\nname="X"\ncitation="x"\n'
        'value={ code="x", subject="individual", level="grassroots", conferred_by="x", '
        'conditions=[{ type="unknown_rule" }] }\n',
        encoding="utf-8",
    )
    with pytest.raises(ImproperlyConfigured, match=r"entry 1 \(title.x\).*unknown_rule"):
        read_pack_file(tmp_path / "bad.toml")
