"""The local web page's API and assets, in-process with starlette.testclient (no browser)."""

import builtins
import json
import logging
import os
import re
import subprocess
import sys
import tempfile
import urllib.request
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("starlette")
try:  # starlette.testclient runs on httpx2 (or, deprecated, on httpx)
    import httpx2  # noqa: F401
except ModuleNotFoundError:
    pytest.importorskip("httpx")

from starlette.testclient import TestClient  # noqa: E402

from inclusivelint.fix.edits import apply_fixes  # noqa: E402
from inclusivelint.compile.rule import CATEGORIES  # noqa: E402
from inclusivelint.web.app import STATIC, create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
JOB_AD = (ROOT / "examples" / "job-ad.md").read_text(encoding="utf-8")
JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module")
def client(linter):
    with TestClient(create_app(linter), base_url="http://127.0.0.1") as c:
        yield c


def post(client, path, body, **kw):
    return client.post(path, content=json.dumps(body), headers=JSON, **kw)


# -- the page and its assets ------------------------------------------------------------


def test_page_and_assets_are_served_with_a_strict_policy(client):
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "connect-src 'self'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    for name, kind in [("app.js", "javascript"), ("style.css", "text/css"), ("icon.svg", "image/svg+xml")]:
        asset = client.get(f"/static/{name}")
        assert asset.status_code == 200, name
        assert kind in asset.headers["content-type"]


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs, self.inline_scripts, self.inline_styles = [], 0, 0
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.refs += [v for k, v in attrs.items() if k in ("src", "href") and v]
        self.inline_styles += "style" in attrs or tag == "style"
        self.inline_scripts += any(k.startswith("on") for k in attrs)
        self._in_script = tag == "script" and "src" not in attrs

    def handle_data(self, data):
        self.inline_scripts += self._in_script and bool(data.strip())

    def handle_endtag(self, tag):
        self._in_script = False


def test_the_page_needs_no_network_and_no_inline_code():
    refs = _Refs()
    refs.feed((STATIC / "index.html").read_text(encoding="utf-8"))
    assert refs.refs and all(r.startswith(("/static/", "#")) for r in refs.refs), refs.refs
    assert (refs.inline_scripts, refs.inline_styles) == (0, 0)  # the CSP forbids both
    css = (STATIC / "style.css").read_text(encoding="utf-8")
    assert "@import" not in css and "url(" not in css
    js = (STATIC / "app.js").read_text(encoding="utf-8")
    assert not re.search(r"['\"`]https?://", js)  # no absolute URL: only /api/... and /static/...


def test_the_script_never_builds_html_from_strings():
    js = (STATIC / "app.js").read_text(encoding="utf-8")
    code = "\n".join(line for line in js.splitlines() if not line.lstrip().startswith("//"))
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in code, sink


# -- colours: WCAG AA -----------------------------------------------------------------------


def _colours() -> dict[str, str]:
    css = (STATIC / "style.css").read_text(encoding="utf-8")
    return dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})\s*;", css))


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula_matches_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the classic AA grey


TEXT_PAIRS = [  # (foreground, background): text must reach 4.5:1
    ("ink", "paper"), ("ink", "page"), ("ink", "chip"), ("muted", "paper"), ("muted", "page"),
    ("muted", "chip"), ("primary-ink", "primary"), ("primary-ink", "primary-hover"),
    ("primary", "paper"), ("error-ink", "paper"), ("ok-ink", "paper"),
]
MARK_PAIRS = [  # non-text marks (borders of inputs, focus ring, meter): 3:1
    ("line", "paper"), ("focus", "paper"), ("focus", "page"), ("ink", "meter-track"),
]


@pytest.mark.parametrize("fg,bg", TEXT_PAIRS)
def test_text_colours_pass_wcag_aa(fg, bg):
    colours = _colours()
    assert contrast(colours[fg], colours[bg]) >= 4.5, (fg, bg)


@pytest.mark.parametrize("fg,bg", MARK_PAIRS)
def test_marks_pass_wcag_non_text_contrast(fg, bg):
    colours = _colours()
    assert contrast(colours[fg], colours[bg]) >= 3.0, (fg, bg)


