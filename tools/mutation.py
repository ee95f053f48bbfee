"""`make mutation`: mutation testing of every service's rules with mutmut (docs/testing.md).

A service's rules are either one module, portal/<module>/rules.py, or a package, portal/<module>/rules/ (every .py in
it is mutated; the package's __init__.py re-exports the names, and a test calling `rules.f` runs the mutated `f`
through mutmut's trampoline in the module that defines it). Below, "rules.py" means either.

Usage: tools/mutation.py [MODULE ...] [--mutants GLOB ...] [--report]
  no MODULE: every portal/*/rules.py or portal/*/rules/ that has tests/unit/test_<module>_rules.py;
  --mutants: only the mutants whose name matches (e.g. 'x_to_cents*'), to re-check survivors after adding a test;
  --report: print the results of the last run again (or of the run still going), without running anything;
  --unit: the unit tests alone (minutes instead of an hour): a lower bound of the score, as a mutant the unit tests
  kill is killed by unit + service tests too.

Each module runs in its own folder, build/mutation/<module>/, from scratch, in two stages: unit/ runs every mutant
against tests/unit/test_<module>_rules.py, then service/ runs the survivors against those and tests/<module>/ (the
service's request-level tests). Each stage's folder holds a copy of portal/ (so that editing the code while a run
goes on changes neither the run nor its report), links to the other sources, and a pyproject.toml whose
[tool.mutmut] is the project's with `only_mutate` set to the module's rules.py (or every .py of its rules/ package)
and the tests narrowed as said.
mutmut runs one child process (the machine is shared).

Then it prints, per module, every mutant's count by status, the score (killed / mutants that change a rule) and the
diff of each survivor. A mutant is *message-only*, and not counted, when the function it changes is the same as the
original once these are blanked out in both (`normalise` below):
  - every call of a translation function (`_l`, `_`, `gettext`, `lazy_gettext`, `ngettext`, ...), with its arguments:
    the wording of a message or a label, and the values put into it;
  - the first argument of an exception raised with `raise X(...)`: the message of a refusal or of an error.
A mutant that replaces a translation call by None (the message dropped) is message-only too. Anything else (a
RuleViolation's `field`, a dictionary key, a state, a number, a comparison) is a rule and counts.
The exit status is 1 when a module is below the bar (90 % of its counted mutants killed).
"""

from __future__ import annotations

import ast
import difflib
import fnmatch
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BAR = 90.0
LINKED = ("tests", "templates", "static", "translations", "migrations", "app.py")  # portal/ is copied
TRANSLATION_CALLS = {"_", "_l", "gettext", "lazy_gettext", "ngettext", "lazy_ngettext", "pgettext", "lazy_pgettext"}
KILLED = {"killed", "timeout", "caught by type check"}


def is_package(module: str, base: Path = ROOT) -> bool:
    """True when the module's rules are a package (portal/<module>/rules/), False for one rules.py."""
    return not (base / "portal" / module / "rules.py").exists() and (
        base / "portal" / module / "rules" / "__init__.py").exists()


def rules_label(module: str) -> str:
    return f"portal/{module}/rules/" if is_package(module) else f"portal/{module}/rules.py"


def rules_files(base: Path, module: str) -> list[Path]:
    """The module's rules.py, or every .py of its rules/ package, under `base` (the project or a mutants/ folder)."""
    if is_package(module, base):
        return sorted((base / "portal" / module / "rules").glob("*.py"))
    return [base / "portal" / module / "rules.py"]


def modules() -> list[str]:
    return sorted(path.name for path in (ROOT / "portal").iterdir()
                  if ((path / "rules.py").exists() or (path / "rules" / "__init__.py").exists())
                  and (ROOT / "tests" / "unit" / f"test_{path.name}_rules.py").exists())


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")


def module_pyproject(module: str, unit_only: bool = False) -> str:
    """The project's pyproject.toml with its [tool.mutmut] table narrowed to one module."""
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    settings = tomllib.loads(text)["tool"]["mutmut"]
    settings["only_mutate"] = [f"portal/{module}/rules/*.py" if is_package(module) else f"portal/{module}/rules.py"]
    # tests/unit/test_<module>_rules.py and any tests/unit/test_<module>_<part>_rules.py (childcare's nursery)
    unit = [f"tests/unit/test_{module}_rules.py"] + sorted(
        str(path.relative_to(ROOT)) for path in (ROOT / "tests" / "unit").glob(f"test_{module}_*_rules.py"))
    settings["pytest_add_cli_args_test_selection"] = unit + (
        [] if unit_only else [f"tests/{module}/"])
    table = "[tool.mutmut]\n" + "".join(f"{key} = {toml_value(value)}\n" for key, value in settings.items())
    # Drop the project's table (up to the next table) and put the narrowed one at the end.
    text = re.sub(r"(?ms)^\[tool\.mutmut\]\n.*?(?=^\[)", "", text)
    return text + "\n" + table


