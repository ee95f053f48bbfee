"""The shape of the code (issue 15): a module that grew past ~400 lines became a package whose __init__.py re-exports
every name of its modules, so callers keep writing `rules.x`, `masking.Masker` or `from portal.caf.models import X`."""

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.pure

PORTAL = Path(__file__).resolve().parents[2] / "portal"
# Packages that re-export their modules' names: every service's rules/ and models/, the site's masking/.
SPLIT = sorted({path.parent for pattern in ("*/rules/__init__.py", "*/models/__init__.py", "site/masking/__init__.py")
                for path in PORTAL.glob(pattern)})


def dotted(folder: Path) -> str:
    return ".".join(folder.relative_to(PORTAL.parent).parts)


def defined_names(path: Path) -> list[str]:
    """The public names a module defines at its top level (functions, classes, constants), not those it imports."""
    names = []
    for node in ast.parse(path.read_text("utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names += [target.id for target in targets if isinstance(target, ast.Name)]
    return [name for name in names if not name.startswith("_")]


def test_the_split_packages_are_found():
    found = {dotted(folder) for folder in SPLIT}
    assert {"portal.caf.rules", "portal.caf.models", "portal.wallet.rules", "portal.wallet.models",
            "portal.site.masking"} <= found


@pytest.mark.parametrize("folder", SPLIT, ids=dotted)
def test_every_public_name_of_a_package_module_is_the_package_s_own(folder):
    package = importlib.import_module(dotted(folder))
    for module in pkgutil.iter_modules([str(folder)]):
        if module.name.startswith("_"):
            continue
        part = importlib.import_module(f"{dotted(folder)}.{module.name}")
        for name in defined_names(folder / f"{module.name}.py"):
            assert getattr(package, name, None) is getattr(part, name), f"{dotted(folder)}.{name} ({module.name})"
            if hasattr(package, "__all__"):
                assert name in package.__all__, f"{name} missing from {dotted(folder)}.__all__"


def test_no_module_of_the_portal_or_its_tools_is_over_400_lines():
    """Past ~400 lines a module becomes a package of modules along its sections, with re-exports (tests may be
    longer: a test file follows the rules it proves)."""
    sources = [*PORTAL.rglob("*.py"), *(PORTAL.parent / "tools").rglob("*.py"), *(PORTAL.parent / "bench").rglob("*.py")]
    too_long = {str(path.relative_to(PORTAL.parent)): lines for path in sources
                if (lines := len(path.read_text("utf-8").splitlines())) > 400}
    assert too_long == {}