@pytest.mark.parametrize("category", [*CATEGORIES, "other"])
def test_every_category_has_colours_that_pass(category):
    colours = _colours()
    accent, tint = colours[f"cat-{category}"], colours[f"cat-{category}-bg"]
    assert contrast(colours["ink"], tint) >= 4.5          # the flagged words on their tint
    assert contrast("#ffffff", accent) >= 4.5             # the category label
    assert contrast(accent, colours["paper"]) >= 3.0      # the underline and outline
    assert contrast(accent, tint) >= 3.0                  # the underline on the tint
    assert contrast(colours["focus"], tint) >= 3.0 or contrast(colours["focus"], colours["paper"]) >= 3.0
    css = (STATIC / "style.css").read_text(encoding="utf-8")
    assert f".cat-{category} {{" in css
    if category != "other":  # the page has a label and a name for it
        assert re.search(rf'^\s*"?{re.escape(category)}"?: \[', (STATIC / "app.js").read_text(), re.M)


# -- POST /api/lint ------------------------------------------------------------------------


def test_lint_returns_the_findings_and_the_job_ad_summary(client, linter):
    ad = JOB_AD.replace("- An ambitious", "- Must be able to lift 40 pounds.\n- An ambitious")
    resp = post(client, "/api/lint", {"text": ad, "format": "markdown", "profile": "job-ad"})
    assert resp.status_code == 200
    assert resp.headers["cache-control"] == "no-store"
    data = resp.json()
    assert data["version"] == 2 and data["tool"]["name"] == "inclusivelint"
    expected = [f.as_dict() for f in linter.lint(ad, input_format="markdown", document=True)]
    assert [{k: v for k, v in f.items() if k not in ("index", "id", "replacements", "previews", "evidence")}
            for f in data["findings"]] == expected
    for f in data["findings"]:  # the page shows each finding's evidence grade by its reason
        rule = linter.rulebook.rules[f["rule_id"]]
        assert f["evidence"]["grade"] == rule.evidence and f["evidence"]["source"] == rule.evidence_source
        assert f["evidence"]["citation"] == linter.rulebook.sources[rule.evidence_source].citation()
    for i, f in enumerate(data["findings"]):
        assert ad[f["start"]:f["end"]] == f["matched"]
        assert (f["index"], f["id"]) == (i, f"{f['rule_id']}@{f['start']}-{f['end']}")
        assert len(f["replacements"]) == len(f["suggestions"])
    summary = data["analysis"]
    assert summary["profile"] == "job-ad"
    assert summary["gender_coding"]["verdict"] == "strongly masculine-coded"
    assert {c["word"] for c in summary["gender_coding"]["coded_words"]} >= {"ambitious", "competitive"}
    assert [(r["rule_id"], r["matched"]) for r in summary["requirements"]] == [
        ("req-physical-demand", "lift 40 pounds")]
    assert {s["id"] for s in summary["statements"] if not s["present"]} >= {"salary-range"}
    assert "gaucher-2011" in data["sources"] and data["sources"]["gaucher-2011"]["year"] == 2011
    assert data["sources"]["castilla-rho-2023"]["year"] == 2023


def test_lint_without_a_profile_has_no_summary_and_defaults_to_plain_text(client):
    data = post(client, "/api/lint", {"text": "Add it to the `blacklist`."}).json()
    assert data["analysis"] is None
    assert [f["rule_id"] for f in data["findings"]] == ["blacklist"]  # plain text: backticks are prose
    md = post(client, "/api/lint", {"text": "Add it to the `blacklist`.", "format": "markdown"}).json()
    assert md["findings"] == []  # Markdown: inline code is not linted


def test_lint_reads_html_as_html(client):
    text = '<p class="blacklist">Our <b>rockstar</b> team</p>'
    data = post(client, "/api/lint", {"text": text, "format": "html", "profile": "docs"}).json()
    assert [f["matched"] for f in data["findings"]] == ["rockstar"]
    assert data["analysis"]["profile"] == "docs" and data["analysis"]["gender_coding"] is None


