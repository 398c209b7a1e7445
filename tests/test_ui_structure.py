"""One page shape for every ``ui/`` page and one home for the pages' cached reads (issue 10 item 6).

Read from the source with ``ast``: a page is a module of ``ui/`` other than the shared
helpers; it defines ``main()`` and its last statement calls it, and its cached reads live in
``ui/data.py`` (keyed by the data version kept in the database).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = {"__init__.py", "choice.py", "common.py", "data.py"}
# Pages still being reworked on other branches (issue 12/10 owners): remove a name once its page
# follows the shape, so the rule then holds for it too.
PENDING_SHAPE: set[str] = set()
PENDING_CACHES: set[str] = set()


def _pages() -> list[Path]:
    return sorted(p for p in (ROOT / "ui").glob("*.py") if p.name not in SHARED)


def _cache_decorators(tree: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for deco in node.decorator_list:
                text = ast.unparse(deco)
                if "cache_data" in text or "cache_resource" in text:
                    found.append(node.name)
    return found


def test_every_page_defines_main_and_calls_it_last() -> None:
    offenders = []
    for page in _pages():
        if page.name in PENDING_SHAPE:
            continue
        tree = ast.parse(page.read_text(encoding="utf-8"))
        defines = any(isinstance(n, ast.FunctionDef) and n.name == "main" for n in tree.body)
        last = tree.body[-1]
        calls_last = (isinstance(last, ast.Expr) and isinstance(last.value, ast.Call)
                      and ast.unparse(last.value) == "main()")
        top_level_calls = [ast.unparse(n) for n in tree.body[:-1]
                           if isinstance(n, ast.Expr) and isinstance(n.value, ast.Call)]
        if not (defines and calls_last) or top_level_calls:
            offenders.append(page.name)
    assert offenders == []


def test_cached_reads_live_in_ui_data() -> None:
    offenders = {page.name: _cache_decorators(ast.parse(page.read_text(encoding="utf-8")))
                 for page in _pages() if page.name not in PENDING_CACHES}
    offenders |= {"common.py": _cache_decorators(ast.parse((ROOT / "ui" / "common.py").read_text(encoding="utf-8")))}
    assert {k: v for k, v in offenders.items() if v} == {}
    assert len(_cache_decorators(ast.parse((ROOT / "ui" / "data.py").read_text(encoding="utf-8")))) >= 10
