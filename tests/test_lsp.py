"""`inclusivelint lsp` end to end, driven by a real LSP client (pytest-lsp) over stdio:
initialize, open, change, hover, code actions, applying their edits, shutdown."""

import asyncio
import sys
import time

import pytest

pytest.importorskip("pygls")
pytest_lsp = pytest.importorskip("pytest_lsp")
from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402

pytestmark = pytest.mark.asyncio(loop_scope="module")

TEXT = "# Team\n\nOur chairman approved the whitelist.\n\nBe a rockstar ninja.\n"


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(
    server_command=[sys.executable, "-m", "inclusivelint", "lsp"]))
async def client(lsp_client: LanguageClient, tmp_path_factory):
    root = tmp_path_factory.mktemp("workspace")
    # The workspace's own settings: this rule is off here.
    (root / ".inclusivelint.yaml").write_text("ignore: [ninja, rockstar]\n", encoding="utf-8")
    lsp_client.root = root
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="workspace")]))
    yield
    await lsp_client.shutdown_session()
    assert lsp_client._server.returncode == 0  # shutdown, then exit: a clean stop


async def settled(client, uri, test, timeout=60.0):
    """The document's diagnostics once `test(diagnostics)` holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = client.diagnostics.get(uri)
        if found is not None and test(found):
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"diagnostics never settled: {client.diagnostics.get(uri)}")


def offset(text, pos):
    lines = text.splitlines(keepends=True)
    return sum(len(line) for line in lines[:pos.line]) + pos.character


def apply(text, edit: types.WorkspaceEdit):
    (change,) = edit.document_changes
    for e in sorted(change.edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:offset(text, e.range.start)] + e.new_text + text[offset(text, e.range.end):]
    return text


def open_doc(client, name, text, language="markdown"):
    uri = (client.root / name).as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)))
    return uri


def change(client, uri, version, old, new):
    """Send the change as the client does: one incremental edit, the whole text replaced."""
    lines = old.splitlines(keepends=True)
    end = types.Position(line=len(lines), character=0)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=0, character=0), end=end), text=new)]))


def codes(diagnostics):
    return sorted(str(d.code) for d in diagnostics)


async def actions(client, uri, diag=None, only=None):
    rng = diag.range if diag else types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))
    return await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=rng,
        context=types.CodeActionContext(diagnostics=[diag] if diag else [], only=only)))


async def test_diagnostics_hover_fixes_and_ignore(client):
    uri = open_doc(client, "team.md", TEXT)
    found = await settled(client, uri, lambda ds: len(ds) > 0)
    assert codes(found) == ["chairman", "whitelist"]  # rockstar ninja is ignored by the workspace config
    chair = next(d for d in found if d.code == "chairman")
    start, end = offset(TEXT, chair.range.start), offset(TEXT, chair.range.end)
    assert TEXT[start:end] == "chairman"
    assert chair.severity == types.DiagnosticSeverity.Warning and chair.source == "inclusivelint"
    assert chair.code_description.href.endswith("/chairman.yaml")

    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=chair.range.start))
    assert "chairman" in hover.contents.value and "**Sources:**" in hover.contents.value
    assert "Alternatives" in hover.contents.value
    assert hover.range == chair.range

    # Apply one suggestion, the way the client does: take the edit, send the change.
    offered = await actions(client, uri, chair)
    titles = [a.title for a in offered]
    assert "Replace “chairman” with “chair”" in titles
    assert any(t.startswith("Ignore chairman") for t in titles)
    pick = next(a for a in offered if a.title == "Replace “chairman” with “chair”")
    assert pick.kind == types.CodeActionKind.QuickFix and pick.is_preferred
    text = apply(TEXT, pick.edit)
    assert "Our chair approved the whitelist." in text
    change(client, uri, 2, TEXT, text)
    found = await settled(client, uri, lambda ds: codes(ds) == ["whitelist"])

    # Ignore the rule on this line: the directive goes in as an HTML comment.
    ignore = next(a for a in await actions(client, uri, found[0]) if a.title.startswith("Ignore whitelist"))
    ignored = apply(text, ignore.edit)
    assert "the whitelist. <!-- inclusivelint disable-line whitelist -->\n" in ignored
    change(client, uri, 3, text, ignored)
    await settled(client, uri, lambda ds: not ds)


async def test_fix_all_safe_fixes_in_the_file(client):
    text = "The chairman keeps a whitelist.\nThe chairmen keep a blacklist.\n"
    uri = open_doc(client, "fixes.txt", text, "plaintext")
    await settled(client, uri, lambda ds: len(ds) == 4)
    (fix_all,) = await actions(client, uri, only=[types.CodeActionKind.SourceFixAll])
    assert fix_all.kind == "source.fixAll.inclusivelint" and fix_all.edit is None
    resolved = await client.code_action_resolve_async(fix_all)  # VS Code resolves the edit lazily
    fixed = apply(text, resolved.edit)
    assert fixed == "The chair keeps an allowlist.\nThe chairs keep a blocklist.\n"
    change(client, uri, 2, text, fixed)
    await settled(client, uri, lambda ds: not ds)


async def test_rest_and_code_comments_use_their_own_comment_syntax(client):
    rst = "Title\n=====\n\nThe chairman\nsaid so.\n"
    uri = open_doc(client, "notes.rst", rst, "restructuredtext")
    (diag,) = await settled(client, uri, lambda ds: len(ds) == 1)
    ignore = next(a for a in await actions(client, uri, diag) if a.title.startswith("Ignore"))
    fixed = apply(rst, ignore.edit)
    assert ".. inclusivelint: disable-next-line chairman\n\nThe chairman\n" in fixed
    change(client, uri, 2, rst, fixed)
    await settled(client, uri, lambda ds: not ds)

    # Code comments are linted only when the settings ask for it.
    code = "def f():\n    # the chairman decides\n    return 1\n"
    uri = open_doc(client, "tool.py", code, "python")
    (client.root / "sub").mkdir()
    (client.root / "sub" / ".inclusivelint.yaml").write_text("include-code: true\n", encoding="utf-8")
    uri2 = open_doc(client, "sub/tool.py", code, "python")
    (diag,) = await settled(client, uri2, lambda ds: len(ds) == 1)
    assert not await settled(client, uri, lambda ds: True)
    ignore = next(a for a in await actions(client, uri2, diag) if a.title.startswith("Ignore"))
    fixed = apply(code, ignore.edit)
    assert "    # inclusivelint: disable-next-line chairman\n    # the chairman decides\n" in fixed
    change(client, uri2, 2, code, fixed)
    await settled(client, uri2, lambda ds: not ds)


def keystroke(client, uri, version, line, character, new):
    """One character typed: the small incremental change an editor sends."""
    at = types.Position(line=line, character=character)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangePartial(range=types.Range(start=at, end=at), text=new)]))


@pytest.mark.slow
async def test_a_big_document_never_stalls_the_server(client):
    """Typing in a 1 MB document: while it is re-linted, every request is answered promptly,
    and the diagnostics that arrive are those of the text as typed."""
    para = "The chairman approved the plan after a long review of the budget and the schedule.\n\n"
    text = para * (1_000_000 // len(para))
    uri = open_doc(client, "big.md", text)
    await settled(client, uri, lambda ds: len(ds) > 0, timeout=120)
    waits = []
    typed = "Our new "
    for version, char in enumerate(typed, start=2):  # a word typed at the top, a keystroke at a time
        keystroke(client, uri, version, 0, version - 2, char)
        until = time.monotonic() + 0.15
        while time.monotonic() < until:
            began = time.monotonic()
            await client.text_document_hover_async(types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=5)))
            waits.append(time.monotonic() - began)
            await asyncio.sleep(0.02)
    waits.sort()
    print(f"\n{len(waits)} hovers while typing in 1 MB: median {waits[len(waits) // 2] * 1000:.0f} ms, "
          f"max {waits[-1] * 1000:.0f} ms")
    assert waits[-1] < 1.0, waits  # ~200 ms on an idle machine; shared CI cores are slower
    found = await settled(client, uri, lambda ds: len(ds) == 1000 and ds[0].range.start.character == 12,
                          timeout=120)
    assert found[0].code == "chairman"  # "Our new The chairman": moved by the eight characters typed


@pytest.mark.slow
async def test_saved_settings_apply_to_open_documents(client):
    (client.root / "team").mkdir()
    settings = client.root / "team" / ".inclusivelint.yaml"
    settings.write_text("severity: {chairman: error}\n", encoding="utf-8")
    uri = open_doc(client, "team/a.txt", "The chairman.\n", "plaintext")
    (diag,) = await settled(client, uri, lambda ds: len(ds) == 1)
    assert diag.severity == types.DiagnosticSeverity.Error
    settings.write_text("ignore: [gendered]\n", encoding="utf-8")
    client.text_document_did_save(types.DidSaveTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=settings.as_uri())))
    await settled(client, uri, lambda ds: not ds)
    settings.write_text("select: [no-such-rule]\n", encoding="utf-8")
    client.text_document_did_save(types.DidSaveTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=settings.as_uri())))
    deadline = time.monotonic() + 60
    while not any("no-such-rule" in m.message for m in client.messages) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    (shown,) = [m for m in client.messages if "no-such-rule" in m.message]
    assert shown.type == types.MessageType.Error and "unknown rule or category" in shown.message


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(
    server_command=[sys.executable, "-m", "inclusivelint", "lsp"]))
async def bare_client(lsp_client: LanguageClient, tmp_path_factory):
    """A client that declares no capabilities at all (no lazy code-action edits)."""
    lsp_client.root = tmp_path_factory.mktemp("bare")
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=lsp_client.root.as_uri()))
    yield
    await lsp_client.shutdown_session()


async def test_fix_all_comes_with_its_edit_when_the_client_cannot_resolve(bare_client):
    text = "The chairman keeps a whitelist.\n"
    uri = open_doc(bare_client, "a.md", text)
    await settled(bare_client, uri, lambda ds: len(ds) == 2)
    (fix_all,) = await actions(bare_client, uri, only=[types.CodeActionKind.SourceFixAll])
    assert apply(text, fix_all.edit) == "The chair keeps an allowlist.\n"
