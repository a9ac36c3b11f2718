"""nashir's Arabic catalogue ships compiled: every .po entry is in the committed .mo (a clean
clone installs no gettext tools), with Arabic's six plural forms."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "nashir" / "locale" / "ar" / "LC_MESSAGES"
ENTRY = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) (".*")$')


def read_po(path):
    """(msgid, msgid_plural or None, [msgstr forms]) for each entry of a .po file."""
    entries, current, key = [], {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if current.get("msgid"):
                forms = [current[k] for k in sorted(current) if k.startswith("msgstr")]
                entries.append((current["msgid"], current.get("msgid_plural"), forms))
            current, key = {}, None
            continue
        if line.startswith("#"):
            continue
        match = ENTRY.match(line)
        if match:
            key = match.group(1)
            current[key] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
    return entries


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_compiled_catalogue_matches_its_source(domain):
    """Edit the .po, run `make messages`, commit both: the .mo says what the .po says."""
    with open(LOCALE / f"{domain}.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    entries = read_po(LOCALE / f"{domain}.po")
    assert entries
    for msgid, plural, forms in entries:
        if plural is None:
            assert compiled.gettext(msgid) == forms[0], msgid
        else:
            for n, form in zip((0, 1, 2, 3, 11, 100), forms, strict=True):
                assert compiled.ngettext(msgid, plural, n) == form, (msgid, n)


def test_arabic_has_six_plural_forms_everywhere():
    """Every plural entry writes all six forms, and the header says so."""
    for domain in ("django", "djangojs"):
        text = (LOCALE / f"{domain}.po").read_text(encoding="utf-8")
        assert "nplurals=6;" in text
        for msgid, plural, forms in read_po(LOCALE / f"{domain}.po"):
            if plural is not None:
                assert len(forms) == 6 and all(forms), msgid


def test_nashirs_catalogue_comes_first():
    """LOCALE_PATHS is read before the apps' catalogues, so nashir's wording wins."""
    assert Path(settings.LOCALE_PATHS[0]) == LOCALE.parent.parent