def test_job_ad_summary_sets_apart_the_words_naming_the_job(client):
    text = "Senior Data Analyst\n\nYou will own analysis and bring analytical rigour.\n"
    gc = post(client, "/api/lint", {"text": text, "profile": "job-ad"}).json()["analysis"]["gender_coding"]
    assert gc["job_title"] == "Senior Data Analyst" and gc["verdict"] == "neutral"
    assert [w["word"] for w in gc["job_work_words"]] == ["analysis", "analytical"]
    assert gc["coded_words"] == [] and "not a grade" in gc["explanation"]
    for w in gc["job_work_words"]:
        for o in w["occurrences"]:
            assert text[o["start"]:o["end"]] == o["text"]


def test_lint_offsets_count_code_points(client):
    text = "🙂🙂 We need a rockstar."
    (f,) = post(client, "/api/lint", {"text": text}).json()["findings"]
    assert text[f["start"]:f["end"]] == "rockstar"


# -- POST /api/fix ------------------------------------------------------------------------


def test_fix_all_safe_fixes_is_what_the_cli_applies(client, linter):
    resp = post(client, "/api/fix", {"text": JOB_AD, "format": "markdown", "profile": "job-ad"})
    assert resp.status_code == 200
    data = resp.json()
    expected = apply_fixes(JOB_AD, linter.lint(JOB_AD, input_format="markdown"))
    assert data["text"] == expected
    assert "our allowlist of partner banks and the fraud blocklist" in data["text"]
    assert data["applied"] == 2
    assert [f["rule_id"] for f in data["findings"]] == [
        f.rule_id for f in linter.lint(expected, input_format="markdown")]
    assert data["analysis"]["profile"] == "job-ad"


def test_fix_with_unsafe_also_applies_unsafe_fixes(client, linter):
    text = "Each applicant should bring his portfolio. Update the whitelist."
    safe = post(client, "/api/fix", {"text": text}).json()
    assert safe["text"] == "Each applicant should bring his portfolio. Update the allowlist."
    both = post(client, "/api/fix", {"text": text, "unsafe": True}).json()
    assert both["text"] == apply_fixes(text, linter.lint(text), unsafe=True)
    assert both["text"] == "Each applicant should bring their portfolio. Update the allowlist."
    assert both["applied"] == 2


def test_fix_only_the_chosen_findings(client):
    text = "Update the whitelist and the blacklist, then the whitelist again."
    found = post(client, "/api/lint", {"text": text}).json()["findings"]
    by_index = post(client, "/api/fix", {"text": text, "findings": [1]}).json()
    assert by_index["text"] == "Update the whitelist and the blocklist, then the whitelist again."
    by_id = post(client, "/api/fix", {"text": text, "findings": [found[2]["id"]]}).json()
    assert by_id["text"] == "Update the whitelist and the blacklist, then the allowlist again."
    by_rule = post(client, "/api/fix", {"text": text, "findings": ["whitelist"]}).json()
    assert by_rule["text"] == "Update the allowlist and the blacklist, then the allowlist again."
    assert by_rule["applied"] == 2
    none = post(client, "/api/fix", {"text": text, "findings": []}).json()
    assert (none["text"], none["applied"]) == (text, 0)


@pytest.mark.parametrize("text,span,suggestion,expected", [
    ("Keep a whitelist.", "whitelist", "allowlist", "Keep an allowlist."),
    ("Keep a blacklist.", "blacklist", "denylist", "Keep a denylist."),
    ("Whitelisted hosts only.", "Whitelisted", "allowlist", "Allowlisted hosts only."),
    ("Update the BLACKLISTS.", "BLACKLISTS", "denylist", "Update the DENYLISTS."),
    ("Everyone here paid their dues.", "paid their dues", "learn the ropes", "Everyone here learned the ropes."),
    ("Our Chairmen meet monthly.", "Chairmen", "chair", "Our chairs meet monthly."),
])
def test_one_chosen_suggestion_keeps_case_and_grammar(client, text, span, suggestion, expected):
    (f,) = [f for f in post(client, "/api/lint", {"text": text}).json()["findings"] if f["matched"] == span]
    assert suggestion in f["suggestions"]
    body = {"text": text, "replacement": {"start": f["start"], "end": f["end"], "rule_id": f["rule_id"],
                                          "suggestion": suggestion}}
    resp = post(client, "/api/fix", body)
    assert resp.status_code == 200, resp.json()
    assert resp.json()["text"] == expected
    assert resp.json()["applied"] == 1
    preview = f["replacements"][f["suggestions"].index(suggestion)]
    assert preview is not None and preview in expected


