"""Dependencies point one way (PRODUCT.md, section 4):

    accounts <- practices <- submissions core (models, exceptions, parts, concurrency,
    access, editing, notifications, template words) <- assessments <- gap_analysis <-
    action_plans <- incentives <- the milestone-wide modules of submissions (completeness,
    lifecycle, snapshot, pdf, diff, history, ...) <- views, URLs, the admin, commands and
    template tags.

Every project module's imports are read with ``ast``: no import cycle between project
modules, no import of a project module inside a function (it would hide a cycle), and
each part imports only what lies below it.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "accounts",
    "practices",
    "submissions",
    "assessments",
    "gap_analysis",
    "action_plans",
    "incentives",  # the VBP payment estimator: above action_plans
    "reminders",  # the program-wide apps: above every part of the milestone
    "cohort",
    "exports",
)
PROJECT = (*APPS, "vbp_portal")
CORE = {
    "submissions",
    "submissions.models",
    "submissions.exceptions",
    "submissions.parts",
    "submissions.concurrency",
    "submissions.access",
    "submissions.editing",
    "submissions.notifications",
    "submissions.template_words",
    "submissions.deadlines",
}
PARTS = ("assessments", "gap_analysis", "action_plans", "incentives")
# Modules at the top: they may import anything below them.
TOP = ("views", "urls", "admin", "apps", "templatetags", "management", "tests")


def module_files(root=ROOT):
    for package in PROJECT:
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(root).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            yield name, path


def imports_of(name, tree, known, is_package=False):
    """(imported project module, line, inside a function?) for each import in ``tree``."""
    functions = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
    ]
    nested = {id(inner) for fn in functions for inner in ast.walk(fn) if inner is not fn}
    package = name if is_package else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # ``from submissions import access`` imports the module submissions.access.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            if target.split(".")[0] in PROJECT:
                yield target, node.lineno, id(node) in nested


def import_graph(root=ROOT):
    files = dict(module_files(root))
    known = set(files)
    graph, inside = {}, []
    for name, path in files.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        graph[name] = set()
        is_package = path.name == "__init__.py"
        for target, line, in_function in imports_of(name, tree, known, is_package):
            if in_function and not name.endswith(".apps"):
                inside.append(f"{path.relative_to(root)}:{line} imports {target}")
            elif not in_function:
                graph[name].add(target)
    return graph, inside


def cycles(graph):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in graph:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def is_top(name):
    return any(part in TOP for part in name.split(".")[1:])


def allowed_below(name):
    """The apps a non-top module of a part or of the core may import (besides the core)."""
    app = name.split(".")[0]
    if name in CORE:
        return ("accounts", "practices")
    if app in PARTS:
        return ("accounts", "practices", *PARTS[: PARTS.index(app) + 1])
    return None


def layer_violations(graph):
    found = []
    for name, targets in sorted(graph.items()):
        allowed = allowed_below(name)
        if allowed is None or is_top(name):
            continue
        for target in sorted(targets):
            below = target in CORE or target.split(".")[0] in allowed
            if not below:
                found.append(f"{name} imports {target}")
    return found


@pytest.fixture(scope="module")
def graph():
    return import_graph()


def test_no_import_cycle_between_project_modules(graph):
    assert cycles(graph[0]) == []


def test_no_project_import_inside_a_function(graph):
    assert graph[1] == []


def test_parts_and_core_import_only_what_lies_below(graph):
    assert layer_violations(graph[0]) == []


def test_the_walker_finds_a_cycle_and_an_import_inside_a_function(tmp_path):
    """The checks above can fail: a two-module cycle and a function-level import."""
    package = tmp_path / "submissions"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "models.py").write_text("from submissions import lifecycle\n")
    (package / "lifecycle.py").write_text(
        "from submissions import models\n\ndef f():\n    from submissions import access\n"
    )
    (package / "access.py").write_text("")
    (package / "views.py").write_text("")
    found, inside = import_graph(tmp_path)
    assert cycles(found) == [["submissions.lifecycle", "submissions.models"]]
    assert inside == ["submissions/lifecycle.py:4 imports submissions.access"]
    assert layer_violations(found) == ["submissions.models imports submissions.lifecycle"]
