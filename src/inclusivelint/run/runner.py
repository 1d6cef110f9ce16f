"""From the user's paths and settings to one `Job` per file: what to lint and how.

Settings can differ from file to file (per-path overrides, include-code, the
input format by extension), so they are resolved here once per file into plain,
picklable keyword arguments for `Linter.lint`. The CLI runs the jobs, in this
process or in a pool (`parallel`), and renders what comes back.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from inclusivelint.read import regions
from inclusivelint.read import source
from inclusivelint.config import Settings


class Job(NamedTuple):
    path: str  # as given ("-" for standard input)
    shown: str  # as reported
    lint_kwargs: dict[str, Any]
    profile: str


def plan(settings: Settings, linter, paths: list[str],
         stdin_filename: str | None = None, *, follow_links: bool = False,
         ) -> tuple[list[Job], list[source.InputError]]:
    """The jobs, and what the walk has to say (errors and warnings: `source.discover`)."""
    extensions = source.DEFAULT_EXTENSIONS + (regions.CODE_EXTENSIONS if settings["include-code"] else ())
    files, errors = source.discover(paths, extensions, respect_gitignore=settings["respect-gitignore"],
                                    follow_links=follow_links)
    jobs = []
    for path in files:
        if path != source.STDIN and settings.excluded(path):
            continue
        shown = stdin_filename if path == source.STDIN and stdin_filename else path
        where = None if shown == source.STDIN else shown
        options = settings.options(where)
        kwargs = options.lint_kwargs(linter, path=shown)
        if kwargs["input_format"] == "code" and not settings.for_path(where)["include-code"] \
                and path != source.STDIN:
            continue  # a source file named explicitly, but code linting is off
        jobs.append(Job(path, shown, kwargs, options.profile))
    return jobs, errors


# Files larger than this are linted in chunks (`stream`), in bounded memory.
STREAM_BYTES = 64 * 1024 * 1024


def run(planned: list[Job], linter, *, processes: int | None = None):
    """Read and lint each job, in a pool when it pays (see `parallel`), huge files in
    chunks (see `stream`); yields (job, Document | InputError, findings) in order."""
    import os

    from inclusivelint.run.parallel import Task, lint_tasks

    def huge(job: Job) -> bool:
        try:
            return (job.path != source.STDIN and job.lint_kwargs["input_format"] != "docx"
                    and os.path.getsize(job.path) > STREAM_BYTES)
        except OSError:
            return False

    small = [job for job in planned if not huge(job)]
    results = iter(lint_tasks([Task(job.path, job.lint_kwargs) for job in small], jobs=processes, linter=linter))
    for job in planned:
        if huge(job):
            yield job, *_streamed(job, linter)
        else:
            result = next(results)
            yield job, result.document, result.findings


def _streamed(job: Job, linter):
    from inclusivelint.read import stream

    kwargs = dict(job.lint_kwargs)
    kwargs.pop("path", None)
    kwargs.pop("warn_unused", None)  # a directive's use may lie in another chunk
    fmt = kwargs.pop("input_format")
    try:
        findings = tuple(stream.lint_file(job.path, linter=linter, input_format=fmt, display_path=job.shown,
                                          **kwargs))
    except stream.StreamError as exc:
        return source.InputError(job.path, str(exc)), ()
    return source.Document(job.path, "", streamed=True), findings