def test_advice_is_not_offered_as_a_replacement(client):
    text = "We are looking for a culture fit."
    (f,) = post(client, "/api/lint", {"text": text}).json()["findings"]
    advice = [s for s, r in zip(f["suggestions"], f["replacements"]) if r is None]
    assert advice, f  # "alignment with our values (name them)" is advice
    body = {"text": text, "replacement": {"start": f["start"], "end": f["end"], "rule_id": f["rule_id"],
                                          "suggestion": advice[0]}}
    resp = post(client, "/api/fix", body)
    assert resp.status_code == 422
    assert "advice" in resp.json()["error"]


def test_a_generic_pronoun_only_offers_they(client):
    text = "Each candidate should bring his portfolio."
    found = post(client, "/api/lint", {"text": text}).json()["findings"]
    (f,) = [f for f in found if f["matched"] == "his"]
    assert f["replacements"][0] == "their"
    assert all(r is None for r in f["replacements"][1:])  # "rephrase in the plural" is advice


def test_a_replacement_for_a_finding_the_text_does_not_have_is_a_conflict(client):
    body = {"text": "Keep a whitelist.", "replacement": {"start": 0, "end": 4, "rule_id": "whitelist",
                                                          "suggestion": "allowlist"}}
    resp = post(client, "/api/fix", body)
    assert resp.status_code == 409
    assert "no whitelist finding at 0-4" in resp.json()["error"]


def test_a_suggestion_the_rule_does_not_make_is_rejected(client):
    body = {"text": "Keep a whitelist.", "replacement": {"start": 7, "end": 16, "rule_id": "whitelist",
                                                          "suggestion": "<script>"}}
    resp = post(client, "/api/fix", body)
    assert resp.status_code == 422
    assert "not one of the suggestions" in resp.json()["error"]


# -- GET /api/rules -------------------------------------------------------------------------


def test_rules_list_and_one_rule(client, linter):
    data = client.get("/api/rules").json()
    assert data["version"] == 2
    assert len(data["rules"]) == len(linter.rulebook.rules)
    rule = client.get("/api/rules/paying-dues").json()
    assert rule["id"] == "paying-dues" and rule["reason"] and rule["suggestions"]
    assert {"title", "publisher", "year"} <= set(rule["sources"][0])


def test_an_unknown_rule_is_a_json_404(client):
    resp = client.get("/api/rules/blacklistt")
    assert resp.status_code == 404
    assert resp.headers["content-type"] == "application/json"
    assert resp.json()["error"].startswith("unknown rule 'blacklistt'; did you mean blacklist")
    assert client.get("/api/nothing-here").json() == {"error": "Not Found"}


# -- bad requests -----------------------------------------------------------------------------


@pytest.mark.parametrize("raw,status,message", [
    (b"{", 400, "malformed JSON"),
    (b'{"text": "a",}', 400, "malformed JSON"),
    (b"\xff\xfe", 400, "not valid UTF-8"),
    (b"[1, 2]", 422, "expected a JSON object, got an array"),
    (b'"text"', 422, "expected a JSON object, got a string"),
    (b"{}", 422, "text: required"),
    (b'{"text": 3}', 422, "text: expected a string"),
    (b'{"text": null}', 422, "text: expected a string"),
    (b'{"text": "a", "format": "pdf"}', 422, "format: expected one of text, markdown, html, rst"),
    (b'{"text": "a", "format": ["html"]}', 422, "format: expected one of"),
    (b'{"text": "a", "profile": "cv"}', 422, "profile: expected one of docs, job-ad, review, message"),
    (b'{"text": "a", "profile": {"x": 1}}', 422, "profile: expected one of"),
    (b'{"txt": "a"}', 422, "txt: unknown field"),
])
def test_malformed_and_mistyped_lint_requests(client, raw, status, message):
    resp = client.post("/api/lint", content=raw, headers=JSON)
    assert resp.status_code == status
    assert message in resp.json()["error"]


