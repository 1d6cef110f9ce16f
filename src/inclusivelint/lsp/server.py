"""The language server on stdio (pygls 2): diagnostics, hover and code actions.

The event loop only moves messages. Linting runs in one worker process (see
`worker`); a change waits `DEBOUNCE` seconds for the typing to pause, a
document has at most one lint in flight, and a result for a text that has
changed since is dropped (the newer text is linted next). Hover and quick fixes
are answered from the last result for the current version, without waiting.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from inclusivelint import __version__
from inclusivelint.config import CONFIG_NAMES
from inclusivelint.lsp import worker
from inclusivelint.lsp.worker import FIX_ALL_KIND, DocRef

DEBOUNCE = 0.25  # seconds of quiet after a change before it is linted
SOURCE = "inclusivelint"
_SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
             "suggestion": types.DiagnosticSeverity.Information}
log = logging.getLogger(__name__)


class InclusivelintServer(LanguageServer):
    def __init__(self):
        super().__init__(SOURCE, __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.results: dict[str, tuple[int, worker.Result]] = {}  # uri -> (version linted, result)
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._running: set[str] = set()
        self._again: set[str] = set()
        self._pool: ProcessPoolExecutor | None = None
        self._told: set[str] = set()  # settings problems already shown
        self.epoch = 0  # counts the saves of settings files

    # -- the worker --------------------------------------------------------
    def pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=worker.warm)
        return self._pool

    async def call(self, fn, *args):
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self.pool(), fn, *args)
        except BrokenProcessPool:  # the worker died (out of memory?): start a new one next time
            self._pool = None
            raise

    def stop_pool(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def ref(self, uri: str) -> DocRef | None:
        doc = self.workspace.text_documents.get(uri)
        if doc is None:
            return None
        path = to_fs_path(uri) if uri.startswith("file:") else None
        root = to_fs_path(self.workspace.root_uri) if self.workspace.root_uri else None
        encoding = str(getattr(self.workspace.position_encoding, "value", self.workspace.position_encoding)
                       or "utf-16")
        return DocRef(uri, path, doc.language_id or "", doc.source, root, encoding, self.epoch)

    # -- scheduling --------------------------------------------------------
    def schedule(self, uri: str, delay: float = DEBOUNCE) -> None:
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        self._timers[uri] = asyncio.get_running_loop().call_later(delay, self._start, uri)

    def _start(self, uri: str) -> None:
        self._timers.pop(uri, None)
        if uri in self._running:
            self._again.add(uri)  # lint again once the current run ends
            return
        self._running.add(uri)
        asyncio.ensure_future(self._lint(uri))

    async def _lint(self, uri: str) -> None:
        try:
            doc = self.workspace.text_documents.get(uri)
            ref = self.ref(uri)
            if doc is None or ref is None:
                return
            version = doc.version
            try:
                result = await self.call(worker.lint, ref)
            except BrokenProcessPool:
                self.tell("the linting process stopped; retrying on the next change")
                return
            except Exception as exc:  # a bug: say so once, keep serving the other documents
                log.exception("linting %s failed", uri)
                self.tell(f"linting failed: {exc!r}")
                return
            current = self.workspace.text_documents.get(uri)
            if current is None or current.version != version:
                return  # stale: a newer text is (or will be) linted
            self.results[uri] = (version, result)
            self.publish(uri, version, result)
        finally:
            self._running.discard(uri)
            if uri in self._again and uri in self.workspace.text_documents:
                self._again.discard(uri)
                self._start(uri)

    def publish(self, uri: str, version: int, result: worker.Result) -> None:
        if result.problem:
            self.tell(result.problem)
        if result.total > len(result.diagnostics):
            log.info("%s: showing %d of %d findings", uri, len(result.diagnostics), result.total)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, diagnostics=[diagnostic(d) for d in result.diagnostics], version=version))

    def tell(self, problem: str) -> None:
        """Show a problem once (not on every keystroke)."""
        if problem not in self._told:
            self._told.add(problem)
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error,
                                                             message=f"inclusivelint: {problem}"))

    def current(self, uri: str) -> worker.Result | None:
        """The last result, if it is for the text the editor has now."""
        doc = self.workspace.text_documents.get(uri)
        held = self.results.get(uri)
        if doc is None or held is None or held[0] != doc.version:
            return None
        return held[1]


def _range(start, end) -> types.Range:
    return types.Range(start=types.Position(line=start[0], character=start[1]),
                       end=types.Position(line=end[0], character=end[1]))


def diagnostic(d: worker.Diagnostic) -> types.Diagnostic:
    return types.Diagnostic(
        range=_range(d.start, d.end), message=d.message, severity=_SEVERITY[d.severity], code=d.rule_id,
        code_description=types.CodeDescription(href=d.url) if d.url else None, source=SOURCE)


def _covers(d: worker.Diagnostic, rng: types.Range) -> bool:
    return d.start <= (rng.end.line, rng.end.character) and (rng.start.line, rng.start.character) <= d.end


def _edit(uri: str, version: int, edits) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
        text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version),
        edits=[types.TextEdit(range=_range(a, b), new_text=new) for a, b, new in edits])])


def _wanted(kind: str, only) -> bool:
    return not only or any(kind == k or kind.startswith(f"{k}.") for k in only)


def build() -> InclusivelintServer:
    server = InclusivelintServer()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: InclusivelintServer, params: types.DidOpenTextDocumentParams):
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: InclusivelintServer, params: types.DidChangeTextDocumentParams):
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: InclusivelintServer, params: types.DidSaveTextDocumentParams):
        uri = params.text_document.uri
        if uri.rsplit("/", 1)[-1] in CONFIG_NAMES:  # new settings: every open document again
            ls._told.clear()
            ls.epoch += 1
            for other in list(ls.workspace.text_documents):
                ls.schedule(other, 0)
        else:
            ls.schedule(uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    async def did_close(ls: InclusivelintServer, params: types.DidCloseTextDocumentParams):
        uri = params.text_document.uri
        timer = ls._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        ls.results.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        try:
            await ls.call(worker.forget, uri)
        except BrokenProcessPool:
            pass  # a new worker remembers nothing anyway

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: InclusivelintServer, params: types.HoverParams):
        result = ls.current(params.text_document.uri)
        if result is None:
            return None
        at = types.Range(start=params.position, end=params.position)
        hits = [d for d in result.diagnostics if _covers(d, at)]
        if not hits:
            return None
        parts = [f"{d.message}\n\n{result.docs.get(d.rule_id, '')}" for d in hits]
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)),
                           range=_range(hits[0].start, hits[0].end))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND],
                                            resolve_provider=True))
    async def code_action(ls: InclusivelintServer, params: types.CodeActionParams):
        uri = params.text_document.uri
        result = ls.current(uri)
        if result is None:
            return None
        version = ls.results[uri][0]
        only = params.context.only
        out = []
        if _wanted(types.CodeActionKind.QuickFix, only):
            for d in result.diagnostics:
                if not _covers(d, params.range):
                    continue
                for action in d.actions:
                    out.append(types.CodeAction(
                        title=action.title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic(d)],
                        edit=_edit(uri, version, action.edits), is_preferred=action.preferred or None))
        if result.safe_fixes and _wanted(FIX_ALL_KIND, only):
            fix_all = types.CodeAction(title="Apply all safe inclusivelint fixes", kind=FIX_ALL_KIND,
                                       data={"uri": uri, "version": version})
            if not _resolves(ls):
                fix_all = await _resolve(ls, fix_all)
            if fix_all.edit is not None or _resolves(ls):
                out.append(fix_all)
        return out

    @server.feature(types.CODE_ACTION_RESOLVE)
    async def resolve(ls: InclusivelintServer, action: types.CodeAction):
        return await _resolve(ls, action)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: InclusivelintServer, *args):
        ls.stop_pool()

    return server


def _resolves(ls: InclusivelintServer) -> bool:
    caps = ls.client_capabilities.text_document
    support = caps.code_action.resolve_support if caps and caps.code_action else None
    return bool(support and "edit" in support.properties)


async def _resolve(ls: InclusivelintServer, action: types.CodeAction) -> types.CodeAction:
    data = action.data or {}
    uri = data.get("uri")
    ref = ls.ref(uri) if uri else None
    doc = ls.workspace.text_documents.get(uri) if uri else None
    if ref is None or doc is None or doc.version != data.get("version"):
        return action  # the text changed since: no edit, the client asks again
    found = await ls.call(worker.fix_all, ref)
    if found is not None and doc.version == data.get("version"):
        action.title = found.title
        action.edit = _edit(uri, doc.version, found.edits)
    return action


def serve() -> None:
    """Run the language server on standard input and output until the client exits."""
    server = build()
    try:
        server.start_io()
    finally:
        server.stop_pool()
