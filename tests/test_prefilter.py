"""The candidate prefilter finds exactly what matching the whole text finds, and a clean
file is answered without spaCy.

`bench/prefilter_diff.py` runs the same comparison over the whole corpora."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from inclusivelint.lint.engine import Linter

HERE = Path(__file__).resolve().parent
BENCH = HERE.parent / "bench"


def _bench(name):
    spec = importlib.util.spec_from_file_location(f"{name}_bench", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


diff = _bench("prefilter_diff")


@pytest.fixture(scope="module")
def whole():
    return Linter(prefilter=False)


def _snippets():
    devset = _bench("devset")
    return [s.text for d in (HERE / "devset", HERE / "heldout") for s in devset.load(d)]


def _examples(linter):
    return [e.text for r in linter.rulebook.rules.values() for e in r.flag_examples + r.pass_examples]


FILLER = ("The service reads its settings from the file named in the environment, checks them, "
          "and logs one line for each value it could not parse. ") * 12


def _diluted(parts, sep):
    """The parts, each followed by clean filler, so that windows are cut between them."""
    return sep.join(f"{part}{sep}{FILLER}" for part in parts)


def _agree(linter, whole, documents):
    found = list(diff.differences(linter, whole, documents))
    assert not found, found[:3]


def test_labelled_sets_snippet_by_snippet(linter, whole):
    snippets = _snippets()
    assert len(snippets) > 400
    _agree(linter, whole, [("snippet.txt", s) for s in snippets])


@pytest.mark.slow
def test_labelled_sets_and_rule_examples_as_long_documents(linter, whole):
    """Joined into long documents with clean filler between them, where the prefilter cuts
    windows, and without it."""
    texts = {"labelled": _snippets(), "examples": _examples(linter)}
    for name, parts in texts.items():
        for sep, ext in (("\n\n", "md"), (" ", "txt"), ("\n", "txt")):
            text = _diluted(parts, sep)
            assert linter.prefilter.windows(text)
            _agree(linter, whole, [(f"{name}.{ext}", text), (f"{name}-dense.{ext}", sep.join(parts))])
            findings = linter.lint(text, path=f"{name}.{ext}")
            assert findings and all(text[f.start:f.end] == f.matched for f in findings)
    # The windows of a long clean stretch with a few candidates cover a small part of it.
    clean = " ".join(["The service reads its settings from the file named in the environment."] * 400)
    text = clean + " Add it to the whitelist. " + clean
    windows = linter.prefilter.windows(text)
    assert windows and sum(b - a for a, b in windows) < len(text) / 10
    _agree(linter, whole, [("one.txt", text)])


def test_windows_are_cut_at_whitespace_and_hold_their_needles(linter):
    text = _diluted(_snippets(), "  ")
    windows = linter.prefilter.windows(text)
    assert len(windows) > 100
    for a, b in windows:
        assert a == 0 or text[a - 1].isspace() and not text[a].isspace()
        assert b == len(text) or text[b].isspace() and not text[b - 1].isspace()
    assert all(b1 < a2 for (_, b1), (a2, _) in zip(windows, windows[1:]))


def test_a_corpus_sample_agrees(linter, whole):
    root = diff.DEFAULT_CORPUS
    if not root.is_dir():
        pytest.skip(f"no corpus at {root}")
    files = diff.corpus_files(root, every=60)
    assert len(files) > 30
    _agree(linter, whole, [(str(p), p.read_text(encoding="utf-8", errors="replace")) for p in files])


def _run(code: str, cache: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, INCLUSIVELINT_CACHE_DIR=str(cache))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=600)


SPACY_LOADED = "import atexit, sys; atexit.register(lambda: print('spacy' in sys.modules, file=sys.stderr))\n"


@pytest.mark.slow
def test_a_clean_file_is_answered_without_spacy_and_a_dirty_one_with_it(tmp_path):
    cache = tmp_path / "cache"
    clean, dirty = tmp_path / "clean.md", tmp_path / "dirty.md"
    clean.write_text("# Notes\n\nThe build reads its settings from one file.\n", encoding="utf-8")
    dirty.write_text("# Notes\n\nAdd the host to the whitelist.\n", encoding="utf-8")
    check = SPACY_LOADED + "from inclusivelint.cli import run\nsys.argv = ['inclusivelint', 'check', sys.argv[1]]\nrun()\n"
    _run("from inclusivelint.lint.engine import Linter; Linter().load()", cache)  # fills the cache
    for path, code, spacy in ((clean, 0, "False"), (dirty, 1, "True")):
        proc = subprocess.run([sys.executable, "-c", check, str(path)], capture_output=True, text=True,
                              env=dict(os.environ, INCLUSIVELINT_CACHE_DIR=str(cache)), timeout=600)
        assert proc.returncode == code, proc.stderr
        assert proc.stderr.strip().splitlines()[-1] == spacy


@pytest.mark.slow
def test_an_unwritable_cache_falls_back_to_memory(tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")  # (chmod would not stop root)
    proc = _run("from inclusivelint.lint.engine import Linter\n"
                "print([f.matched for f in Linter().lint('Add the host to the whitelist.')])", blocker / "cache")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "['whitelist']"


def test_fingerprint_does_not_import_spacy(tmp_path):
    proc = _run(SPACY_LOADED + "from inclusivelint.compile.rulebook import fingerprint\n"
                "from inclusivelint.compile.loader import bundled_rules_dir\nfingerprint([bundled_rules_dir()])", tmp_path)
    assert proc.returncode == 0 and proc.stderr.strip() == "False", proc.stderr


# -- Markdown blocks left unread -----------------------------------------------------------
# The inline content of a Markdown block is parsed only when its loosened source holds a
# needle (`regions.markdown_segments`). Generated documents mix block constructs with
# flagged words glued to their neighbours by markup.

from hypothesis import given, settings, strategies as st  # noqa: E402

from inclusivelint.read import regions  # noqa: E402

WORDS = st.sampled_from(["whitelist", "white", "list", "he", "the", "master", "guys", "crazy", "pay", "your",
                         "dues", "chairman", "x", "é", "it’s", "(s)he"])
PROSE = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)
INLINE = st.one_of(
    PROSE,
    PROSE.map(lambda t: f"**{t}**"), PROSE.map(lambda t: f"white**{t}**"), PROSE.map(lambda t: f"snake_{t}"),
    PROSE.map(lambda t: f"[{t}](http://example.com/{t.replace(' ', '')})list"), PROSE.map(lambda t: f"[{t}][ref]s"),
    PROSE.map(lambda t: f"`{t}` white\\-list &amp;{t}"), PROSE.map(lambda t: f"<em>white</em>{t}"),
    PROSE.map(lambda t: f"![{t}](a.png)he"),
    # flagged words that only read as such through markup, or only with their neighbours
    st.sampled_from(["white**list**", "*white*list", "[white](http://x.org)list", "[white][ref]list",
                     "white&#8203;list", "white<br>list", "\\(s\\)he", "snake_he", "x*he", "pay **your**\ndues",
                     "master\n> branch", "culture\n  fit", "it\u2019s crazy", "chair<em>man</em>"]),
)
LINE = st.lists(INLINE, min_size=1, max_size=3).map(" ".join)
BLOCK = st.one_of(
    LINE,
    st.tuples(LINE, LINE).map(lambda p: f"{p[0]}\n{p[1]}"),
    st.tuples(st.sampled_from(["```", "~~~", "````"]), LINE, LINE).map(lambda p: f"{p[0]}\n{p[1]}\n\n{p[2]}\n{p[0]}"),
    st.tuples(LINE, LINE).map(lambda p: f"- ```\n  {p[0]}\n\n  ```\n```\n{p[1]}\n\n{p[1]}\n```"),
    st.tuples(LINE, LINE).map(lambda p: f"<!-- {p[0]}\n\n{p[1]} -->"),
    st.tuples(LINE, LINE).map(lambda p: f"<script>\n{p[0]}\n\n{p[1]}\n</script>"),
    st.tuples(LINE, LINE).map(lambda p: f"<div>\n{p[0]}\n\n{p[1]}\n</div>"),
    st.tuples(LINE, LINE).map(lambda p: f"- {p[0]}\n\n  {p[1]}\n- {p[0]}"),
    st.tuples(LINE, LINE).map(lambda p: f"> {p[0]}\n>\n> {p[1]}\n{p[0]}"),
    LINE.map(lambda t: f"    {t}\n\n    {t}"),
    LINE.map(lambda t: f"# {t}\n{t}\n---"),
    LINE.map(lambda t: f"| {t} | x |\n|---|---|\n| y | {t} |"),
    st.just("[ref]: http://example.com/ref 'title'"),
    st.just("- [ref]: http://example.com/other"),
    LINE.map(lambda t: f"```{t}``` {t}"),
)


@st.composite
def markdown_document(draw) -> str:
    blocks = draw(st.lists(BLOCK, min_size=1, max_size=8))
    front = draw(st.sampled_from(["", "---\ntitle: he\n\nlist: x\n---\n", "---\n\n"]))
    seps = draw(st.lists(st.sampled_from(["\n\n", "\n", "\n\n\n"]), min_size=len(blocks), max_size=len(blocks)))
    return front + "".join(b + s for b, s in zip(blocks, seps))


@settings(max_examples=300, deadline=None)
@given(markdown_document())
def test_markdown_inline_parsed_block_by_block_is_parsed_as_a_whole(src):
    assert regions.markdown_segments(src, wanted=lambda text, soft: True) == regions.markdown_segments(src)


@settings(max_examples=150, deadline=None)
@given(markdown_document())
def test_markdown_parts_left_unread_hold_no_finding(linter, whole, src):
    assert linter.lint(src, path="doc.md") == whole.lint(src, path="doc.md")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab' \n\t\r\xa0\u2028\u2019")), min_size=1, max_size=40))
def test_the_projection_of_a_segment_without_whitespace_runs_is_read_in_one_step(text):
    import re

    from inclusivelint.read import projection
    from inclusivelint.read.segments import paragraph_segments

    segments = paragraph_segments(text)
    fast = projection.project(text, segments)
    slow_pattern = projection._SPACE_RUN
    try:
        projection._SPACE_RUN = re.compile(r"")  # always "found": the general path
        slow = projection.project(text, segments)
    finally:
        projection._SPACE_RUN = slow_pattern
    assert fast.text == slow.text
    assert [fast.to_source(i) for i in range(len(fast.text))] == [slow.to_source(i) for i in range(len(slow.text))]
