"""The page's suggestions, file opening and edits: one engine with the CLI (issue 13)."""

import io
import subprocess
import sys

import pytest

pytest.importorskip("starlette")

from test_web import JOB_AD, JSON, client, post  # noqa: E402,F401  (one app fixture for the web tests)


# Every one-click suggestion the page offers on the example ad, as the sentence will read.
# Each was read; none is broken. A change here must be read again.
JOB_AD_PREVIEWS = {
    ("rockstar", "skilled"): "We're a young and energetic team of skilled engineers building the payments platform behind thousands of small businesses.",
    ("whitelist", "allowlist"): "Keep our allowlist of partner banks and the fraud blacklist up to date.",
    ("blacklist", "blocklist"): "Keep our whitelist of partner banks and the fraud blocklist up to date.",
    ("blacklist", "denylist"): "Keep our whitelist of partner banks and the fraud denylist up to date.",
    ("paying-dues", "learn the ropes"): "Mentor juniors: everyone here learned the ropes, and you'll help the next group pay theirs.",
}


def test_every_one_click_suggestion_on_the_example_ad_reads_right(client):
    found = post(client, "/api/lint", {"text": JOB_AD, "format": "markdown"}).json()["findings"]
    offered = {}
    for f in found:
        for suggestion, replacement, preview in zip(f["suggestions"], f["replacements"], f["previews"]):
            if replacement is not None:
                offered[(f["rule_id"], suggestion)] = preview
            else:
                assert preview is None
    assert set(offered) == set(JOB_AD_PREVIEWS)
    for key, preview in offered.items():
        assert preview == JOB_AD_PREVIEWS[key], (key, preview)


def test_the_page_and_the_cli_give_byte_identical_text_for_the_same_fix(client, tmp_path):
    text = "Keep our whitelist of banks.\n\nAdd the host to the blacklist today.\n"
    found = post(client, "/api/lint", {"text": text}).json()["findings"]
    page = post(client, "/api/fix", {"text": text, "unsafe": True}).json()
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "inclusivelint", "check", str(path), "--fix", "--unsafe-fixes"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode in (0, 1), run.stderr
    assert found and page["applied"] >= 2
    assert path.read_text(encoding="utf-8") == page["text"]
    # each edit the page reports, made in the old text, gives the new text
    out, last = [], 0
    for e in page["edits"]:
        out += [text[last:e["start"]], e["replacement"]]
        last = e["end"]
    assert "".join(out) + text[last:] == page["text"]


def test_one_chosen_suggestion_gives_the_text_its_preview_shows(client):
    text = "Everyone here paid their dues last year.\n"
    f = next(f for f in post(client, "/api/lint", {"text": text}).json()["findings"] if f["rule_id"] == "paying-dues")
    i = next(i for i, r in enumerate(f["replacements"]) if r is not None)
    fixed = post(client, "/api/fix", {"text": text, "replacement": {
        "start": f["start"], "end": f["end"], "rule_id": f["rule_id"], "suggestion": f["suggestions"][i]}}).json()
    assert fixed["text"].strip() == f["previews"][i] == "Everyone here learned the ropes last year."


def test_advice_cannot_be_applied(client):
    f = next(f for f in post(client, "/api/lint", {"text": JOB_AD}).json()["findings"] if f["rule_id"] == "culture-fit")
    advice = f["advice"][0]
    r = post(client, "/api/fix", {"text": JOB_AD, "replacement": {
        "start": f["start"], "end": f["end"], "rule_id": "culture-fit", "suggestion": advice}})
    assert r.status_code == 422 and "advice" in r.json()["error"]


def _docx(paragraphs):
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def extract(client, name, data):
    return client.post(f"/api/extract?name={name}", content=data,
                       headers={"content-type": "application/octet-stream"})


def test_a_word_document_opens_as_its_paragraphs(client):
    pytest.importorskip("docx")
    r = extract(client, "ad.docx", _docx(["We need a rockstar.", "Apply by Friday."]))
    assert r.status_code == 200
    assert r.json() == {"text": "We need a rockstar.\n\nApply by Friday.\n", "format": "text"}


@pytest.mark.parametrize("name, data, said", [
    ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("latin1.txt", "Café rockstar".encode("latin-1"), "not UTF-8"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "could not be read as a Word document"),
    ("old.doc", b"\xd0\xcf\x11\xe0", "save it as .docx"),
])
def test_a_file_with_no_text_gets_a_clear_message(client, name, data, said):
    r = extract(client, name, data)
    assert r.status_code == 422 and said in r.json()["error"]


def test_text_files_keep_their_format(client):
    r = extract(client, "notes.md", "# Notes\n\nA rockstar.\n".encode())
    assert r.json() == {"text": "# Notes\n\nA rockstar.\n", "format": "markdown"}


def test_deeply_nested_json_is_a_400_not_a_500(client):
    body = "[" * 100_000 + "]" * 100_000
    r = client.post("/api/lint", content=body, headers=JSON)
    assert r.status_code == 400 and "nested" in r.json()["error"]
