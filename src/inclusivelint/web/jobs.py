"""The checks the page is running: a bounded number at once, each cancellable by its id.

A check takes a slot before its work starts; with every slot taken the request is
answered at once with 503 (the page says the server is busy), instead of queueing
without limit. A check sent with an `X-Check-Id` header can be cancelled with
`POST /api/cancel/{id}`: the work stops at its next checkpoint (between stages, and
every few hundred findings while they are rendered) and answers 409.
"""

from __future__ import annotations

import re
import threading
from contextlib import contextmanager
from typing import Callable, Iterator

from inclusivelint.web.body import ApiError

CHECK_ID_HEADER = "x-check-id"
_CHECK_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")

Checkpoint = Callable[[], None]


def never_cancelled() -> None:
    """The checkpoint of work nobody can cancel."""


class Jobs:
    def __init__(self, workers: int):
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self._lock = threading.Lock()
        self._busy = 0
        self._cancel: dict[str, threading.Event] = {}

    @staticmethod
    def check_id(value: str | None) -> str | None:
        if value is None:
            return None
        if not _CHECK_ID.fullmatch(value):
            raise ApiError(422, f"{CHECK_ID_HEADER}: expected 1 to 64 letters, digits, '-' or '_'")
        return value

    @contextmanager
    def slot(self, check_id: str | None) -> Iterator[Checkpoint]:
        """Hold one of the slots for a check; yields its checkpoint, which raises
        ApiError(409) once the check has been cancelled. Raises ApiError(503) when every
        slot is taken."""
        event = threading.Event()
        with self._lock:
            if self._busy >= self.workers:
                raise ApiError(503, f"the server is busy with {self.workers} checks; try again in a moment")
            if check_id is not None and check_id in self._cancel:
                raise ApiError(409, f"a check with id {check_id!r} is already running")
            self._busy += 1
            if check_id is not None:
                self._cancel[check_id] = event

        def checkpoint() -> None:
            if event.is_set():
                raise ApiError(409, "the check was cancelled")

        try:
            yield checkpoint
        finally:
            event.set()  # a handler that left early (the client went away) stops its worker too
            with self._lock:
                self._busy -= 1
                if check_id is not None:
                    self._cancel.pop(check_id, None)

    def cancel(self, check_id: str) -> bool:
        """Ask the running check `check_id` to stop; False when there is none."""
        with self._lock:
            event = self._cancel.get(check_id)
        if event is None:
            return False
        event.set()
        return True

    @property
    def busy(self) -> int:
        return self._busy
