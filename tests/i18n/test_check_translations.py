"""bin/check-translations' rules, on small catalogs written here."""

import shutil
import subprocess
from pathlib import Path

import pytest

from partnerconnect.translation_check import (
    ROOT,
    catalog_path,
    check,
    mo_problems,
    new_messages,
    po_problems,
)

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext")

HEADER = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

"""
COMPLETE = (
    HEADER
    + """msgid "Skip to main content"
msgstr "Saltar al contenido principal"

msgctxt "language switcher"
msgid "Change"
msgstr "Cambiar"

msgid "%(count)s partner"
msgid_plural "%(count)s partners"
msgstr[0] "%(count)s socio"
msgstr[1] "%(count)s socios"

#~ msgid "Gone"
#~ msgstr ""
"""
)


def write(directory: Path, text: str, locale: str = "es") -> Path:
    path = catalog_path(directory, locale)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def compile_mo(po: Path) -> None:
    subprocess.run(["msgfmt", "-o", str(po.with_suffix(".mo")), str(po)], check=True)


def test_a_complete_catalog_has_no_problem(tmp_path):
    po = write(tmp_path, COMPLETE)
    compile_mo(po)
    assert po_problems(po) == []
    assert mo_problems(po) == []


def test_an_empty_entry_is_a_problem(tmp_path):
    po = write(tmp_path, COMPLETE + '\nmsgid "Sign out"\nmsgstr ""\n')
    (problem,) = po_problems(po)
    assert "untranslated" in problem and '"Sign out"' in problem


def test_a_fuzzy_entry_is_a_problem(tmp_path):
    po = write(tmp_path, COMPLETE + '\n#, fuzzy\nmsgid "Sign in"\nmsgstr "Iniciar"\n')
    (problem,) = po_problems(po)
    assert "fuzzy" in problem and '"Sign in"' in problem


def test_a_fuzzy_header_is_a_problem(tmp_path):
    po = write(tmp_path, "#, fuzzy\n" + COMPLETE)
    assert any("header is marked fuzzy" in problem for problem in po_problems(po))


def test_a_missing_plural_form_is_a_problem(tmp_path):
    po = write(tmp_path, COMPLETE.replace('msgstr[1] "%(count)s socios"', 'msgstr[1] ""'))
    (problem,) = po_problems(po)
    assert "untranslated plural" in problem


def test_a_broken_placeholder_is_a_problem(tmp_path):
    text = COMPLETE + '\n#, python-format\nmsgid "Hello %(name)s"\nmsgstr "Hola %(nombre)s"\n'
    po = write(tmp_path, text)
    assert any("msgfmt --check-format" in problem for problem in po_problems(po))


def test_a_missing_catalog_is_a_problem(tmp_path):
    (problem,) = po_problems(catalog_path(tmp_path, "so"))
    assert "missing" in problem


def test_a_missing_compiled_catalog_is_a_problem(tmp_path):
    po = write(tmp_path, COMPLETE)
    (problem,) = mo_problems(po)
    assert "django.mo: missing" in problem


def test_a_compiled_catalog_older_than_its_source_is_a_problem(tmp_path):
    po = write(tmp_path, COMPLETE)
    compile_mo(po)
    write(tmp_path, COMPLETE.replace("Saltar al contenido principal", "Ir al contenido"))
    (problem,) = mo_problems(po)
    assert "older than django.po" in problem


def test_a_message_the_catalog_lacks_is_found_by_makemessages(tmp_path):
    write(tmp_path, COMPLETE)
    added = new_messages(ROOT, tmp_path, ["es"])["es"]
    assert (None, "Language") in added  # templates/includes/language_switcher.html
    assert (None, "Skip to main content") not in added  # already in the catalog
    assert ("language switcher", "Change") not in added
    assert (None, "Choose at least one role.") in added  # partners/services.py


def test_every_shipped_language_is_checked(tmp_path):
    for locale in ("es", "vi", "zh_Hans", "ru"):
        po = write(tmp_path, COMPLETE, locale)
        compile_mo(po)
    problems = check(ROOT, tmp_path, sources=False)
    assert problems == [
        f"{catalog_path(tmp_path, 'so')}: missing (run makemessages, then translate it)"
    ]
