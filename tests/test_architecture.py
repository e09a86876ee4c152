"""Imports flow one way between the project's layers (README, "Architecture").

0 shared (config: errors, transactions, limits, API plumbing)
1 content (knowledge, templates_app): entries, versions, the review engine, snippets, lint
2 listeners (channels, notices): what channels receive (resolution, cache,
  webhooks, search, feedback) and what people are told (notices, e-mail)
3 interfaces: admin, APIs, management commands, Celery tasks, app wiring, URLs

A module may import its own layer or lower ones, never a higher one: the core
never reaches into an admin or an API, and content never into delivery or
notices (which listen to content's signals instead). The two listeners do not
import each other either.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYERS = {"config": 0, "knowledge": 1, "templates_app": 1, "channels": 2, "notices": 2}
INTERFACE = 3
INTERFACE_FOLDERS = {"admin", "api", "management"}
INTERFACE_FILES = {
    "admin.py", "apps.py", "asgi.py", "celery.py",
    "editor.py", "gunicorn.conf.py", "settings.py", "site.py", "tasks.py", "urls.py", "views.py",
    "wsgi.py",
}  # fmt: skip
NAMES = ["shared", "content", "listeners", "interfaces"]
# Apps of one layer that must not import each other.
SEPARATE = {"channels", "notices"}


def layer_of(path: Path) -> int:
    """The layer of a file, given as a path relative to the repository."""
    folders, name = path.parts[1:-1], path.parts[-1]
    if INTERFACE_FOLDERS & set(folders):
        return INTERFACE
    if name in INTERFACE_FILES or path == Path("config/__init__.py"):  # that one loads Celery
        return INTERFACE
    return LAYERS[path.parts[0]]


def module_file(name: str) -> Path | None:
    base = Path(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if (ROOT / candidate).exists():
            return candidate
    return None


def imports(path: Path) -> list[str]:
    """Project modules `path` imports, also inside functions (`from a import b`: the
    module a.b when there is one, else a)."""
    found = []
    for node in ast.walk(ast.parse((ROOT / path).read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.append(submodule if module_file(submodule) else node.module)
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
    return [name for name in found if name.split(".")[0] in LAYERS]


def project_files() -> list[Path]:
    return [
        path.relative_to(ROOT)
        for app in LAYERS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    ]


def test_no_module_imports_a_higher_layer():
    wrong = []
    for path in project_files():
        mine = layer_of(path)
        for name in imports(path):
            target = module_file(name)
            if target is not None and layer_of(target) > mine:
                wrong.append(f"{path} ({NAMES[mine]}) imports {name} ({NAMES[layer_of(target)]})")
    assert sorted(set(wrong)) == []


def test_delivery_and_notices_do_not_import_each_other():
    # Both only listen to content; outside the wiring neither needs the other.
    wrong = [
        f"{path} imports {name}"
        for path in project_files()
        if path.parts[0] in SEPARATE and layer_of(path) != INTERFACE
        for name in imports(path)
        if name.split(".")[0] in SEPARATE - {path.parts[0]}
    ]
    assert wrong == []


def test_the_check_sees_a_wrong_import():
    # The rule itself: were the review engine to import the delivery cache, or
    # errors to import a service, the first test would name them.
    assert layer_of(Path("knowledge/engine.py")) < layer_of(Path("channels/cache.py"))
    assert layer_of(Path("config/errors.py")) < layer_of(Path("knowledge/services/versions.py"))
    assert layer_of(Path("knowledge/admin/versions.py")) == INTERFACE
    assert layer_of(Path("channels/api/views.py")) == INTERFACE
    assert "channels.cache" in imports(Path("channels/receivers.py"))
    # Notices listen to content: the engine must not know them.
    assert layer_of(Path("knowledge/engine.py")) < layer_of(Path("notices/receivers.py"))
    assert layer_of(Path("notices/admin.py")) == INTERFACE
    assert "knowledge.signals" in imports(Path("notices/receivers.py"))
