"""bin/check-translations: every language the site ships has a complete, current catalog.

For each language of LANGUAGES but LANGUAGE_CODE (English, the source text), in LOCALE_PATHS:
- locale/<locale>/LC_MESSAGES/django.po exists, has no empty and no fuzzy entry (nor a fuzzy
  header), and msgfmt accepts its format strings;
- django.mo exists and holds exactly the .po's translations (compilemessages was run after
  the last edit);
- makemessages, run on a copy of the project, adds no message the .po does not have yet.

Exits 1 with one line per problem, 0 when all is well.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = "django"
# What makemessages reads: the project's code and templates, not what is installed, built
# or generated (README "How to add a language" runs it with the same options).
MAKEMESSAGES_IGNORE = ("node_modules", "staticfiles", "var", "tests", "benchmarks", "docs")
# The copy makemessages runs in: the sources, not the catalogs (it makes fresh ones).
COPY_IGNORE = (".git", ".venv", "node_modules", "var", "staticfiles", "__pycache__", ".*_cache")
COPY_LOCALE_DIR = "locale"  # LOCALE_PATHS of the copy (BASE_DIR / "locale")

Key = tuple[str | None, str]  # (msgctxt, msgid)


def shipped_locales() -> list[str]:
    """The locale names (es, zh_Hans, ...) of every language but the source language."""
    from django.conf import settings
    from django.utils.translation import to_locale

    return [to_locale(code) for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def catalog_path(locale_dir: Path, locale: str, suffix: str = ".po") -> Path:
    path = locale_dir / locale / "LC_MESSAGES" / f"{DOMAIN}{suffix}"
    return path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path


def _key(entry) -> Key:
    return (entry.msgctxt or None, entry.msgid)


def _translations(entries: Iterable) -> dict[Key, tuple[str, ...]]:
    """What a catalog translates: (msgctxt, msgid) to its msgstr, or its plural forms."""
    found = {}
    for entry in entries:
        if not entry.msgid or getattr(entry, "obsolete", False) or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            forms = tuple(text for _index, text in sorted(entry.msgstr_plural.items()))
        else:
            forms = (entry.msgstr,)
        if all(forms):
            found[_key(entry)] = forms
    return found


def _describe(entry) -> str:
    where = f"line {entry.linenum}: " if getattr(entry, "linenum", None) else ""
    context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
    return f'{where}{context}"{entry.msgid[:60]}"'


def po_problems(po_path: Path) -> list[str]:
    """Empty and fuzzy entries of one .po file, a fuzzy header, and msgfmt's objections."""
    if not po_path.exists():
        return [f"{po_path}: missing (run makemessages, then translate it)"]
    po = polib.pofile(str(po_path))
    problems = []
    if po.metadata_is_fuzzy:
        problems.append(f"{po_path}: the header is marked fuzzy (fill it in, drop the flag)")
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"{po_path}: fuzzy: {_describe(entry)}")
        elif entry.msgid_plural:
            if not entry.msgstr_plural or not all(entry.msgstr_plural.values()):
                problems.append(f"{po_path}: untranslated plural: {_describe(entry)}")
        elif not entry.msgstr:
            problems.append(f"{po_path}: untranslated: {_describe(entry)}")
    checked = subprocess.run(
        ["msgfmt", "--check-format", "-o", os.devnull, str(po_path)],
        capture_output=True,
        text=True,
    )
    if checked.returncode != 0:
        problems.append(f"{po_path}: msgfmt --check-format: {checked.stderr.strip()}")
    return problems


def mo_problems(po_path: Path) -> list[str]:
    """The compiled catalog beside the .po: present, and holding exactly its translations."""
    mo_path = po_path.with_suffix(".mo")
    if not po_path.exists():
        return []
    if not mo_path.exists():
        return [f"{mo_path}: missing (run compilemessages)"]
    try:
        compiled = _translations(polib.mofile(str(mo_path)))
    except (OSError, ValueError) as error:
        return [f"{mo_path}: unreadable ({error}); run compilemessages"]
    if compiled != _translations(polib.pofile(str(po_path))):
        return [f"{mo_path}: older than {po_path.name} (run compilemessages)"]
    return []


def msgids(po_path: Path) -> set[Key]:
    if not po_path.exists():
        return set()
    return {
        _key(entry) for entry in polib.pofile(str(po_path)) if entry.msgid and not entry.obsolete
    }


def makemessages_command(locales: Iterable[str]) -> list[str]:
    """The makemessages run that makes the catalogs (README "How to add a language")."""
    command = [sys.executable, "manage.py", "makemessages", "--no-obsolete"]
    command += [f"--locale={locale}" for locale in locales]
    command += [f"--ignore={pattern}" for pattern in MAKEMESSAGES_IGNORE]
    return command


def new_messages(root: Path, locale_dir: Path, locales: list[str]) -> dict[str, set[Key]]:
    """The messages makemessages would add to each language's catalog in `locale_dir`: it
    makes fresh catalogs from a copy of the project at `root`, compared with these."""
    with tempfile.TemporaryDirectory(prefix="check-translations-") as temp:
        copy = Path(temp) / "project"
        shutil.copytree(root, copy, ignore=shutil.ignore_patterns(*COPY_IGNORE, COPY_LOCALE_DIR))
        copied_locale_dir = copy / COPY_LOCALE_DIR
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        env.setdefault("DJANGO_SETTINGS_MODULE", "partnerconnect.settings.test")
        made = subprocess.run(
            makemessages_command(locales), cwd=copy, env=env, capture_output=True, text=True
        )
        if made.returncode != 0:
            raise RuntimeError(f"makemessages failed:\n{made.stdout}{made.stderr}")
        return {
            locale: msgids(catalog_path(copied_locale_dir, locale))
            - msgids(catalog_path(locale_dir, locale))
            for locale in locales
        }


def check(root: Path = ROOT, locale_dir: Path | None = None, *, sources: bool = True) -> list[str]:
    """Every problem of the shipped catalogs, one line each (`sources`: also run
    makemessages to find messages missing from them)."""
    from django.conf import settings

    locale_dir = locale_dir or Path(settings.LOCALE_PATHS[0])
    locales = shipped_locales()
    problems = []
    for locale in locales:
        po_path = catalog_path(locale_dir, locale)
        problems += po_problems(po_path)
        problems += mo_problems(po_path)
    if sources and all(catalog_path(locale_dir, locale).exists() for locale in locales):
        for locale, keys in new_messages(root, locale_dir, locales).items():
            for context, msgid in sorted(keys, key=lambda key: (key[1], key[0] or "")):
                label = f"[{context}] " if context else ""
                problems.append(
                    f"{catalog_path(locale_dir, locale)}: not in the catalog yet (run "
                    f'makemessages): {label}"{msgid[:60]}"'
                )
    return problems


def main() -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerconnect.settings.test")
    django.setup()
    if shutil.which("msgfmt") is None:
        print("check-translations: GNU gettext is missing (apt-get install gettext)")
        return 1
    problems = check()
    for problem in problems:
        print(problem)
    if problems:
        print(f"check-translations: {len(problems)} problem(s) in the shipped catalogs")
        return 1
    print(f"check-translations: {', '.join(shipped_locales())} complete and compiled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
