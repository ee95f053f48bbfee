"""The wallet's use cases live in one module per part of the service; callers keep writing `services.<name>`."""

import ast
import pkgutil
from pathlib import Path

import pytest

from portal.wallet import services

pytestmark = pytest.mark.pure

INTERNAL = {"taken", "save_row", "mark_duty_done"}  # shared by the modules, not by callers


def test_every_public_name_of_a_services_module_is_reachable_as_services_name():
    folder = Path(services.__file__).parent
    for module in pkgutil.iter_modules([str(folder)]):
        tree = ast.parse((folder / f"{module.name}.py").read_text())
        for node in tree.body:
            names = [node.name] if isinstance(node, ast.FunctionDef | ast.ClassDef) else [
                target.id for target in getattr(node, "targets", []) if isinstance(target, ast.Name)]
            for name in names:
                if not name.startswith("_") and name not in INTERNAL:
                    assert getattr(services, name, None) is getattr(
                        __import__(f"portal.wallet.services.{module.name}", fromlist=[name]), name), (module.name, name)
                    assert name in services.__all__, name


def test_no_services_module_is_over_400_lines():
    folder = Path(services.__file__).parent
    for path in folder.glob("*.py"):
        assert len(path.read_text().splitlines()) <= 400, path.name
