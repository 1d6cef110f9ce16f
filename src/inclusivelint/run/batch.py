"""Lint a file of records (JSON Lines, CSV or Parquet) into a JSON Lines file of results.

    run_batch("ads.jsonl", "findings.jsonl", text_field="description", id_field="ad_id")

Input is streamed record by record and each result is written and flushed as
soon as it is known, so memory stays flat whatever the input size and an
interrupted run loses at most the record it was writing. One output line per
input record, in input order:

    {"record": 7, "id": "ad-123", "findings": [{"rule_id": ...}, ...], "error": null}

`record` is the 1-based record number (blank JSONL lines are not records);
`id` is the record's `id_field`, or the record number when there is none. A
record that cannot be linted (invalid JSON, not an object, a missing or
non-string field, a malformed CSV row) becomes an entry with no findings and
`"error": {"line": 12, "message": "..."}` naming its input line; the run goes on.

`resume=True` continues an interrupted run: the records already in the output
are skipped (a half-written last line is cut off first), after checking that
the output's last id matches the input's record at that position.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator

from inclusivelint.errors import BatchError
from inclusivelint.vocab import RECORD_FORMATS
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv",
               ".parquet": "parquet", ".pq": "parquet"}
PARQUET_BATCH = 1024  # rows read at a time, so memory stays bounded


@dataclass(frozen=True, slots=True)
class Record:
    number: int  # 1-based, in input order
    line: int  # input line where the record starts
    data: dict | None  # None when the record could not be parsed
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class BatchSummary:
    records: int  # records handled by this run (linted or reported as errors)
    skipped: int  # records already in the output (resume)
    errors: int
    findings: int


def format_for_path(path: str | os.PathLike) -> str:
    fmt = _EXTENSIONS.get(Path(path).suffix.lower())
    if fmt is None:
        raise BatchError(f"{path}: cannot tell the format from the extension; "
                         f"pass fmt (one of {', '.join(RECORD_FORMATS)})")
    return fmt


# -- reading records -------------------------------------------------------------

def read_jsonl(fh: IO[bytes]) -> Iterator[Record]:
    number = 0
    for line_no, raw in enumerate(fh, 1):
        if line_no == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        number += 1
        try:
            data = json.loads(raw)
        except UnicodeDecodeError as exc:
            yield Record(number, line_no, None, f"cannot decode as UTF-8 ({exc.reason})")
            continue
        except json.JSONDecodeError as exc:
            yield Record(number, line_no, None, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        if not isinstance(data, dict):
            yield Record(number, line_no, None, f"expected a JSON object, found {type(data).__name__}")
            continue
        yield Record(number, line_no, data)


def read_csv(fh: IO[bytes]) -> Iterator[Record]:
    text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="", errors="strict")
    reader = csv.reader(text)
    try:
        header = next(reader)
    except StopIteration:
        return
    except (csv.Error, UnicodeDecodeError) as exc:
        raise BatchError(f"cannot read the CSV header: {exc}") from None
    number = 0
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError as exc:
            # The decoder cannot resynchronise inside a buffered text stream: stop here.
            number += 1
            yield Record(number, start, None, f"cannot decode as UTF-8 ({exc.reason}); "
                                              "the rest of the file was not read")
            return
        except csv.Error as exc:
            number += 1
            yield Record(number, start, None, f"malformed CSV row: {exc}")
            continue
        if not row:
            continue
        number += 1
        if len(row) > len(header):
            yield Record(number, start, None, f"{len(row)} fields but the header has {len(header)}")
            continue
        yield Record(number, start, dict(zip(header, row)))


def read_parquet(fh: IO[bytes]) -> Iterator[Record]:
    """Rows of a Parquet file, a batch of rows at a time (needs the parquet extra).
    A record's `line` is its 1-based row number."""
    try:
        import pyarrow.parquet as pq
    except ModuleNotFoundError:
        raise BatchError('reading Parquet needs the parquet extra: pip install "inclusivelint[parquet]"') from None
    import pyarrow

    try:
        table = pq.ParquetFile(fh)
        number = 0
        for batch in table.iter_batches(batch_size=PARQUET_BATCH):
            for row in batch.to_pylist():
                number += 1
                yield Record(number, number, row)
    except (pyarrow.ArrowException, OSError) as exc:
        raise BatchError(f"cannot read as Parquet: {exc}") from None


READERS = {"jsonl": read_jsonl, "csv": read_csv, "parquet": read_parquet}


def read_records(fh: IO[bytes], fmt: str) -> Iterator[Record]:
    """The records of an open binary file in `fmt` (one of `RECORD_FORMATS`)."""
    if fmt not in READERS:
        raise BatchError(f"unknown format {fmt!r} (expected one of {', '.join(RECORD_FORMATS)})")
    if fmt == "csv":
        csv.field_size_limit(2**31 - 1)  # job ads and reviews can exceed the 128 KiB default
    return READERS[fmt](fh)


# -- resuming ----------------------------------------------------------------------

def _cut_partial_line(fh: IO[bytes]) -> None:
    """Truncate a half-written last line (no trailing newline) left by an interrupted run."""
    end = fh.seek(0, os.SEEK_END)
    pos = end
    while pos > 0:
        step = min(65536, pos)
        fh.seek(pos - step)
        block = fh.read(step)
        nl = block.rfind(b"\n")
        if nl >= 0:
            keep = pos - step + nl + 1
            break
        pos -= step
    else:
        keep = 0
    if keep != end:
        fh.truncate(keep)


