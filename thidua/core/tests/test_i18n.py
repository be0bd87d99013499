"""The English catalogue is complete and compiled, and the interface switches language on request.

Vietnamese is the source language and the default (docs/decisions/0002-vietnamese-source-strings.md); English
comes from locale/en/LC_MESSAGES/django.po, compiled to django.mo by `manage.py compilemessages -l en`.
"""

import ast
import gettext
import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from thidua.core.testing import Personas

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$')


def _entries(path: Path) -> list[dict[str, str]]:
    """Each entry of a .po file as {keyword: unescaped text}, header included, obsolete (#~) entries left out."""
    entries, entry, keyword = [], {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry:
                entries.append(entry)
            entry, keyword = {}, None
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[keyword] += ast.literal_eval(line)
        else:
            match = KEYWORD.match(line)
            assert match, f"unexpected line in {path.name}: {line!r}"
            keyword = match.group(1)
            entry[keyword] = ast.literal_eval(match.group(2))
    return entries


def test_every_english_msgstr_is_filled_in():
    entries = [e for e in _entries(CATALOGUE) if e.get("msgid")]
    assert len(entries) > 100
    empty = [e["msgid"] for e in entries if not all(v for k, v in e.items() if k.startswith("msgstr"))]
    assert not empty, f"{len(empty)} untranslated: {empty[:10]}"


def test_english_catalogue_is_compiled():
    """The committed django.mo says what django.po says (file times mean nothing after a git checkout)."""
    assert COMPILED.exists(), "run: make messages"
    with COMPILED.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        e["msgid"]
        for e in _entries(CATALOGUE)
        if e.get("msgid") and "msgstr" in e and "msgctxt" not in e and compiled.gettext(e["msgid"]) != e["msgstr"]
    ]
    assert not stale, f"django.mo is out of date (run: make messages): {stale[:5]}"


def _nav_link(label: str) -> str:
    return f'href="{reverse("members:list")}">{label}</a>'


def test_vietnamese_is_the_default(client, personas: Personas):
    client.force_login(personas.chair)
    html = client.get(reverse("members:list")).content.decode()
    assert '<html lang="vi">' in html
    assert _nav_link("Đoàn viên") in html
    assert _nav_link("Members") not in html


def test_switching_to_english(client, personas: Personas):
    client.force_login(personas.chair)
    members = reverse("members:list")
    response = client.post(reverse("set_language"), {"language": "en", "next": members})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    html = client.get(members).content.decode()
    assert '<html lang="en">' in html
    assert _nav_link("Members") in html
    assert "Log out" in html
    assert _nav_link("Đoàn viên") not in html


def test_language_cookie_selects_english(client, personas: Personas):
    client.force_login(personas.chair)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("members:list")).content.decode()
    assert _nav_link("Members") in html


def test_an_english_browser_still_gets_vietnamese_until_the_user_chooses(client, personas):
    client.force_login(personas.chair)
    page = client.get("/members/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in page
