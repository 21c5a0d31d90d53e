"""finpro/ is the ground every app stands on: configuration and a small kernel. It gathers
nothing from the apps (portal/ does), so no module of the kernel imports an app."""

import ast
from pathlib import Path

from django.conf import settings

KERNEL = Path(settings.BASE_DIR) / "finpro"
# Configuration modules wire the apps together by design: the URLconf mounts every app's
# routes, and settings name them.
CONFIGURATION = {"urls.py", "settings.py", "test_settings.py"}


def _our_apps() -> set[str]:
    return {app.split(".")[0] for app in settings.INSTALLED_APPS
            if (Path(settings.BASE_DIR) / app.split(".")[0]).is_dir()} - {"finpro"}


def _imported_packages(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_the_kernel_imports_no_app():
    apps = _our_apps()
    assert {"portal", "accounts", "crd"} <= apps
    offenders = {
        str(path.relative_to(KERNEL)): sorted(_imported_packages(path) & apps)
        for path in KERNEL.rglob("*.py")
        if path.name not in CONFIGURATION and "migrations" not in path.parts
    }
    assert {name: found for name, found in offenders.items() if found} == {}
