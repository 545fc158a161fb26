"""Translations: every user-visible string of the QML and Python sources is in both .ts
files, finished, with the same placeholders (%1, %2 ..., %n) as its source; the
compiled .qm loads and translates at run time."""

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "assets" / "i18n"
LUPDATE = Path(sys.executable).parent / "pyside6-lupdate"
LANGS = {"zh_CN": 1, "en": 2}        # plural forms per language
PLACEHOLDER = re.compile(r"%(?:n|L?\d)")


def sources():
    qml = sorted((ROOT / "assets" / "qml").rglob("*.qml")) + sorted((ROOT / "assets" / "qml").rglob("*.js"))
    py = sorted((ROOT / "ui").rglob("*.py"))
    return [str(p) for p in qml + py]


def messages(ts: Path):
    for ctx in ET.parse(ts).getroot().iter("context"):
        for m in ctx.iter("message"):
            yield ctx.findtext("name"), m


@pytest.mark.parametrize("lang", list(LANGS))
def test_every_message_is_finished_with_matching_placeholders(lang):
    ts = I18N / f"single_door_{lang}.ts"
    problems = []
    for ctx, m in messages(ts):
        src = m.findtext("source")
        tr = m.find("translation")
        kind = tr.get("type")
        if kind in ("unfinished", "vanished", "obsolete"):
            problems.append(f"{ctx}: {src!r} is {kind}")
            continue
        if m.get("numerus") == "yes":
            forms = [f.text or "" for f in tr.findall("numerusform")]
            if len(forms) != LANGS[lang]:
                problems.append(f"{ctx}: {src!r} has {len(forms)} plural forms, {lang} needs {LANGS[lang]}")
        else:
            forms = [tr.text or ""]
        for form in forms:
            if not form.strip():
                problems.append(f"{ctx}: {src!r} has an empty translation")
            elif sorted(PLACEHOLDER.findall(form)) != sorted(PLACEHOLDER.findall(src)):
                problems.append(f"{ctx}: {src!r} -> {form!r}: placeholders differ")
    assert not problems, "\n".join(problems)


def test_ts_files_hold_every_string_in_the_sources(tmp_path):
    fresh = tmp_path / "fresh.ts"
    subprocess.run([str(LUPDATE), *sources(), "-ts", str(fresh)], check=True, capture_output=True)
    wanted = {(ctx, m.findtext("source")) for ctx, m in messages(fresh)}
    assert wanted, "lupdate found no strings"
    for lang in LANGS:
        have = {(ctx, m.findtext("source")) for ctx, m in messages(I18N / f"single_door_{lang}.ts")
                if m.find("translation").get("type") not in ("vanished", "obsolete")}
        missing = sorted(wanted - have)
        assert not missing, f"{lang}: run pyside6-lupdate and translate: {missing[:10]}"


def test_the_checks_catch_a_bad_translation(tmp_path):
    bad = tmp_path / "bad.ts"
    bad.write_text('<?xml version="1.0" encoding="utf-8"?><TS version="2.1" language="zh_CN"><context>'
                   '<name>X</name><message><source>Step %1 of %2</source><translation>第%1步</translation>'
                   '</message></context></TS>', encoding="utf-8")
    (_, m), = messages(bad)
    assert sorted(PLACEHOLDER.findall(m.find("translation").text)) != sorted(PLACEHOLDER.findall("Step %1 of %2"))


def test_compiled_translation_translates(qapp, compiled_translations):
    from ui.qt import QCoreApplication, QTranslator
    tr = QTranslator()
    assert tr.load(str(I18N / "single_door_zh_CN.qm"))
    QCoreApplication.installTranslator(tr)
    try:
        assert QCoreApplication.translate("Attract", "Touch here to start") == "点击此处开始"
        assert QCoreApplication.translate("Page", "Step %1 of %2") == "第%1步，共%2步"
    finally:
        QCoreApplication.removeTranslator(tr)
