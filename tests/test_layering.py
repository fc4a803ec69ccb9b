"""The apps stand in layers, and a module imports only from its own layer or a lower one, so
there is no cycle between apps and each can be read knowing only what is below it:

    accounts, notifications, audit, imports   (the bottom: accounts and infrastructure,
                                               with the project's infrastructure modules)
    partners
    requests_app
    expo
    compliance                                (reads the Expo's registrations)
    privacy                                   (a partner's data across the apps)
    reports
    partnerconnect                            (the project: urls, role homes, seed commands)

A few modules of the project package are infrastructure every app uses (formats, i18n,
spreadsheets...): they are in the bottom layer. Imports inside functions
count too. Templates follow the same rule for the tag libraries they load. Migrations are left
out: they name other apps' migrations to order the graph, not to use their code.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)

LAYERS = [
    {"accounts", "notifications", "audit", "imports", "partnerconnect_infrastructure"},
    {"partners"},
    {"requests_app"},
    {"expo"},
    {"compliance"},
    {"privacy"},
    {"reports"},
    {"partnerconnect"},
]
LEVEL = {app: level for level, apps in enumerate(LAYERS) for app in apps}

# The project package's modules that apps may import: none of them imports an app.
INFRASTRUCTURE = {
    "partnerconnect.cache",
    "partnerconnect.django_messages",
    "partnerconnect.formats",
    "partnerconnect.i18n",
    "partnerconnect.logging",
    "partnerconnect.middleware",
    "partnerconnect.spreadsheets",
    "partnerconnect.templatetags.formats",
    "partnerconnect.templatetags.error_summary",
}


def layer_of_module(module: str) -> str | None:
    """The layer name of a dotted module path, or None for a library."""
    if any(module == name or module.startswith(name + ".") for name in INFRASTRUCTURE):
        return "partnerconnect_infrastructure"
    top = module.split(".")[0]
    return top if top in LEVEL and top != "partnerconnect_infrastructure" else None


def imported_modules(path: Path, module: str) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module.rsplit(".", 1)[0] if path.name != "__init__.py" else module
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.append((node.lineno, name))
    return found


def app_modules():
    for app in sorted(set(LEVEL) - {"partnerconnect_infrastructure"}):
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts:
                continue
            module = ".".join(relative.with_suffix("").parts)
            yield path, module.removesuffix(".__init__")


def violations() -> set[str]:
    found = set()
    for path, module in app_modules():
        own = layer_of_module(module)
        for _line, imported in imported_modules(path, module):
            other = layer_of_module(imported)
            if own and other and LEVEL[other] > LEVEL[own]:
                found.add(f"{path.relative_to(ROOT)} imports {imported}")
    return found


def test_no_module_imports_a_higher_layer():
    assert violations() == set()


def test_the_layers_name_every_app_of_the_project():
    apps = {
        config.name.split(".")[0]
        for config in __import__("django.apps").apps.apps.get_app_configs()
        if (ROOT / config.name.split(".")[0]).is_dir()
    }
    assert apps <= set(LEVEL), apps - set(LEVEL)


TAG_LIBRARIES = {
    path.stem: layer_of_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
    for path in ROOT.glob("*/templatetags/*.py")
    if path.stem != "__init__"
}


def test_templates_load_no_tag_library_of_a_higher_app():
    found = set()
    for template in sorted((ROOT / "templates").rglob("*.html")):
        folder = template.relative_to(ROOT / "templates").parts[0]
        if folder not in LEVEL:
            continue  # base templates, includes, emails, allauth's: the project's own
        for name in " ".join(
            tag.split("%}")[0] for tag in template.read_text().split("{% load ")[1:]
        ).split():
            app = TAG_LIBRARIES.get(name)
            if app in LEVEL and LEVEL[app] > LEVEL[folder]:
                found.add(f"{template.relative_to(ROOT)} loads {name} ({app})")
    assert found == set()


@pytest.mark.parametrize(
    "line, expected",
    [
        ("from compliance.rules import x", "compliance"),
        ("from partnerconnect.formats import format_money", "partnerconnect_infrastructure"),
        ("from partnerconnect.urls import urlpatterns", "partnerconnect"),
        ("from django.db import models", None),
    ],
)
def test_layer_of_an_import(line, expected):
    [(_, module)] = imported_modules_of_source(line)
    assert layer_of_module(module) == expected


def imported_modules_of_source(source: str) -> list[tuple[int, str]]:
    tree = ast.parse(source)
    return [
        (node.lineno, node.module or "")
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    ]