@pytest.mark.parametrize("body,message", [
    ({"text": "a", "unsafe": "yes"}, "unsafe: expected true or false"),
    ({"text": "a", "findings": "all"}, "findings: expected a list"),
    ({"text": "a", "findings": [True]}, "findings: expected a list"),
    ({"text": "a", "findings": [0]}, "findings: no finding 0 (this text has 0)"),
    ({"text": "a", "findings": ["nope@1-2"]}, "findings: no finding 'nope@1-2'"),
    ({"text": "a", "replacement": [1]}, "replacement: expected an object"),
    ({"text": "a", "replacement": {"start": "0", "end": 1, "rule_id": "x", "suggestion": "y"}},
     "replacement.start: expected a whole number"),
    ({"text": "a", "replacement": {"start": -1, "end": 1, "rule_id": "x", "suggestion": "y"}},
     "replacement.start: expected a whole number >= 0"),
    ({"text": "a", "replacement": {"start": 0, "end": 1, "rule_id": "x"}}, "replacement.suggestion"),
    ({"text": "a", "replacement": {"start": 0, "end": 1, "rule_id": "x", "suggestion": "y", "z": 1}},
     "replacement.z: unknown field"),
    ({"text": "a", "findings": [], "replacement": {"start": 0, "end": 1, "rule_id": "x", "suggestion": "y"}},
     "either findings or replacement"),
])
def test_mistyped_fix_requests(client, body, message):
    resp = post(client, "/api/fix", body)
    assert resp.status_code == 422
    assert message in resp.json()["error"]


def test_a_body_that_is_not_json_is_refused(client):
    resp = client.post("/api/lint", content=b"text=hello", headers={"content-type": "application/x-www-form-urlencoded"})
    assert resp.status_code == 415
    assert "application/json" in resp.json()["error"]


def test_a_body_over_the_limit_is_413_by_content_length(client):
    big = json.dumps({"text": "a" * 1_000_001})
    resp = client.post("/api/lint", content=big, headers=JSON)
    assert resp.status_code == 413
    assert resp.json()["error"].startswith("the request body is larger than the limit of 1,000,000 bytes")


def test_a_streamed_body_over_the_limit_is_413(client):
    def chunks():  # no Content-Length: sent chunked, counted as it arrives
        yield b'{"text": "'
        for _ in range(200):
            yield b"a" * 10_000
        yield b'"}'

    resp = client.post("/api/lint", content=chunks(), headers=JSON)
    assert resp.status_code == 413
    assert "limit" in resp.json()["error"]


def test_the_limit_is_configurable_and_a_body_at_the_limit_passes(linter):
    body = json.dumps({"text": "Keep a whitelist."}).encode()
    with TestClient(create_app(linter, max_body=len(body)), base_url="http://127.0.0.1") as small:
        assert small.post("/api/lint", content=body, headers=JSON).status_code == 200
        assert small.post("/api/lint", content=body + b" ", headers=JSON).status_code == 413


def test_a_bad_content_length_is_400(client):
    resp = client.post("/api/lint", content=b"{}", headers={**JSON, "content-length": "abc"})
    assert resp.status_code == 400
    assert resp.json()["error"] == "the Content-Length header is not a number"


def test_only_local_host_names_are_answered(linter):
    with TestClient(create_app(linter), base_url="http://attacker.example") as c:
        assert c.get("/").status_code == 400
    with TestClient(create_app(linter), base_url="http://localhost:8000") as c:
        assert c.get("/").status_code == 200


def test_an_internal_error_is_json_and_does_not_echo_the_text(client, linter, monkeypatch, caplog):
    def broken(text, **kw):
        raise ValueError(f"cannot lint {text!r}")

    monkeypatch.setattr(linter, "lint", broken)
    with caplog.at_level(logging.DEBUG):
        resp = post(client, "/api/lint", {"text": "SECRET-AD-TEXT"})
    assert resp.status_code == 500
    assert resp.json()["error"].startswith("internal error (ValueError)")
    assert "SECRET-AD-TEXT" not in resp.text
    assert "SECRET-AD-TEXT" not in caplog.text
    assert "ValueError" in caplog.text


