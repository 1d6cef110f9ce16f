"""Hostile input to the web page (issue 14; the rest of the suite is test_hostile.py):
a megabyte of flagged words, more checks than workers, and cancellation."""

from __future__ import annotations

import pytest


def _client(**kwargs):
    from starlette.testclient import TestClient

    from inclusivelint.web.app import create_app

    return TestClient(create_app(**kwargs), base_url="http://127.0.0.1")


@pytest.mark.slow
def test_web_answers_a_megabyte_of_flagged_words_truncated():
    # That its time grows linearly (it was 227 s) is measured by bench/linear.py.
    client = _client()
    text = ("whitelist blacklist guys chairman crazy manpower " * 20000)[:950_000]
    response = client.post("/api/lint", json={"text": text})
    data = response.json()
    assert response.status_code == 200 and data["truncated"] is True and len(data["findings"]) == 1000
    assert all(text[f["start"]:f["end"]] == f["matched"] for f in data["findings"])
    assert len(response.content) < 2_000_000  # was 56 MB


def test_web_checks_are_bounded_and_cancellable(monkeypatch):
    import threading

    from inclusivelint.web import app as web_app

    started, release = threading.Event(), threading.Event()

    class Slow(web_app.Checker):
        def lint(self, req, checkpoint):
            started.set()
            release.wait(10)
            checkpoint()
            return super().lint(req, checkpoint)

    monkeypatch.setattr(web_app, "Checker", Slow)
    client = _client(workers=1)
    answers = {}
    worker = threading.Thread(target=lambda: answers.setdefault("slow", client.post(
        "/api/lint", json={"text": "whitelist"}, headers={"X-Check-Id": "first"})))
    worker.start()
    assert started.wait(10)
    busy = client.post("/api/lint", json={"text": "whitelist"})
    assert busy.status_code == 503 and "busy" in busy.json()["error"]
    assert client.post("/api/cancel/first").json() == {"cancelled": True}
    assert client.post("/api/cancel/nobody").status_code == 404
    release.set()
    worker.join(10)
    assert answers["slow"].status_code == 409 and "cancelled" in answers["slow"].json()["error"]
    assert client.post("/api/lint", json={"text": "whitelist"}).status_code == 200  # the slot is free again
