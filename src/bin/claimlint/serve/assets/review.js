// The review page: sends the copy to POST /v1/lint as it is typed, shows
// each finding highlighted in place, and applies the suggestions the server
// returns. Copy is user text: it reaches the page only through textContent
// and text nodes, never as markup.
"use strict";

const $ = (id) => document.getElementById(id);
const editor = $("editor");
const format = $("format");
const view = $("view");
const card = $("card");
const cardBody = $("card-body");

const SEVERITY = { error: "Error", warning: "Warning", info: "Note" };
const RANK = { info: 0, warning: 1, error: 2 };

const state = {
  // The text the current findings point into, and the findings.
  text: "",
  diagnostics: [],
  // Which request is the latest: an older answer arriving late is dropped.
  sequence: 0,
  timer: 0,
  token: sessionStorage.getItem("claimlint-token") || "",
  // Rule explanations (GET /v1/rules/{id}), fetched once each.
  rules: new Map(),
  // The highlight the card belongs to, and whether it was opened on purpose
  // (click, Enter) rather than by pointing.
  anchor: null,
  pinned: false,
};

// ------------------------------------------------------------- the server

async function call(path, body) {
  const headers = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (state.token) headers.authorization = "Bearer " + state.token;
  const response = await fetch(path, {
    method: body === undefined ? "GET" : "POST",
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await response.json().catch(() => null);
  if (response.status === 401) {
    $("token-form").hidden = false;
    $("token").focus();
  }
  if (!response.ok) {
    throw new Error((answer && answer.message) || response.statusText);
  }
  return answer;
}

function explanation(rule) {
  if (!state.rules.has(rule)) {
    const path = "/v1/rules/" + rule.split("/").map(encodeURIComponent).join("/");
    state.rules.set(rule, call(path).catch(() => null));
  }
  return state.rules.get(rule);
}

function scheduleCheck() {
  clearTimeout(state.timer);
  state.timer = setTimeout(check, 350);
}

async function check() {
  clearTimeout(state.timer);
  const text = editor.value;
  const sequence = ++state.sequence;
  setState("Checking…");
  try {
    const answer = await call("/v1/lint", { text, format: format.value });
    if (sequence !== state.sequence) return;
    state.text = text;
    state.diagnostics = answer.diagnostics.filter((d) => !d.suppressed);
    render(answer.summary);
    setState(text.trim() === "" ? "Paste copy to check it." : "Checked.");
  } catch (error) {
    if (sequence === state.sequence) setState("Not checked: " + error.message);
  }
}

// ------------------------------------------------------------ the offsets

// The server counts UTF-8 bytes; JavaScript strings count UTF-16 units.
// index[b] is the UTF-16 index of the character at byte b.
function byteIndex(text) {
  const index = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.codePointAt(i);
    const bytes = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    for (let k = 0; k < bytes; k++) index.push(i);
    if (c >= 0x10000) i++;
  }
  index.push(text.length);
  return index;
}

const isDisclosure = (d) => d.category.startsWith("missing-");
const applicable = (s) => s.applicability !== "display-only";

// ------------------------------------------------------------- rendering

function render(summary) {
  hideCard();
  renderSummary(summary);
  renderView();
  renderDisclosures();
}

function renderSummary(summary) {
  const counts = { error: summary.errors, warning: summary.warnings, info: summary.info };
  for (const [severity, n] of Object.entries(counts)) {
    $("count-" + severity).textContent = String(n);
    const word = { error: "error", warning: "warning", info: "note" }[severity];
    $("label-" + severity).textContent = n === 1 ? word : word + "s";
  }
}

// The copy as text nodes, with a highlight over each stretch that one or
// more findings cover (findings may overlap: a stretch lists them all).
function renderView() {
  const text = state.text;
  const index = byteIndex(text);
  const found = state.diagnostics
    .map((d, i) => ({ d, i, start: index[d.start], end: index[d.end] }))
    .filter((f) => !isDisclosure(f.d) && f.start < f.end);
  const cuts = new Set([0, text.length]);
  for (const f of found) {
    cuts.add(f.start);
    cuts.add(f.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const nodes = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const [a, b] = [points[k], points[k + 1]];
    const piece = text.slice(a, b);
    const over = found.filter((f) => f.start <= a && f.end >= b);
    if (over.length === 0) {
      nodes.push(document.createTextNode(piece));
      continue;
    }
    const worst = over.reduce((x, y) => (RANK[y.d.severity] > RANK[x.d.severity] ? y : x));
    const mark = document.createElement("mark");
    mark.className = "finding sev-" + worst.d.severity;
    mark.textContent = piece;
    mark.tabIndex = 0;
    mark.setAttribute("role", "button");
    mark.setAttribute("aria-haspopup", "dialog");
    mark.setAttribute("aria-expanded", "false");
    mark.setAttribute(
      "aria-label",
      over.map((f) => SEVERITY[f.d.severity] + ": " + f.d.message).join(". ") + ". Passage: " + piece,
    );
    mark.dataset.findings = over.map((f) => f.i).join(" ");
    mark.dataset.start = String(a);
    nodes.push(mark);
  }
  view.replaceChildren(...nodes);
  if (text.trim() === "") view.textContent = "";
}

function renderDisclosures() {
  const list = $("disclosures");
  const items = [];
  state.diagnostics.forEach((d) => {
    if (!isDisclosure(d)) return;
    const item = document.createElement("li");
    item.className = "disclosure sev-" + d.severity;
    const message = document.createElement("p");
    message.textContent = d.message;
    item.append(message);
    const suggestion = d.suggestions.find(applicable);
    const sentence = (suggestion ? suggestion.replacement : d.rewrite || "").trim();
    if (sentence) {
      const quote = document.createElement("blockquote");
      quote.textContent = sentence;
      item.append(quote);
    }
    if (suggestion) {
      const add = document.createElement("button");
      add.type = "button";
      add.textContent = "Add";
      add.setAttribute("aria-label", "Add: " + sentence);
      add.addEventListener("click", () => apply(suggestion, "Added the disclosure."));
      item.append(add);
    }
    items.push(item);
  });
  list.replaceChildren(...items);
  $("no-disclosures").hidden = items.length > 0;
}

// ------------------------------------------------------------------ card

function findingsOf(mark) {
  return mark.dataset.findings.split(" ").map((i) => state.diagnostics[Number(i)]);
}

function showCard(mark, pinned) {
  if (state.anchor && state.anchor !== mark) state.anchor.setAttribute("aria-expanded", "false");
  state.anchor = mark;
  state.pinned = pinned;
  mark.setAttribute("aria-expanded", "true");
  cardBody.replaceChildren(...findingsOf(mark).map(cardSection));
  card.hidden = false;
  place(mark);
}

function cardSection(d) {
  const section = document.createElement("section");
  section.className = "card-finding sev-" + d.severity;
  const title = document.createElement("p");
  title.className = "card-title";
  title.textContent = SEVERITY[d.severity] + " · " + d.rule;
  const message = document.createElement("p");
  message.className = "card-message";
  message.textContent = d.message;
  const why = labelled("Why it matters", "Loading…", "card-why");
  explanation(d.rule).then((rule) => {
    why.lastChild.textContent = rule ? rule.rationale.replace(/\s+/g, " ").trim() : "Not available.";
  });
  section.append(title, message, why);
  if (d.rewrite) section.append(labelled("Say instead", d.rewrite, "card-rewrite"));
  const actions = document.createElement("div");
  actions.className = "card-actions";
  for (const s of d.suggestions) {
    if (applicable(s)) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "apply";
      button.textContent = s.replacement === "" ? "Delete it" : "Replace with “" + s.replacement + "”";
      button.addEventListener("click", () => apply(s, "Applied the suggestion."));
      actions.append(button);
    } else {
      actions.append(labelled("Or write", s.replacement, "card-manual"));
    }
  }
  if (actions.childElementCount > 0) section.append(actions);
  return section;
}

function labelled(label, text, className) {
  const p = document.createElement("p");
  p.className = className;
  const strong = document.createElement("strong");
  strong.textContent = label + ": ";
  const span = document.createElement("span");
  span.textContent = text;
  p.append(strong, span);
  return p;
}

// Below the highlight, kept inside the window; on a narrow screen the
// stylesheet pins it to the bottom instead.
function place(mark) {
  const box = mark.getBoundingClientRect();
  const width = card.offsetWidth;
  const left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - width - 8));
  card.style.left = left + window.scrollX + "px";
  card.style.top = box.bottom + window.scrollY + 6 + "px";
}

