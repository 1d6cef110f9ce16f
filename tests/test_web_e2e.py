"""The web page in a real headless Chromium (Debian's `chromium`, driven by Playwright).

Skipped when /usr/bin/chromium (or $INCLUSIVELINT_CHROMIUM) or Playwright is missing. The server is uvicorn on a
free 127.0.0.1 port in a thread; every request the page makes to any other host is
blocked and recorded, so the tests also prove the page needs no network.

    INCLUSIVELINT_SCREENSHOT=docs/screenshot.png python -m pytest tests/test_web_e2e.py -k screenshot

refreshes the README's screenshot.
"""

import os
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("INCLUSIVELINT_CHROMIUM", "/usr/bin/chromium")
if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")
pytest.importorskip("starlette")

from inclusivelint.web.app import create_app, listen  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
JOB_AD = (ROOT / "examples" / "job-ad.md").read_text(encoding="utf-8")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-quic", "--no-first-run", "--disable-dev-shm-usage"]
PAYLOADS = ('<script>window.__pwned = "script"</script>\n'
            '<img src=x onerror="window.__pwned = \'img\'">\n'
            '<svg onload="window.__pwned = \'svg\'"></svg>\n'
            '"><iframe srcdoc="<script>parent.__pwned = \'iframe\'</script>"></iframe>\n'
            '\nWe need a rockstar who enjoys a challenge.\n')


@pytest.fixture(scope="module")
def base_url(linter):
    sock = listen("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(create_app(linter), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, base_url):
    contexts, problems = [], []

    def open_(width=1280, height=900, bypass_csp=False, expect_csp_errors=False, expect_http_errors=False):
        context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True,
                                      bypass_csp=bypass_csp)
        contexts.append(context)

        def only_local(route):
            if route.request.url.startswith(base_url + "/"):
                route.continue_()
            else:
                problems.append(f"request to {route.request.url}")
                route.abort()

        context.route("**/*", only_local)
        page = context.new_page()
        page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
        def console(msg):
            if msg.type == "error" and not (expect_csp_errors and "Content Security Policy" in msg.text) \
                    and not (expect_http_errors and "Failed to load resource" in msg.text):
                problems.append(f"console: {msg.text}")

        page.on("console", console)
        page.goto(base_url + "/")
        return page

    yield open_
    for context in contexts:
        context.close()
    assert problems == []


def check(page, text, fmt="markdown", profile="job-ad"):
    page.select_option("#profile", profile)
    page.select_option("#format", fmt)
    page.fill("#text", text)
    page.click("#check")
    page.wait_for_function("() => document.querySelector('#status').textContent.includes('flag')")


def flags(page):
    """(rule id, start, end, the flagged words) for each highlight, in text order."""
    return [tuple(f) for f in page.eval_on_selector_all(
        "#view mark.flag",
        "marks => marks.map(m => [m.dataset.rule, +m.dataset.start, +m.dataset.end, m.lastChild.textContent])")]


def shown_text(page):
    """The checked text as the page shows it, without the category labels."""
    return page.evaluate("""() => {
        const view = document.querySelector("#view").cloneNode(true);
        view.querySelectorAll(".tag").forEach((tag) => tag.remove());
        return view.textContent;
    }""")


def test_requirement_checks_are_listed_in_the_job_ad_summary(open_page):
    page = open_page()
    check(page, "Data Analyst\n\nRequirements:\n\n- SQL.\n- Must be able to lift 40 pounds.\n")
    assert "req-physical-demand" in {r for r, *_ in flags(page)}
    checks = page.locator("#summary .checks").first.inner_text()
    assert "req-physical-demand (line 6): “lift 40 pounds” is demanded" in checks


