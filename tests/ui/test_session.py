"""kiosk.session: the one operation that wipes a citizen's visit (pure Python, no Qt)."""

from kiosk.session import Session, SessionDefaults


def test_end_wipes_state_files_and_runs_hooks(tmp_path):
    s = Session(tmp_path / "tmp", SessionDefaults(language="zh_CN"))
    seen = []
    s.on_wipe("draft", lambda sess: seen.append(sess.draft_case_id))
    s.language, s.large_text, s.high_contrast = "en", True, True
    s.identity, s.service_id, s.draft_case_id = object(), "svc", "case-1"
    s.form_values["applicant_name"] = "张三"
    page = s.new_temp_file(".jpg")
    page.write_bytes(b"\xff\xd8 page")
    s.add_material_file("resident_id_card", page)
    (s.tmp_dir / "preview.png").write_bytes(b"png")
    old_id, old_dir = s.id, s.tmp_dir

    report = s.end("idle")

    assert seen == ["case-1"]            # hooks see the state before it is cleared
    assert report.files_removed == 2 and report.hooks_run == 1 and report.hook_failures == 0
    assert not old_dir.exists() and not page.exists()
    assert s.id != old_id and not s.has_citizen_data
    assert (s.language, s.large_text, s.high_contrast) == ("zh_CN", False, False)
    assert s.form_values == {} and s.materials == {} and s.identity is None


def test_a_failing_hook_does_not_stop_the_wipe(tmp_path):
    s = Session(tmp_path)
    s.on_wipe("broken", lambda sess: 1 / 0)
    after = []
    s.on_wipe("next", lambda sess: after.append(True))
    s.form_values["x"] = "secret"
    report = s.end("error")
    assert report.hook_failures == 1 and after == [True]
    assert s.form_values == {}


def test_material_files_outside_the_session_dir_are_removed_too(tmp_path):
    s = Session(tmp_path / "tmp")
    outside = tmp_path / "capture.jpg"
    outside.write_bytes(b"x")
    s.add_material_file("m", outside)
    assert s.end("done").files_removed == 1
    assert not outside.exists()