function hideCard() {
  if (state.anchor) state.anchor.setAttribute("aria-expanded", "false");
  state.anchor = null;
  state.pinned = false;
  card.hidden = true;
}

function openAndFocus(mark) {
  showCard(mark, true);
  const first = card.querySelector("button");
  (first || mark).focus();
}

// ----------------------------------------------------------- applying

// Apply one edit of the server's (byte offsets into the checked text), then
// check again; keyboard focus goes to the next highlight, or the view.
async function apply(suggestion, notice) {
  if (editor.value !== state.text) {
    announce("The copy changed since it was checked; checking it again.");
    await check();
    return;
  }
  const index = byteIndex(state.text);
  const [a, b] = [index[suggestion.start], index[suggestion.end]];
  editor.value = state.text.slice(0, a) + suggestion.replacement + state.text.slice(b);
  const hadFocus = card.contains(document.activeElement) || $("disclosures").contains(document.activeElement);
  hideCard();
  await check();
  announce(notice);
  if (hadFocus) {
    const next = [...view.querySelectorAll("mark")].find((m) => Number(m.dataset.start) >= a);
    (next || view).focus();
  }
}

// ----------------------------------------------------------- small parts

function setState(text) {
  $("state").textContent = text;
}

function announce(text) {
  $("notice").textContent = text;
}