def test_check_a_job_ad_open_a_flag_and_apply_suggestions(open_page, linter):
    page = open_page()
    check(page, JOB_AD)
    found = flags(page)
    expected = linter.lint(JOB_AD, input_format="markdown")
    assert [(f.rule_id, f.start, f.end, f.matched) for f in expected] == found
    assert {"rockstar", "culture fit", "whitelist", "Native English speaker"} <= {w for *_, w in found}
    for rule_id, start, end, words in found:
        assert JOB_AD[start:end] == words
    assert shown_text(page) == JOB_AD

    # Each highlight is a focusable button named with its category, not by colour alone.
    mark = page.locator("mark[data-rule=whitelist]")
    assert mark.get_attribute("role") == "button" and mark.get_attribute("tabindex") == "0"
    assert "racial or ethnic, warning" in mark.get_attribute("aria-label")
    assert mark.locator(".tag").inner_text().lower() == "race"
    assert page.eval_on_selector("mark[data-rule=whitelist]", "m => getComputedStyle(m).textDecorationLine") \
        == "underline"

    # Open it from the keyboard: message, reason, sources, suggestions.
    mark.focus()
    page.keyboard.press("Enter")
    details = page.locator("#details")
    details.wait_for(state="visible")
    assert mark.get_attribute("aria-expanded") == "true"
    rule = linter.rulebook.rules["whitelist"]
    page.wait_for_function("() => !document.querySelector('#details .reason').textContent.includes('Loading')")
    (finding,) = [f for f in expected if f.rule_id == "whitelist"]
    assert details.locator(".message").inner_text() == finding.message
    assert details.locator(".reason").inner_text().split() == rule.reason.split()
    assert details.locator(".evidence .grade").inner_text() == rule.evidence
    assert rule.evidence_source and linter.rulebook.sources[rule.evidence_source].title in \
        details.locator(".evidence").inner_text()
    source = linter.rulebook.sources[rule.sources[0]]
    assert source.title in details.locator(".sources").inner_text()
    assert source.publisher in details.locator(".sources").inner_text()
    buttons = details.locator(".suggestions button")
    fits = [s for s in rule.suggestions if s not in rule.advice and s != "allow"]  # "our allow": no
    assert [b.get_attribute("data-suggestion") for b in buttons.all()] == fits
    assert details.locator(".advice-only").count() == len(rule.suggestions) - len(fits)
    assert "reads: “Keep our allowlist of partner banks" in details.locator(".suggestions").inner_text()

    # Escape closes the details and puts focus back on the flag.
    page.keyboard.press("Escape")
    assert details.is_hidden()
    assert page.evaluate("document.activeElement.dataset.rule") == "whitelist"

    # One click applies a chosen suggestion server-side, then re-lints.
    page.keyboard.press("Enter")
    details.locator("button[data-suggestion='allowlist']").click()
    page.wait_for_function("() => document.querySelector('#status').textContent.startsWith('Replaced')")
    revised = page.input_value("#text")
    assert "Keep our allowlist of partner banks and the fraud blacklist up to date." in revised
    assert "whitelist" not in {r for r, *_ in flags(page)}
    assert all(revised[s:e] == w for _, s, e, w in flags(page))

    # Apply all safe fixes: the blacklist goes too.
    page.click("#fix-all")
    page.wait_for_function("() => document.querySelector('#status').textContent.startsWith('Applied 1 safe fix')")
    revised = page.input_value("#text")
    assert "Keep our allowlist of partner banks and the fraud blocklist up to date." in revised
    assert page.is_disabled("#fix-all")

    # The job-ad summary: the gender-coding meter and the requirement checks.
    summary = page.locator("#summary")
    assert summary.locator(".verdict").inner_text() == "strongly masculine-coded"
    assert "strongly masculine-coded" in summary.locator(".meter").get_attribute("aria-label")
    chips = summary.locator(".chip").all_inner_texts()
    assert "ambitious" in chips and "competitive" in chips
    checks = summary.locator(".checks").first.inner_text()
    assert "No requirement asks for something the job does not need." in checks  # degree has a route
    assert "salary range: missing" in summary.inner_text()

    # Download the revised text.
    with page.expect_download() as info:
        page.click("#download")
    assert Path(info.value.path()).read_text(encoding="utf-8") == revised
    assert info.value.suggested_filename == "revised.md"


def test_a_review_gets_its_own_summary(open_page):
    page = open_page()
    check(page, (ROOT / "examples" / "review.md").read_text(encoding="utf-8"), profile="review")
    summary = page.locator("#summary")
    assert "How the review reads" in summary.inner_text()
    assert "abrasive" in summary.locator(".chip").all_inner_texts()
    assert summary.locator(".meter").count() == 0  # gender coding is for job ads


def test_copy_puts_the_revised_text_on_the_clipboard(open_page, base_url):
    page = open_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    check(page, "Update the whitelist.", fmt="text", profile="docs")
    page.click("#fix-all")
    page.wait_for_function("() => document.querySelector('#status').textContent.startsWith('Applied')")
    page.click("#copy")
    page.wait_for_function("() => document.querySelector('#status').textContent === 'Copied the text.'")
    assert page.evaluate("navigator.clipboard.readText()") == "Update the allowlist."


@pytest.mark.parametrize("csp", ["with-csp", "without-csp"])
@pytest.mark.parametrize("fmt", ["text", "html", "markdown"])
def test_pasted_markup_is_shown_as_text_and_never_runs(open_page, fmt, csp):
    # Without the Content-Security-Policy too: the page must be safe on its own.
    page = open_page(bypass_csp=csp == "without-csp")
    check(page, PAYLOADS, fmt=fmt)
    page.wait_for_timeout(300)  # give any injected handler the chance to fire
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelectorAll('img, svg, iframe, script:not([src])').length") == 0
    assert shown_text(page) == PAYLOADS  # shown verbatim, as text
    assert "rockstar" in {w for *_, w in flags(page)}
    page.locator("mark[data-rule=rockstar]").click()  # the details panel renders text too
    page.locator("#details .suggestions").wait_for()
    assert page.evaluate("window.__pwned") is None


def test_the_policy_blocks_inline_script_as_a_second_line_of_defence(open_page):
    page = open_page(expect_csp_errors=True)
    ran = page.evaluate("""() => {
        const s = document.createElement("script");
        s.textContent = "window.__inline = 1";
        document.body.append(s);
        return window.__inline === undefined ? null : window.__inline;
    }""")
    assert ran is None