def workdir(module: str, stage: str) -> Path:
    return ROOT / "build" / "mutation" / module / stage


def prepare(module: str, stage: str) -> Path:
    work = workdir(module, stage)
    shutil.rmtree(work, ignore_errors=True)  # from scratch: no result of an older version of the code or tests
    work.mkdir(parents=True)
    shutil.copytree(ROOT / "portal", work / "portal", ignore=shutil.ignore_patterns("__pycache__"))
    for name in LINKED:
        (work / name).symlink_to(ROOT / name)
    (work / "pyproject.toml").write_text(module_pyproject(module, stage == "unit"), "utf-8")
    return work


def mutmut(work: Path, *args: str, capture: bool = False) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).parent / "mutmut"), *args]
    env = {**os.environ, "TEST_DATABASE_URL": "sqlite"}
    return subprocess.run(command, cwd=work, env=env, text=True, capture_output=capture)


# ---------------------------------------------------------------------------------------------------------------
# Which mutants only change a message


class Blank(ast.NodeTransformer):
    def visit_Call(self, node: ast.Call):
        if isinstance(node.func, ast.Name) and node.func.id in TRANSLATION_CALLS:
            return ast.Name("MESSAGE", ast.Load())
        return self.generic_visit(node)

    def visit_Raise(self, node: ast.Raise):
        if isinstance(node.exc, ast.Call) and node.exc.args:
            node.exc.args[0] = ast.Name("MESSAGE", ast.Load())
        return self.generic_visit(node)


def normalise(function: ast.FunctionDef) -> str:
    copy = ast.parse(ast.unparse(function)).body[0]
    copy.name = "f"
    return ast.dump(Blank().visit(copy))


def functions(work: Path, module: str) -> dict[str, ast.FunctionDef]:
    """Every function of the module's mutated rules, by its dotted name as mutmut names the mutants
    (portal.caf.rules.calculation.x_to_cents__mutmut_3; portal.caf.rules.x_to_cents__mutmut_3 for one rules.py)."""
    mutants = work / "mutants"
    defs = {}
    for path in rules_files(mutants, module):
        dotted = ".".join(path.relative_to(mutants).with_suffix("").parts).removesuffix(".__init__")
        defs.update({f"{dotted}.{node.name}": node for node in ast.walk(ast.parse(path.read_text("utf-8")))
                     if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))})
    return defs


def original_of(mutant: str) -> str:
    """...x_to_cents__mutmut_3 -> ...x_to_cents__mutmut_orig (the original function inside the mutated file)."""
    return mutant.rsplit("__mutmut_", 1)[0] + "__mutmut_orig"


