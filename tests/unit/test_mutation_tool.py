"""tools/mutation.py (`make mutation`) on a service whose rules are a package (portal/<svc>/rules/) and on one
whose rules are one rules.py: what it mutates, and how it finds a mutant's function to tell message-only ones."""

import importlib.util
import tomllib
from pathlib import Path

import pytest

pytestmark = pytest.mark.pure

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("mutation_tool", ROOT / "tools" / "mutation.py")
mutation = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mutation)


def narrowed(module: str) -> dict:
    return tomllib.loads(mutation.module_pyproject(module, unit_only=True))["tool"]["mutmut"]


def test_a_rules_package_is_mutated_whole_and_one_rules_py_alone():
    assert {"caf", "wallet", "courses", "tutoring"} <= set(mutation.modules())
    assert mutation.is_package("caf") and mutation.rules_label("caf") == "portal/caf/rules/"
    assert narrowed("caf")["only_mutate"] == ["portal/caf/rules/*.py"]
    assert narrowed("caf")["pytest_add_cli_args_test_selection"] == ["tests/unit/test_caf_rules.py"]
    assert [path.name for path in mutation.rules_files(ROOT, "caf")] == [
        "__init__.py", "calculation.py", "monthly_file.py", "offices.py", "outcomes.py"]
    assert not mutation.is_package("discounts") and mutation.rules_label("discounts") == "portal/discounts/rules.py"
    assert narrowed("discounts")["only_mutate"] == ["portal/discounts/rules.py"]
    # The project's own table covers both shapes.
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["mutmut"]
    assert settings["only_mutate"] == ["portal/*/rules.py", "portal/*/rules/*.py"]


MUTATED = '''
def x_limit__mutmut_orig(cents):
    if cents > 100:
        raise RuleViolation(_l("Over %(limit)s.", limit=100))
    return cents
def x_limit__mutmut_1(cents):
    if cents >= 100:
        raise RuleViolation(_l("Over %(limit)s.", limit=100))
    return cents
def x_limit__mutmut_2(cents):
    if cents > 100:
        raise RuleViolation(_l("XXOver %(limit)s.XX", limit=100))
    return cents
'''


@pytest.mark.parametrize("package", [True, False])
def test_a_mutant_s_function_is_found_in_the_module_that_defines_it(tmp_path, package):
    folder = tmp_path / "mutants" / "portal" / "svc"
    if package:
        (folder / "rules").mkdir(parents=True)
        (folder / "rules" / "__init__.py").write_text("from portal.svc.rules.limits import limit\n")
        (folder / "rules" / "limits.py").write_text(MUTATED)
        prefix = "portal.svc.rules.limits"
    else:
        folder.mkdir(parents=True)
        (folder / "rules.py").write_text(MUTATED)
        prefix = "portal.svc.rules"
    defs = mutation.functions(tmp_path, "svc")
    assert mutation.original_of(f"{prefix}.x_limit__mutmut_1") == f"{prefix}.x_limit__mutmut_orig"
    assert not mutation.is_message_only(defs, f"{prefix}.x_limit__mutmut_1")  # `>` into `>=`: a rule
    assert mutation.is_message_only(defs, f"{prefix}.x_limit__mutmut_2")  # the wording only
    assert mutation.diff(defs, f"{prefix}.x_limit__mutmut_1").splitlines()[1:4] == [
        " def f(cents):", "-    if cents > 100:", "+    if cents >= 100:"]