function formatOf(name) {
  const ext = name.toLowerCase().split(".").pop();
  return { md: "markdown", markdown: "markdown", mdx: "mdx", html: "html", htm: "html" }[ext] || "text";
}

async function open(file) {
  editor.value = await file.text();
  format.value = formatOf(file.name);
  announce("Opened " + file.name + ".");
  check();
}

async function copyOut() {
  try {
    await navigator.clipboard.writeText(editor.value);
  } catch {
    editor.select();
    document.execCommand("copy");
  }
  announce("Copied the cleaned copy.");
  setState("Copied.");
}

// ---------------------------------------------------------------- events

editor.addEventListener("input", scheduleCheck);
format.addEventListener("change", check);
$("file").addEventListener("change", (e) => e.target.files[0] && open(e.target.files[0]));
$("copy").addEventListener("click", copyOut);
$("token-form").addEventListener("submit", (e) => {
  e.preventDefault();
  state.token = $("token").value.trim();
  sessionStorage.setItem("claimlint-token", state.token);
  $("token-form").hidden = true;
  check();
});

for (const target of [editor, view]) {
  target.addEventListener("dragover", (e) => e.preventDefault());
  target.addEventListener("drop", (e) => {
    e.preventDefault();
    const file = e.dataTransfer && e.dataTransfer.files[0];
    if (file) open(file);
  });
}

const markOf = (target) => (target instanceof Element ? target.closest("mark.finding") : null);

// Pointing: the card follows the pointer between highlights, and stays
// while the pointer crosses the gap to it.
let hiding = 0;
const hideSoon = () => {
  clearTimeout(hiding);
  if (!state.pinned) hiding = setTimeout(hideCard, 300);
};
view.addEventListener("mouseover", (e) => {
  const mark = markOf(e.target);
  if (mark && !state.pinned) {
    clearTimeout(hiding);
    if (state.anchor !== mark) showCard(mark, false);
  }
});
view.addEventListener("mouseout", (e) => {
  if (markOf(e.target)) hideSoon();
});
card.addEventListener("mouseenter", () => clearTimeout(hiding));
card.addEventListener("mouseleave", hideSoon);
view.addEventListener("focusin", (e) => {
  const mark = markOf(e.target);
  if (mark) showCard(mark, false);
});
view.addEventListener("focusout", (e) => {
  if (!card.contains(e.relatedTarget) && !markOf(e.relatedTarget)) hideCard();
});
view.addEventListener("click", (e) => {
  const mark = markOf(e.target);
  if (mark) openAndFocus(mark);
});
view.addEventListener("keydown", (e) => {
  const mark = markOf(e.target);
  if (mark && (e.key === "Enter" || e.key === " ")) {
    e.preventDefault();
    openAndFocus(mark);
  }
});
card.addEventListener("keydown", (e) => {
  if (e.key === "Escape" && state.anchor) {
    const mark = state.anchor;
    hideCard();
    mark.focus();
  }
});
card.addEventListener("focusout", (e) => {
  if (!card.contains(e.relatedTarget) && e.relatedTarget !== state.anchor) hideCard();
});
document.addEventListener("keydown", (e) => {
  if (e.key === "Escape" && !card.hidden) hideCard();
});

check();