def short(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def diff(defs: dict[str, ast.FunctionDef], mutant: str) -> str:
    original = ast.unparse(defs[original_of(mutant)]).replace(short(original_of(mutant)), "f").splitlines()
    changed = ast.unparse(defs[mutant]).replace(short(mutant), "f").splitlines()
    return "\n".join(line for line in difflib.unified_diff(original, changed, lineterm="", n=1)
                     if not line.startswith(("---", "+++")))


class DropMessage(ast.NodeTransformer):
    """The function with its `index`-th translation call replaced by None (a message dropped)."""

    def __init__(self, index: int):
        self.index, self.seen = index, 0

    def visit_Call(self, node: ast.Call):
        if isinstance(node.func, ast.Name) and node.func.id in TRANSLATION_CALLS:
            self.seen += 1
            if self.seen - 1 == self.index:
                return ast.Constant(None)
        return self.generic_visit(node)


def is_message_only(defs: dict[str, ast.FunctionDef], mutant: str) -> bool:
    """Message-only: the same function once messages are blanked out, or the original with one message dropped."""
    changed, original = normalise(defs[mutant]), defs[original_of(mutant)]
    if changed == normalise(original):
        return True
    calls = sum(isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in TRANSLATION_CALLS
                for node in ast.walk(original))
    return any(changed == normalise(DropMessage(index).visit(ast.parse(ast.unparse(original)).body[0]))
               for index in range(calls))


# ---------------------------------------------------------------------------------------------------------------


def results(work: Path) -> dict[str, str]:
    if not (work / "mutants").exists():
        return {}
    listing = mutmut(work, "results", "--all", "true", capture=True).stdout
    return dict(line.strip().rsplit(": ", 1) for line in listing.splitlines() if ": " in line)


def combined(module: str) -> dict[str, str]:
    """The unit stage's statuses, with the service stage's verdict on the mutants it re-ran."""
    statuses = results(workdir(module, "unit"))
    statuses.update({name: status for name, status in results(workdir(module, "service")).items()
                     if status != "not checked"})
    return statuses


def report(module: str, seconds: float, patterns: list[str]) -> float:
    work = workdir(module, "unit")
    statuses = combined(module)
    if patterns:
        statuses = {name: status for name, status in statuses.items()
                    if any(fnmatch.fnmatch(name.rsplit(".", 1)[-1], pattern) for pattern in patterns)}
    defs = functions(work, module)
    message_only = {name for name in statuses if is_message_only(defs, name)}
    counted = {name: status for name, status in statuses.items() if name not in message_only}
    killed = sum(status in KILLED for status in counted.values())
    killed_all = sum(status in KILLED for status in statuses.values())
    score = 100.0 * killed / len(counted) if counted else 100.0
    survivors = sorted((name for name, status in counted.items() if status not in KILLED),
                       key=lambda name: (name.rsplit("__mutmut_", 1)[0], int(name.rsplit("_", 1)[1])))
    print(f"\n== {rules_label(module)}: {len(statuses)} mutants, {killed_all} killed "
          f"({100.0 * killed_all / max(len(statuses), 1):.1f} %); {len(message_only)} message-only not counted ==")
    for status in sorted(set(counted.values())):
        print(f"   {status}: {sum(value == status for value in counted.values())}")
    unit = results(work)
    killed_unit = sum(unit.get(name) in KILLED for name in counted)
    print(f"   unit tests alone: {killed_unit} of {len(counted)} rule-changing mutants killed "
          f"= {100.0 * killed_unit / max(len(counted), 1):.1f} %")
    print(f"   score: {killed} of {len(counted)} rule-changing mutants killed = {score:.1f} % "
          f"({'meets' if score >= BAR else 'BELOW'} the {BAR:.0f} % bar); run took {seconds / 60:.1f} min")
    for name in survivors:
        print(f"\n-- {name} ({counted[name]})")
        print(diff(defs, name))
    return score


def main(argv: list[str]) -> int:
    report_only, unit_only = "--report" in argv, "--unit" in argv
    argv = [arg for arg in argv if arg not in ("--report", "--unit")]
    patterns = argv[argv.index("--mutants") + 1:] if "--mutants" in argv else []
    argv = argv[:argv.index("--mutants")] if "--mutants" in argv else argv
    chosen = argv or modules()
    unknown = [module for module in chosen if module not in modules()]
    if unknown:
        print(f"No portal/<module>/rules.py or rules/ with tests/unit/test_<module>_rules.py for: "
              f"{', '.join(unknown)}. "
              f"Modules: {', '.join(modules())}.")
        return 2
    scores = {}
    for module in chosen:
        if report_only:
            scores[module] = report(module, 0, patterns)
            continue
        started = time.monotonic()
        shutil.rmtree(ROOT / "build" / "mutation" / module, ignore_errors=True)
        # Stage 1: every mutant against the unit tests (pure, a fraction of a second each).
        work = prepare(module, "unit")
        print(f"== {rules_label(module)}: every mutant against the unit tests ({work.relative_to(ROOT)}) ==",
              flush=True)
        # A package's mutants are named portal.<module>.rules.<part>.x_f__mutmut_1, one module's
        # portal.<module>.rules.x_f__mutmut_1.
        names = [name for pattern in patterns
                 for name in (f"portal.{module}.rules.{pattern}", f"portal.{module}.rules.*.{pattern}")
                 ] or [f"portal.{module}.rules.*"]
        run = mutmut(work, "run", "--max-children", "1", *names)
        if run.returncode != 0:
            print(f"mutmut failed on {rules_label(module)} (exit {run.returncode})")
            return run.returncode
        # Stage 2: the survivors against the unit and the service's request-level tests. A mutant the unit tests
        # kill is killed by unit + service tests too, so the two stages give the unit + service verdict of each.
        # Message-only survivors are not counted: the service stage skips them (the first line's count of all
        # mutants then holds their unit-stage verdict).
        defs = functions(work, module)
        survivors = sorted(name for name, status in results(work).items()
                           if status not in KILLED | {"not checked"} and not is_message_only(defs, name))
        if survivors and not unit_only:
            work = prepare(module, "service")
            print(f"== {rules_label(module)}: {len(survivors)} survivors against the unit and service tests "
                  f"({work.relative_to(ROOT)}) ==", flush=True)
            run = mutmut(work, "run", "--max-children", "1", *survivors)
            if run.returncode != 0:
                print(f"mutmut failed on {rules_label(module)} (exit {run.returncode})")
                return run.returncode
        scores[module] = report(module, time.monotonic() - started, patterns)
    print("\n== scores (killed / rule-changing mutants) ==")
    for module, score in scores.items():
        print(f"   {rules_label(module)}: {score:.1f} %{'' if score >= BAR else '  BELOW the bar'}")
    return 0 if all(score >= BAR for score in scores.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
