// inclusivelint web page. Talks only to its own server (/api/...).
//
// Safety: user text (and anything derived from it, such as a matched phrase) is only
// ever put into the page as text nodes or textContent. Nothing here assigns
// innerHTML, outerHTML or insertAdjacentHTML, or evaluates strings.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const form = $("check-form");
  const textBox = $("text");
  const profileBox = $("profile");
  const formatBox = $("format");
  const fileInput = $("file");
  const fileName = $("file-name");
  const view = $("view");
  const count = $("count");
  const status = $("status");
  const errorBox = $("error");
  const fixAll = $("fix-all");
  const undoButton = $("undo");
  const copyButton = $("copy");
  const downloadButton = $("download");
  const details = $("details");
  const detailsHeading = $("details-heading");
  const detailsBody = $("details-body");
  const summary = $("summary");
  const summaryBody = $("summary-body");

  const MAX_BYTES = 1000000;
  const CATEGORIES = {
    gatekeeping: ["gate", "gatekeeping"],
    gendered: ["gender", "gendered"],
    ageist: ["age", "ageist"],
    ableist: ["ability", "ableist"],
    "racial-ethnic": ["race", "racial or ethnic"],
    lgbtq: ["LGBTQ+", "LGBTQ+"],
    socioeconomic: ["class", "socioeconomic"],
    dismissive: ["dismiss", "dismissive"],
    "coded-culture": ["culture", "coded culture"],
  };
  const FIX_NOTES = {
    safe: "Safe fix: “Apply all safe fixes” uses the first suggestion.",
    unsafe: "The first suggestion usually fits, but read the sentence again after applying it.",
    "display-only": "These are ideas, not drop-in words: read the whole sentence after choosing one.",
  };
  const FORMAT_EXTENSIONS = { text: ".txt", markdown: ".md", html: ".html" };

  // The last checked state: the text the findings belong to.
  let state = null;
  let running = null; // the id of the check in progress (it can be cancelled by it)
  let cancelled = false; // the user pressed Cancel during the check in progress
  let openIndex = null;
  let uploadedName = null;
  const ruleCache = new Map();

  // -- small DOM helpers (text only) --------------------------------------------
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }
  function categoryOf(name) {
    return CATEGORIES[name] ? name : "other";
  }
  function categoryLabel(name) {
    return (CATEGORIES[name] || [name, name])[0];
  }
  function categoryName(name) {
    return (CATEGORIES[name] || [name, name])[1];
  }
  function plural(n, word) {
    if (n === 1) return `${n} ${word}`;
    return `${n} ${/(s|x|z|ch|sh)$/.test(word) ? `${word}es` : `${word}s`}`;
  }
  function setStatus(message) {
    status.textContent = message || "";
  }
  function setError(message) {
    errorBox.textContent = message || "";
  }

  // The API counts offsets in code points (Python strings); JavaScript strings count
  // UTF-16 units. A text with characters outside the BMP (emoji) needs a map.
  function unitOffsets(text) {
    if (!/[\uD800-\uDFFF]/.test(text)) return (i) => i;
    const map = [];
    let unit = 0;
    for (const ch of text) {
      map.push(unit);
      unit += ch.length;
    }
    map.push(unit);
    return (i) => map[Math.min(i, map.length - 1)];
  }

  // -- talking to the server ------------------------------------------------------
  function newCheckId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  }

  async function api(path, body) {
    const options = body === undefined ? {} : {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    };
    if (body !== undefined) {
      running = newCheckId();
      options.headers["X-Check-Id"] = running;
    }
    let response;
    try {
      response = await fetch(path, options);
    } catch (err) {
      throw new Error("The inclusivelint server is not answering. Is `inclusivelint serve` still running?");
    }
    let data = null;
    try {
      data = await response.json();
    } catch (err) {
      data = null;
    }
    if (!response.ok) {
      const error = new Error((data && data.error) || `The server answered ${response.status}.`);
      error.status = response.status;
      error.cancelled = cancelled && response.status === 409;
      throw error;
    }
    return data;
  }

  function request() {
    return { text: textBox.value, format: formatBox.value, profile: profileBox.value };
  }

  async function cancelCheck() {
    if (!running) return;
    cancelled = true;
    try {
      await fetch(`/api/cancel/${encodeURIComponent(running)}`, { method: "POST" });
    } catch (err) {
      // the server is gone: the check ends with it
    }
  }

  function setBusy(busy) {
    $("results").setAttribute("aria-busy", busy ? "true" : "false");
    $("check").disabled = busy;
    $("cancel").hidden = !busy;
    if (!busy) running = null;
    if (busy) cancelled = false;
    if (busy) {
      fixAll.disabled = true;
    }
  }

  async function check(message) {
    const body = request();
    if (!body.text.trim()) {
      setStatus("");
      setError("Paste or type some text to check, or open a file.");
      textBox.focus();
      return;
    }
    if (new Blob([JSON.stringify(body)]).size > MAX_BYTES) {
      setError("This text is too long to check at once (the limit is 1 MB); check it in parts.");
      return;
    }
    setError("");
    setStatus("Checking…");
    setBusy(true);
    try {
      const data = await api("/api/lint", body);
      show(body, data);
      setStatus(message || summaryLine(data.findings));
    } catch (err) {
      setStatus("");
      setError(err.message);
    } finally {
      setBusy(false);
      updateButtons();
    }
  }

  async function fix(extra, describe) {
    if (!state) return;
    if (textBox.value !== state.text) {
      await check("The text changed since it was checked, so it was checked again: choose again.");
      return;
    }
    const body = { ...request(), ...extra };
    setError("");
    setBusy(true);
    try {
      const data = await api("/api/fix", body);
      const changed = typeInEdits(body.text, data.edits || [], data.text);
      show({ ...body, text: data.text }, data, changed);
      setStatus(`${describe(data.applied)} ${summaryLine(data.findings)}`);
      $("results-heading").focus();
    } catch (err) {
      if (err.status === 409 && !err.cancelled) {
        await check("The text changed since it was checked, so it was checked again: choose again.");
      } else {
        setError(err.message);
      }
    } finally {
      setBusy(false);
      updateButtons();
    }
  }

  function summaryLine(findings) {
    if (!findings.length) return "No flags: nothing here shuts people out that the rules know of.";
    const safe = findings.filter((f) => f.fix === "safe").length;
    const line = `${plural(findings.length, "flag")}${safe ? `, ${safe} with a safe fix` : ""}.`;
    if (state && state.truncated) {
      return `${line} The text has more; only the first ${findings.length} flags are shown: ` +
        "fix these, or check the text in parts, to see the rest.";
    }
    return line;
  }

  // -- rendering the checked text ------------------------------------------------------
  // Make the server's edits in the text box as typing would (execCommand keeps the
  // browser's undo history, so Ctrl+Z and the Undo button revert them), last edit
  // first so earlier offsets stay put. Returns the changed ranges in the new text.
  function typeInEdits(oldText, edits, newText) {
    const toUnit = unitOffsets(oldText);
    const sorted = [...edits].sort((a, b) => b.start - a.start);
    textBox.focus();
    for (const e of sorted) {
      textBox.setSelectionRange(toUnit(e.start), toUnit(e.end));
      const typed = document.execCommand && document.execCommand("insertText", false, e.replacement);
      if (!typed) textBox.setRangeText(e.replacement, toUnit(e.start), toUnit(e.end), "end");
    }
    if (textBox.value !== newText) textBox.value = newText; // never leave a different text behind
    let shift = 0;
    const ranges = [];
    for (const e of [...edits].sort((a, b) => a.start - b.start)) {
      const start = toUnit(e.start) + shift;
      ranges.push([start, start + e.replacement.length]);
      shift += e.replacement.length - (toUnit(e.end) - toUnit(e.start));
    }
    undoButton.disabled = false;
    return ranges;
  }

  function undoLast() {
    textBox.focus();
    const before = textBox.value;
    const undone = document.execCommand && document.execCommand("undo");
    if (!undone || textBox.value === before) {
      setStatus("Nothing to undo here; use Ctrl+Z in the text box.");
      return;
    }
    check("Undone. The text was checked again.");
  }

  function show(sent, data, changed) {
    state = { text: sent.text, format: sent.format, profile: sent.profile, findings: data.findings,
              summary: data.analysis, sources: data.sources || {}, changed: changed || [],
              truncated: Boolean(data.truncated), total: data.total || data.findings.length };
    if (data.tool) $("version").textContent = data.tool.version;
    closeDetails(false);
    renderView();
    renderSummary();
    view.classList.remove("stale");
  }

  function renderView() {
    const { text, findings } = state;
    const toUnit = unitOffsets(text);
    view.replaceChildren();
    let last = 0;
    for (const f of findings) {
      const start = toUnit(f.start);
      const end = toUnit(f.end);
      if (start < last) continue; // overlapping flags are listed once
      view.append(...plainWithChanges(text, last, start));
      view.append(flagButton(f, text.slice(start, end)));
      last = end;
    }
    view.append(...plainWithChanges(text, last, text.length));
    const n = findings.length;
    count.textContent = state.truncated ? `More than ${plural(n, "flag")} (the first ${n} are shown)`
      : (n ? plural(n, "flag") : "No flags");
    renderLegend();
  }

  // Text between flags, with the words a fix just wrote highlighted (until the next edit).
  function plainWithChanges(text, from, to) {
    const out = [];
    let at = from;
    for (const [s, e] of state.changed || []) {
      const a = Math.max(s, at);
      const b = Math.min(e, to);
      if (a >= b) continue;
      out.push(document.createTextNode(text.slice(at, a)));
      out.push(el("ins", { class: "changed", title: "Changed by the last fix", text: text.slice(a, b) }));
      at = b;
    }
    out.push(document.createTextNode(text.slice(at, to)));
    return out;
  }

  function flagButton(f, words) {
    const cat = categoryOf(f.category);
    // The accessible name starts with the visible text (the category tag, then the words).
    const label = `${categoryLabel(f.category)} ${words.replace(/\s+/g, " ")}: ${categoryName(f.category)}, ${f.severity}. Show why and what to write instead.`;
    const mark = el("mark", {
      class: `flag cat-${cat} sev-${f.severity}`,
      role: "button",
      tabindex: "0",
      "aria-label": label,
      "aria-expanded": "false",
      "aria-controls": "details",
      "data-index": f.index,
      "data-rule": f.rule_id,
      "data-start": f.start,
      "data-end": f.end,
      title: `${categoryName(f.category)} · ${f.severity}: ${f.message}`,
    },
    el("span", { class: "tag", "aria-hidden": "true", text: categoryLabel(f.category) }),
    words);
    mark.addEventListener("click", () => openFlag(f.index));
    mark.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        openFlag(f.index);
      }
    });
    return mark;
  }

  function renderLegend() {
    const list = $("legend");
    list.replaceChildren();
    const seen = [...new Set(state.findings.map((f) => f.category))].sort();
    for (const cat of seen) {
      list.append(el("li", { class: `cat-${categoryOf(cat)}` },
        el("span", { class: "tag", text: categoryLabel(cat) }), categoryName(cat)));
    }
  }

  function markFor(index) {
    return view.querySelector(`mark[data-index="${Number(index)}"]`);
  }

  // -- details of one flag ----------------------------------------------------------------
  async function openFlag(index) {
    const f = state.findings[index];
    if (!f) return;
    for (const m of view.querySelectorAll("mark[aria-expanded=true]")) m.setAttribute("aria-expanded", "false");
    const mark = markFor(index);
    if (mark) mark.setAttribute("aria-expanded", "true");
    openIndex = index;
    details.hidden = false;
    detailsHeading.textContent = `“${f.matched.replace(/\s+/g, " ")}”`;
    detailsBody.replaceChildren(...detailsContent(f, null));
    detailsHeading.focus();
    details.scrollIntoView({ block: "nearest" });
    let rule = ruleCache.get(f.rule_id);
    if (!rule) {
      try {
        rule = await api(`/api/rules/${encodeURIComponent(f.rule_id)}`);
        ruleCache.set(f.rule_id, rule);
      } catch (err) {
        rule = { reason: `(The explanation could not be loaded: ${err.message})`, sources: [] };
      }
    }
    if (openIndex === index && state.findings[index] === f) {
      detailsBody.replaceChildren(...detailsContent(f, rule));
    }
  }

  function detailsContent(f, rule) {
    const cat = categoryOf(f.category);
    const parts = [
      el("p", { class: "meta" },
        el("span", { class: `tag cat-${cat}`, text: categoryLabel(f.category) }),
        el("span", { class: "pill", text: categoryName(f.category) }),
        el("span", { class: "pill", text: f.severity }),
        el("span", { class: "pill", text: `rule ${f.rule_id}` }),
        el("span", { class: "pill", text: `line ${f.line}` })),
      el("p", { class: "message", text: f.message }),
      el("h3", { text: "Try instead" }),
    ];
    const list = el("ul", { class: "suggestions" });
    f.suggestions.forEach((suggestion, i) => {
      const replacement = f.replacements ? f.replacements[i] : null;
      if (replacement === null || replacement === undefined) {
        const advice = (f.advice || []).includes(suggestion);
        list.append(el("li", { class: "advice-only" }, suggestion,
          el("span", { class: "note", text: advice ? " (advice: rewrite the sentence by hand)"
                                                   : " (does not fit this sentence as it stands)" })));
        return;
      }
      const button = el("button", {
        type: "button",
        "data-suggestion": suggestion,
        onclick: () => applySuggestion(f, suggestion),
      }, "Use “", el("strong", { text: suggestion }), "”");
      const preview = f.previews ? f.previews[i] : null;
      const becomes = preview
        ? el("span", { class: "becomes", text: ` reads: “${preview}”` })
        : (replacement !== suggestion ? el("span", { class: "becomes", text: ` becomes “${replacement}”` }) : null);
      list.append(el("li", {}, button, becomes));
    });
    parts.push(list);
    parts.push(el("p", { class: "note", text: FIX_NOTES[f.fix] || "" }));
    parts.push(el("h3", { text: "Why it matters" }),
      evidenceLine(f.evidence),
      el("p", { class: "reason", text: rule ? rule.reason : "Loading…" }));
    if (rule && rule.sources && rule.sources.length) {
      parts.push(el("h3", { text: "Sources" }),
        el("ul", { class: "sources" }, ...rule.sources.map((s) => el("li", {}, citation(s)))));
    }
    return parts;
  }

  // The grade of the evidence behind the reason, strongest first: field-experiment,
  // lab-study, style-guide, community (see rules/README.md).
  const GRADE_NOTES = {
    "field-experiment": "measured on real applicants or employers",
    "lab-study": "measured in a controlled study",
    "style-guide": "recommended by a published style guide",
    community: "asked for by the people it names",
  };

  function evidenceLine(e) {
    if (!e) return el("p", { class: "evidence note", text: "Evidence: not graded (a house rule)." });
    return el("p", { class: "evidence" },
      "Evidence: ", el("span", { class: `pill grade grade-${e.grade}`, text: e.grade }),
      ` ${GRADE_NOTES[e.grade] || ""}`, e.citation ? el("span", { class: "note", text: ` (${e.citation})` }) : "");
  }

  function citation(s) {
    const who = s.authors ? `${s.authors}, ` : "";
    const when = s.year ? ` (${s.year})` : "";
    const title = s.url && /^https?:\/\//.test(s.url) ? el("a", { href: s.url, rel: "noopener noreferrer", target: "_blank", text: s.title })
                        : el("cite", { text: s.title });
    return el("span", {}, who, title, `. ${s.publisher}${when}.`);
  }

  function closeDetails(returnFocus) {
    const index = openIndex;
    openIndex = null;
    details.hidden = true;
    for (const m of view.querySelectorAll("mark[aria-expanded=true]")) m.setAttribute("aria-expanded", "false");
    if (returnFocus && index !== null) {
      const mark = markFor(index);
      if (mark) mark.focus();
    }
  }

  function applySuggestion(f, suggestion) {
    const replacement = { start: f.start, end: f.end, rule_id: f.rule_id, suggestion };
    fix({ replacement }, (n) => (n ? `Replaced “${f.matched}” with “${suggestion}”.` : "Nothing changed."));
  }

  // -- the text as a whole ----------------------------------------------------------------
  function renderSummary() {
    const s = state.summary;
    summaryBody.replaceChildren();
    if (!s) {
      summary.hidden = true;
      return;
    }
    summary.hidden = false;
    const byCat = Object.entries(s.findings.by_category);
    summaryBody.append(el("p", {},
      `${plural(s.words, "word")}, ${plural(s.findings.total, "flag")}`,
      byCat.length ? `: ${byCat.map(([c, n]) => `${n} ${categoryName(c)}`).join(", ")}.` : "."));
    if (s.gender_coding) summaryBody.append(...genderCoding(s.gender_coding));
    if (s.requirements) summaryBody.append(...requirements(s.requirements, s.requirements_list));
    if (s.statements) summaryBody.append(...statements(s.statements));
    if (s.review) summaryBody.append(...reviewLanguage(s.review));
    if (s.review && s.advice.length) {
      summaryBody.append(el("h3", { text: "What to add or change" }),
        el("ul", { class: "plain-list" }, ...s.advice.map((a) => el("li", { text: a }))));
    }
  }

  // The five-step scale: score >= 4 strongly feminine ... <= -4 strongly masculine.
  const SCALE = [
    ["strongly feminine-coded", -6, -4], ["feminine-coded", -4, -1], ["neutral", -1, 1],
    ["masculine-coded", 1, 4], ["strongly masculine-coded", 4, 6],
  ];

  function genderCoding(g) {
    const x = Math.max(-6, Math.min(6, -g.score)); // masculine to the right
    const track = el("div", { class: "meter-track" });
    for (const [verdict, lo, hi] of SCALE) {
      const seg = el("div", { class: `meter-seg${verdict === g.verdict ? " on" : ""}`, title: verdict });
      seg.style.flexGrow = String(hi - lo);
      track.append(seg);
    }
    const marker = el("div", { class: "meter-marker" });
    marker.style.left = `${((x + 6) / 12) * 100}%`;
    const score = g.score.toFixed(1).replace("-", "−");
    const meter = el("div", {
      class: "meter", role: "img",
      "aria-label": `Gender coding scale from strongly feminine-coded to strongly masculine-coded; this text: ${g.verdict}, score ${score}.`,
    }, track, marker, el("div", { class: "meter-scale", "aria-hidden": "true" },
      el("span", { text: "feminine" }), el("span", { text: "neutral" }), el("span", { text: "masculine" })));
    const coded = (kind) => {
      const words = g.coded_words.filter((w) => w.coding === kind);
      return el("div", {},
        el("h4", { class: "sub", text: `${kind[0].toUpperCase()}${kind.slice(1)}-coded (${words.reduce((n, w) => n + w.count, 0)})` }),
        words.length
          ? el("ul", { class: "chips" }, ...words.map((w) => el("li", { class: `chip ${kind}` },
              w.occurrences.map((o) => o.text).filter((t, i, all) => all.indexOf(t) === i).join(", "),
              w.count > 1 ? ` ×${w.count}` : "")))
          : el("p", { class: "note", text: "none" }));
    };
    const work = g.job_work_words || [];
    const workPart = work.length
      ? [el("h4", { class: "sub", text: `Naming the job's own work, not counted (${work.reduce((n, w) => n + w.count, 0)})` }),
         el("p", { class: "note", text: `The title “${g.job_title}” names this work; these words describe the duties, not the person.` }),
         el("ul", { class: "chips" }, ...work.map((w) => el("li", { class: "chip work" },
           w.occurrences.map((o) => o.text).filter((t, i, all) => all.indexOf(t) === i).join(", "),
           w.count > 1 ? ` ×${w.count}` : "")))]
      : [];
    return [
      el("h3", { text: "Gender-coded wording" }),
      el("p", {}, el("span", { class: "verdict", text: g.verdict }),
        ` (score ${score}: ${plural(g.masculine, "masculine-coded word")}, ${plural(g.feminine, "feminine-coded word")})`),
      el("p", { class: "note", text: "Information, not a grade: a field experiment on real job postings found negligible effects of gendered wording on who applies (see “About this measure”)." }),
      meter,
      el("div", { class: "coded" }, coded("masculine"), coded("feminine")),
      ...workPart,
      el("details", {}, el("summary", { text: "About this measure" }), el("p", { class: "note", text: g.explanation })),
    ];
  }

  function reviewLanguage(r) {
    const words = (spans) => spans.map((w) => w.text.replace(/\s+/g, " "))
      .filter((t, i, all) => all.indexOf(t) === i);
    const chips = (title, spans) => [
      el("h4", { class: "sub", text: `${title} (${spans.length})` }),
      spans.length ? el("ul", { class: "chips" }, ...words(spans).map((t) => el("li", { class: "chip", text: t })))
                   : el("p", { class: "note", text: "none" }),
    ];
    return [
      el("h3", { text: "How the review reads" }),
      el("p", {}, el("span", { class: "verdict", text: r.balance.replace(/-/g, " ") }),
        `: ${plural(r.effort_count, "effort word")} ("hard-working") against ` +
        `${plural(r.accomplishment_count, "accomplishment word")} ("led", "shipped").`),
      ...chips("Personality words", r.personality),
      ...chips("Vague feedback", r.vague),
    ];
  }

  function requirements(issues, listing) {
    // each is a finding of a requirement check (a rule that reads the whole ad)
    const items = issues.map((f) => el("li", { class: "bad" },
      el("span", { class: "mark", "aria-hidden": "true", text: "✗" }),
      el("strong", { text: f.rule_id }), ` (line ${f.line}): ${f.message}.`, sourceNote(f.sources)));
    if (listing) {
      items.push(el("li", { class: listing.too_long ? "bad" : "ok" },
        el("span", { class: "mark", "aria-hidden": "true", text: listing.too_long ? "✗" : "✓" }),
        el("strong", { text: "Must-haves" }), `: ${listing.message}`,
        listing.advice ? ` ${listing.advice}` : ""));
    }
    if (!issues.length) {
      items.unshift(el("li", { class: "ok" }, el("span", { class: "mark", "aria-hidden": "true", text: "✓" }),
        "No requirement asks for something the job does not need."));
    }
    return [el("h3", { text: "Requirement checks" }), el("ul", { class: "checks" }, ...items)];
  }

  function statements(found) {
    return [el("h3", { text: "Statements candidates look for" }), el("ul", { class: "checks" },
      ...found.map((s) => el("li", { class: s.present ? "ok" : "bad" },
        el("span", { class: "mark", "aria-hidden": "true", text: s.present ? "✓" : "✗" }),
        el("strong", { text: s.title }), s.present ? ": present." : `: missing. ${s.advice}`)))];
  }

  function sourceNote(ids) {
    const known = (ids || []).map((id) => state.sources[id]).filter(Boolean);
    if (!known.length) return null;
    return el("span", { class: "note" }, known.length > 1 ? " Sources: " : " Source: ",
      known.map((s) => `${s.title}${s.year ? ` (${s.year})` : ""}`).join("; "), ".");
  }

  // -- buttons: fix all, copy, download ----------------------------------------------------
  function updateButtons() {
    const has = textBox.value.length > 0;
    copyButton.disabled = !has;
    downloadButton.disabled = !has;
    const safe = state && state.text === textBox.value
      ? state.findings.filter((f) => f.fix === "safe" && f.replacements && f.replacements[0] !== null).length : 0;
    fixAll.disabled = safe === 0;
    fixAll.textContent = safe ? `Apply all safe fixes (${safe})` : "Apply all safe fixes";
  }

  async function copyText() {
    try {
      await navigator.clipboard.writeText(textBox.value);
    } catch (err) {
      textBox.select();
      document.execCommand("copy");
    }
    setStatus("Copied the text.");
  }

  function downloadText() {
    const type = { text: "text/plain", markdown: "text/markdown", html: "text/html" }[formatBox.value] || "text/plain";
    const blob = new Blob([textBox.value], { type: `${type};charset=utf-8` });
    const url = URL.createObjectURL(blob);
    let name = `revised${FORMAT_EXTENSIONS[formatBox.value] || ".txt"}`;
    if (uploadedName) {
      const dot = uploadedName.lastIndexOf(".");
      name = dot > 0 ? `${uploadedName.slice(0, dot)}-revised${uploadedName.slice(dot)}` : `${uploadedName}-revised`;
    }
    const link = el("a", { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    setStatus(`Downloaded ${name}.`);
  }

  // -- files -----------------------------------------------------------------------------
  function formatForName(name) {
    const lower = name.toLowerCase();
    if (/\.(md|markdown|mdown|mkd)$/.test(lower)) return "markdown";
    if (/\.(html?|xhtml)$/.test(lower)) return "html";
    return "text";
  }

  async function openFile() {
    const file = fileInput.files && fileInput.files[0];
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setError(`${file.name} is over 1 MB; check it in parts.`);
      return;
    }
    setError("");
    let data;
    try {
      const response = await fetch(`/api/extract?name=${encodeURIComponent(file.name)}`, {
        method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: file,
      });
      data = await response.json().catch(() => null);
      if (!response.ok) throw new Error((data && data.error) || `Could not read ${file.name}.`);
    } catch (err) {
      setError(err.message.startsWith("Failed to fetch") ? `Could not read ${file.name}.` : err.message);
      return;
    }
    uploadedName = file.name;
    fileName.textContent = `Opened ${file.name}`;
    formatBox.value = data.format;
    textBox.value = data.text;
    undoButton.disabled = true;
    check();
  }

  // -- wiring ------------------------------------------------------------------------------
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    check();
  });
  textBox.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      check();
    }
  });
  textBox.addEventListener("input", () => {
    if (state && state.changed && state.changed.length && textBox.value !== state.text) {
      state.changed = [];
      renderView();
    }
    if (state && textBox.value !== state.text) {
      view.classList.add("stale");
      setStatus("The text has changed: press Check to update the flags.");
    } else {
      view.classList.remove("stale");
    }
    updateButtons();
  });
  for (const box of [profileBox, formatBox]) {
    box.addEventListener("change", () => { if (state) check(); });
  }
  fileInput.addEventListener("change", openFile);
  undoButton.addEventListener("click", undoLast);
  $("cancel").addEventListener("click", cancelCheck);
  fixAll.addEventListener("click", () => fix({ unsafe: false },
    (n) => (n ? `Applied ${plural(n, "safe fix")}.` : "No safe fixes to apply.")));
  copyButton.addEventListener("click", copyText);
  downloadButton.addEventListener("click", downloadText);
  $("close-details").addEventListener("click", () => closeDetails(true));
  details.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closeDetails(true);
  });
  updateButtons();
})();