def test_applying_keeps_undo_and_highlights_the_change(open_page):
    page = open_page()
    text = "Keep our whitelist of partner banks and the fraud blacklist up to date.\n"
    check(page, text, fmt="text", profile="docs")
    page.locator("mark[data-rule=whitelist]").click()
    page.locator("#details button[data-suggestion='allowlist']").click()
    page.wait_for_function("() => document.querySelector('#status').textContent.startsWith('Replaced')")
    assert page.input_value("#text") == text.replace("whitelist", "allowlist")
    assert page.locator("#view ins.changed").all_inner_texts() == ["allowlist"]
    assert [r for r, *_ in flags(page)] == ["blacklist"]  # the fix hid no other finding
    # Ctrl+Z in the box takes the edit back: it went in as typing does.
    page.focus("#text")
    page.keyboard.press("Control+z")
    assert page.input_value("#text") == text
    page.keyboard.press("Control+Shift+z")
    assert page.input_value("#text") == text.replace("whitelist", "allowlist")
    # So does the Undo button, and the text is checked again.
    page.click("#undo")
    page.wait_for_function("() => document.querySelector('#status').textContent.startsWith('Undone')")
    assert page.input_value("#text") == text
    assert sorted(r for r, *_ in flags(page)) == ["blacklist", "whitelist"]
    # Two safe fixes: "fixes", and both highlighted until the next edit.
    page.click("#fix-all")
    page.wait_for_function("() => document.querySelector('#status').textContent.startsWith('Applied 2 safe fixes')")
    assert page.locator("#view ins.changed").count() == 2
    page.focus("#text")
    page.keyboard.press("End")
    page.keyboard.type("!")
    assert page.locator("#view ins.changed").count() == 0


def test_an_empty_box_asks_for_text(open_page):
    page = open_page()
    page.fill("#text", "   ")
    page.click("#check")
    assert "Paste or type some text" in page.inner_text("#error")


def test_a_word_document_opens_as_text_and_a_binary_file_is_refused(open_page):
    import io

    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("We need a rockstar who enjoys a challenge.")
    buf = io.BytesIO()
    document.save(buf)
    page = open_page(expect_http_errors=True)  # the refused file is a 422, which Chromium logs
    page.set_input_files("#file", files=[{"name": "ad.docx", "buffer": buf.getvalue(),
                                          "mimeType": "application/octet-stream"}])
    page.wait_for_function("() => document.querySelector('#status').textContent.includes('flag')")
    assert page.input_value("#text") == "We need a rockstar who enjoys a challenge.\n"
    assert "rockstar" in [r for r, *_ in flags(page)]
    page.set_input_files("#file", files=[{"name": "photo.png", "buffer": b"\x89PNG\r\n\x1a\n\x00\x00",
                                          "mimeType": "image/png"}])
    page.wait_for_function("() => document.querySelector('#error').textContent.includes('binary')")


def test_an_uploaded_html_file_is_read_in_the_browser_and_linted_as_html(open_page):
    page = open_page()
    page.set_input_files("#file", files=[{"name": "ad.html", "mimeType": "text/html",
                                          "buffer": PAYLOADS.encode("utf-8")}])
    page.wait_for_function("() => document.querySelector('#status').textContent.includes('flag')")
    assert page.input_value("#format") == "html"
    assert page.input_value("#text") == PAYLOADS
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelectorAll('img, svg, iframe').length") == 0
    with page.expect_download() as info:
        page.click("#download")
    assert info.value.suggested_filename == "ad-revised.html"


def test_readable_at_320_px(open_page):
    page = open_page(width=320, height=700)
    check(page, JOB_AD)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.locator("mark[data-rule=rockstar]").click()
    page.locator("#details .suggestions button").first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    box = page.locator("#details").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320


def test_the_whole_page_works_from_the_keyboard(open_page):
    page = open_page()
    page.fill("#text", "Keep a whitelist.")
    page.focus("#text")
    page.keyboard.press("Control+Enter")
    page.wait_for_function("() => document.querySelectorAll('#view mark').length === 1")
    for _ in range(20):  # Tab from the text box to the flag
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.rule") == "whitelist":
            break
    else:
        pytest.fail("the flag cannot be reached with Tab")
    page.keyboard.press(" ")
    page.locator("#details").wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == "details-heading"
    for _ in range(10):  # Tab on to the first suggestion and press Enter
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.suggestion || ''") == "allowlist":
            break
    else:
        pytest.fail("the suggestion cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#text').value === 'Keep an allowlist.'")


@pytest.mark.skipif(not os.environ.get("INCLUSIVELINT_SCREENSHOT"), reason="set INCLUSIVELINT_SCREENSHOT=path")
def test_screenshot(open_page):
    page = open_page(width=1280, height=900)
    check(page, JOB_AD)
    page.evaluate("document.querySelector('#text').setSelectionRange(0, 0); "
                  "document.querySelector('#text').scrollTop = 0; window.scrollTo(0, 0)")
    page.locator("#check").focus()
    page.screenshot(path=os.environ["INCLUSIVELINT_SCREENSHOT"])