def test_the_server_writes_nothing_to_disk_and_logs_no_text(client, monkeypatch, caplog, tmp_path):
    marker = "Zq7-UNIQUE-AD-TEXT rockstar whitelist"
    writes = []
    real_open = builtins.open

    def watched_open(file, mode="r", *args, **kw):
        if any(c in mode for c in "wax+"):
            writes.append(str(file))
        return real_open(file, mode, *args, **kw)

    def no_temp(*args, **kw):
        writes.append("tempfile")
        raise AssertionError("the web app must not create temporary files")

    real_os_open = os.open

    def watched_os_open(path, flags, *args, **kw):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            writes.append(str(path))
        return real_os_open(path, flags, *args, **kw)

    monkeypatch.setattr(builtins, "open", watched_open)
    monkeypatch.setattr(os, "open", watched_os_open)
    for name in ("mkstemp", "mkdtemp", "NamedTemporaryFile", "TemporaryFile", "SpooledTemporaryFile"):
        monkeypatch.setattr(tempfile, name, no_temp)
    monkeypatch.chdir(tmp_path)
    with caplog.at_level(logging.DEBUG):
        assert post(client, "/api/lint", {"text": marker, "profile": "job-ad"}).status_code == 200
        assert post(client, "/api/fix", {"text": marker, "unsafe": True}).status_code == 200
        assert post(client, "/api/lint", {"text": marker, "format": 1}).status_code == 422
    assert writes == []
    assert list(tmp_path.iterdir()) == []
    assert "Zq7-UNIQUE" not in caplog.text


# -- packaging ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_page_sees_edits_to_extra_rules_and_applies_the_settings(tmp_path, monkeypatch):
    from inclusivelint.config import LintOptions
    from inclusivelint.web.checker import Checker
    from inclusivelint.web.payload import LintRequest

    monkeypatch.setenv("INCLUSIVELINT_CACHE_DIR", str(tmp_path / "cache"))
    house = Path(__file__).parent / "fixtures" / "house-rules" / "coded-culture" / "synergy.yaml"
    extra = tmp_path / "rules" / "coded-culture"
    extra.mkdir(parents=True)
    (extra / "synergy.yaml").write_text(house.read_text(encoding="utf-8"), encoding="utf-8")
    checker = Checker(LintOptions(extra_rule_dirs=(str(tmp_path / "rules"),), ignore=("whitelist",)))

    def rules_found(text):
        return [f["rule_id"] for f in checker.lint(LintRequest(text))["findings"]]

    assert rules_found("We love synergy. Keep a whitelist.") == ["synergy"]  # whitelist ignored
    body = (extra / "synergy.yaml").read_text(encoding="utf-8")
    (extra / "synergy.yaml").write_text(body.replace("severity: suggestion", "severity: error"),
                                        encoding="utf-8")
    (finding,) = checker.lint(LintRequest("We love synergy."))["findings"]
    assert finding["severity"] == "error"  # the edited rule, not the first one loaded


def test_serve_reports_a_port_in_use():
    from inclusivelint.web.app import listen

    first = listen("127.0.0.1", 0)
    try:
        port = first.getsockname()[1]
        with pytest.raises(OSError, match=rf"cannot listen on 127.0.0.1:{port}"):
            listen("127.0.0.1", port)
    finally:
        first.close()


@pytest.mark.slow
def test_serve_prints_its_url_and_answers_on_loopback():
    code = "from inclusivelint.web.app import serve; serve(port=0)"
    proc = subprocess.Popen([sys.executable, "-u", "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        line = proc.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, (line, proc.stderr.read() if proc.poll() is not None else "")
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
        with opener.open(match.group(0) + "api/rules/rockstar", timeout=30) as resp:
            assert json.load(resp)["id"] == "rockstar"
        with opener.open(match.group(0), timeout=30) as resp:
            assert b"inclusivelint" in resp.read()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.slow
def test_the_wheel_ships_the_page(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                   check=True)
    (wheel,) = tmp_path.glob("inclusivelint-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("index.html", "app.js", "style.css", "icon.svg"):
        assert f"inclusivelint/web/static/{name}" in names
    assert "inclusivelint/web/app.py" in names
