"""The rooms' import rules (ARCHITECTURE.md): arrows point one way,
ui -> devices, sync -> kiosk. Checked on the source (static) and at run time."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

QT = {"PySide6", "PyQt5", "PyQt6", "shiboken6"}
DEVICE_LIBS = {"smartcard", "cv2", "escpos", "serial", "zxingcpp", "img2pdf"}
NET = {"requests", "urllib3", "uvicorn", "starlette", "httpx"}

FORBIDDEN = {
    "kiosk": QT | DEVICE_LIBS | NET | {"ui", "devices", "sync"},
    "devices": QT | NET | {"ui", "sync"},
    "sync": QT | DEVICE_LIBS | {"ui", "devices"},
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_rooms_import_only_downwards():
    problems = []
    for room, banned in FORBIDDEN.items():
        for py in sorted((ROOT / room).rglob("*.py")):
            bad = imported_roots(py) & banned
            if bad:
                problems.append(f"{py.relative_to(ROOT)} imports {', '.join(sorted(bad))}")
    assert not problems, "\n".join(problems)


def test_ui_imports_qt_only_through_shim():
    offenders = [str(py.relative_to(ROOT)) for py in (ROOT / "ui").rglob("*.py")
                 if py.name != "qt.py" and imported_roots(py) & QT]
    assert not offenders, offenders


def test_every_package_has_a_docstring():
    missing = []
    for init in ROOT.glob("*/**/__init__.py"):
        if init.parts[len(ROOT.parts)] in {"kiosk", "ui", "devices", "sync"}:
            if not ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))):
                missing.append(str(init.relative_to(ROOT)))
    assert not missing, missing


def test_core_commands_load_no_qt_or_device_libs_at_run_time():
    code = ("import sys, kiosk.cli as c; c.build_parser(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            f"{sorted(QT | DEVICE_LIBS | NET)!r}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]", out.stdout