def done_so_far(output: Path) -> tuple[int, object]:
    """(records already written, the id of the last one); repairs a cut-off last line."""
    if not output.exists():
        return 0, None
    count, last_id = 0, None
    with output.open("r+b") as fh:
        _cut_partial_line(fh)
        fh.seek(0)
        for line_no, raw in enumerate(fh, 1):
            try:
                entry = json.loads(raw)
                number, last_id = entry["record"], entry["id"]
            except (ValueError, KeyError, TypeError):
                raise BatchError(f"{output}:{line_no}: not a result line; cannot resume") from None
            if number != count + 1:
                raise BatchError(f"{output}:{line_no}: expected record {count + 1}, found {number}; "
                                 "cannot resume")
            count = number
    return count, last_id


# -- linting -----------------------------------------------------------------------

def record_id(record: Record, id_field: str | None):
    """The id reported for a record: its `id_field`, or its number when there is no id field;
    None when the id field is missing or the record could not be parsed."""
    if id_field is None:
        return record.number
    if record.data is None:
        return None
    return record.data.get(id_field)


def record_text(record: Record, *, text_field: str, id_field: str | None = None) -> tuple[str | None, str | None]:
    """(the record's text, None), or (None, why it has no usable text)."""
    data = record.data
    if data is None:
        return None, record.problem or "unreadable record"
    if id_field is not None and id_field not in data:
        return None, f"no field {id_field!r}"
    if text_field not in data:
        return None, f"no field {text_field!r}"
    text = data[text_field]
    if not isinstance(text, str):
        kind = "null" if text is None else type(text).__name__
        return None, f"field {text_field!r} is {kind}, not a string"
    # A "\\ud800" escape decodes to a lone surrogate, which spaCy cannot handle; U+FFFD
    # stands in for it one for one, so offsets are unchanged.
    return _LONE_SURROGATE.sub("\ufffd", text), None


def lint_record(record: Record, linter, *, text_field: str, id_field: str | None = None,
                **lint_kwargs) -> dict:
    """The output entry for one record; `lint_kwargs` go to `Linter.lint`."""
    rid = record_id(record, id_field)
    text, problem = record_text(record, text_field=text_field, id_field=id_field)
    if text is None:
        return {"record": record.number, "id": rid, "findings": [],
                "error": {"line": record.line, "message": problem}}
    findings = []
    for f in linter.lint(text, **lint_kwargs):
        entry = f.as_dict()
        del entry["path"]
        findings.append(entry)
    return {"record": record.number, "id": rid, "findings": findings, "error": None}


def _json_line(entry: dict) -> bytes:
    try:
        return json.dumps(entry, ensure_ascii=False).encode("utf-8") + b"\n"
    except UnicodeEncodeError:  # a lone surrogate from a "\\ud800" escape in the input
        return json.dumps(entry).encode("ascii") + b"\n"


def _progress_bar(enabled: bool | None, total: int, initial_desc: str):
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024, desc=initial_desc,
                file=sys.stderr, dynamic_ncols=True, mininterval=0.25)


def run_batch(input_path, output_path, *, text_field: str, id_field: str | None = None,
              fmt: str | None = None, resume: bool = False, progress: bool | None = None,
              linter=None, input_format: str = "text", **lint_kwargs) -> BatchSummary:
    """Lint every record of `input_path` into `output_path` ("-" writes to standard output).

    `fmt` is "jsonl", "csv" or "parquet" (default: from the input's extension). `progress`: draw a
    progress bar on standard error (default: only when it is a terminal).
    `input_format` is how each record's text is read ("text", "markdown" or "html");
    other keyword arguments (`only`, `severities`, `allow` ...) go to `Linter.lint`.
    """
    input_path = Path(input_path)
    fmt = fmt or format_for_path(input_path)
    if fmt not in RECORD_FORMATS:
        raise BatchError(f"unknown format {fmt!r} (expected one of {', '.join(RECORD_FORMATS)})")
    to_stdout = str(output_path) == "-"
    if resume and to_stdout:
        raise BatchError("resume needs an output file, not standard output")
    try:
        infile = input_path.open("rb")
    except OSError as exc:
        raise BatchError(f"{input_path}: cannot read: {exc.strerror or exc}") from None
    if linter is None:
        from inclusivelint.lint.engine import default_linter

        linter = default_linter()
    with infile:
        skip, last_id = done_so_far(Path(output_path)) if resume else (0, None)
        if to_stdout:
            out: IO[bytes] = sys.stdout.buffer
        else:
            out = open(output_path, "ab" if resume else "wb")
        bar = _progress_bar(progress, os.fstat(infile.fileno()).st_size, "linting")
        records = errors = findings = 0
        try:
            reader = read_records(infile, fmt)
            position = seen = 0
            for record in reader:
                seen = record.number
                if record.number <= skip:
                    if record.number == skip and record_id(record, id_field) != last_id:
                        raise BatchError(
                            f"{output_path}: its last result (record {skip}, id {last_id!r}) does not "
                            f"match the input's record {skip} (id {record_id(record, id_field)!r}); "
                            "was it written for another input?")
                    continue
                result = lint_record(record, linter, text_field=text_field, id_field=id_field,
                                     input_format=input_format, **lint_kwargs)
                out.write(_json_line(result))
                out.flush()
                records += 1
                errors += result["error"] is not None
                findings += len(result["findings"])
                if bar is not None:
                    now = infile.tell()
                    bar.update(now - position)
                    position = now
            if seen < skip:
                raise BatchError(f"{output_path} holds {skip} results but the input has only {seen} "
                                 "records; was it written for another input?")
        finally:
            if bar is not None:
                bar.close()
            if not to_stdout:
                out.close()
    return BatchSummary(records=records, skipped=skip, errors=errors, findings=findings)
