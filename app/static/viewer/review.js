/* The review page: POST /extract proposes claims from a text; each is accepted (written through the keyed
   write path: POST /extract/accept, the claim with its source and new actors in one transaction), edited
   first, or rejected (nothing written). The editor key stays in this tab (sessionStorage). No library, no network beyond this
   server. */
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const KEY = "alliance-editor-key";
  const state = { result: null, text: "" };

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (name === "class") node.className = value;
      else if (name.startsWith("data-")) node.setAttribute(name, value);
      else node[name] = value;
    }
    for (const child of children) node.append(child);
    return node;
  }

  function say(text) { $("status").textContent = text; }

  function key() { return $("key").value.trim(); }

  async function send(method, path, body) {
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    if (key()) headers.Authorization = `Bearer ${key()}`;
    const response = await fetch(path, { method, headers, body: JSON.stringify(body) });
    let data = null;
    try { data = await response.json(); } catch (_) { data = null; }
    return { status: response.status, data, location: response.headers.get("Location") };
  }

  function problem(answer) {
    const d = answer.data || {};
    return `${answer.status} ${d.title || ""}: ${d.detail || "no answer"}`;
  }

  // the text, with the proposed sentences and every mention marked -------------------------------------
  function renderArticle() {
    const { result, text } = state;
    const box = $("article");
    box.replaceChildren();
    const sentences = new Map();
    for (const c of result.candidates) sentences.set(c.sentence.start, c.sentence);
    const spans = [...sentences.values()].sort((a, b) => a.start - b.start);
    let at = 0;
    for (const s of spans) {
      if (s.start < at) continue;
      addRange(box, at, s.start);
      const wrap = el("span", { class: "sentence proposed", "data-start": String(s.start) });
      addRange(wrap, s.start, s.end);
      box.append(wrap);
      at = s.end;
    }
    addRange(box, at, text.length);
    box.dataset.state = "ready";
  }

  function addRange(parent, start, end) {
    const { result, text } = state;
    let at = start;
    for (const m of result.mentions) {
      if (m.start < at || m.end > end) continue;
      if (m.start > at) parent.append(text.slice(at, m.start));
      const cls = `mention${m.new ? " new" : ""}${m.party ? "" : " aside"}`;
      const mark = el("mark", { class: cls, "data-actor": m.actor, title: `${m.name} (${m.origin}: ${m.actor})` });
      mark.textContent = text.slice(m.start, m.end);
      parent.append(mark);
      at = m.end;
    }
    if (end > at) parent.append(text.slice(at, end));
  }

  function focusSentence(start) {
    for (const s of document.querySelectorAll("#article .sentence")) {
      s.classList.toggle("focus", s.dataset.start === String(start));
    }
    const target = document.querySelector(`#article .sentence[data-start="${start}"]`);
    if (target) target.scrollIntoView({ block: "nearest" });
  }

  // the candidates ---------------------------------------------------------------------------------
  function span(t) {
    const start = t.from_lo === "0001-01-01" ? `on or before ${t.from_hi}` : `${t.from_lo}..${t.from_hi}`;
    const unknown = t.to_lo === "0001-01-01";
    const end = t.open_ended ? "still holding" : unknown ? `ends on or before ${t.to_hi}` : `ends ${t.to_lo}..${t.to_hi}`;
    return `starts ${start}, ${end}`;
  }

  function select(id, options, value) {
    const s = el("select", { id });
    for (const o of options) s.append(el("option", { value: o, textContent: o, selected: o === value }));
    return s;
  }

  function row(label, input) {
    return el("div", { class: "row" }, el("label", { htmlFor: input.id, textContent: label }), input);
  }

  function partyInputs(box, c, kind) {
    box.replaceChildren();
    const roles = state.result.kinds[kind];
    const given = c.kind === kind ? c.parties : [];
    const symmetric = roles.length === 1;
    const slots = symmetric ? [roles[0], roles[0]] : roles;
    const used = new Set();
    slots.forEach((role, i) => {
      const index = given.findIndex((p, j) => p.role === role && !used.has(j));
      if (index >= 0) used.add(index);
      const input = el("input", { id: `${c.id}-party-${i}`, value: index >= 0 ? given[index].actor : "" });
      input.setAttribute("list", "actor-ids");
      input.dataset.role = role;
      input.placeholder = "actor id";
      box.append(row(role, input));
    });
  }

  function card(c) {
    const li = el("li", { class: "candidate", "data-id": c.id, "data-state": "pending" });
    const kind = select(`${c.id}-kind`, Object.keys(state.result.kinds), c.kind);
    const parties = el("div", { class: "parties" });
    partyInputs(parties, c, c.kind);
    kind.addEventListener("change", () => partyInputs(parties, c, kind.value));
    const status = select(`${c.id}-status`, state.result.statuses, c.claim.status);
    const confidence = el("input", { id: `${c.id}-confidence`, type: "number", min: "0", max: "1", step: "0.05",
      value: String(c.claim.confidence) });
    const from = el("input", { id: `${c.id}-from`, value: c.claim.valid.from || "" });
    const to = el("input", { id: `${c.id}-to`, value: c.claim.valid.to || "", placeholder: "open, a date, or empty" });
    const said = c.time.text ? ` "${c.time.text}"` : " (no date in the sentence)";
    const when = el("p", { class: "note", textContent: `${c.time.precision}${said}: ${span(c.time)}` });
    const hedge = el("p", { class: "note", textContent: c.hedge.text ? `hedge: "${c.hedge.text}"` : "no hedge" });
    const quote = el("blockquote", { textContent: c.quote.text });
    const message = el("p", { class: "message note", role: "status" });
    if (c.needs.length) message.append(el("span", { class: "needs", textContent: `needs: ${c.needs.join(", ")}` }));
    const accept = el("button", { type: "button", class: "accept", textContent: "Accept" });
    const reject = el("button", { type: "button", class: "reject", textContent: "Reject" });
    accept.addEventListener("click", () => acceptCandidate(c, li, { kind, parties, status, confidence, from, to }, message));
    reject.addEventListener("click", () => {
      li.dataset.state = "rejected";
      message.textContent = "rejected: nothing written";
    });
    li.addEventListener("mouseenter", () => focusSentence(c.sentence.start));
    li.append(
      row("kind", kind), parties, row("status", status), row("confidence", confidence), row("from", from),
      row("to", to), when, hedge, quote, el("div", { class: "actions" }, accept, reject), message,
    );
    return li;
  }

  function edited(c, fields) {
    const roles = state.result.kinds[fields.kind.value];
    const parties = {};
    for (const input of fields.parties.querySelectorAll("input")) {
      const actor = input.value.trim();
      if (!actor) throw new Error(`give an actor for ${input.dataset.role}`);
      if (roles.length === 1) (parties[input.dataset.role] ||= []).push(actor);
      else parties[input.dataset.role] = actor;
    }
    const valid = { ...c.claim.valid, from: fields.from.value.trim() || undefined };
    const to = fields.to.value.trim();
    if (to) valid.to = to; else delete valid.to;
    return { ...c.claim, kind: fields.kind.value, parties, valid, status: fields.status.value,
      confidence: Number(fields.confidence.value) };
  }

  async function acceptCandidate(c, li, fields, message) {
    if (!key()) { message.textContent = "enter an editor key first"; li.dataset.state = "error"; return; }
    let body;
    try { body = edited(c, fields); } catch (error) {
      message.textContent = error.message; li.dataset.state = "error"; return;
    }
    li.dataset.state = "saving";
    message.textContent = "writing...";
    // the claim with the source and the proposed actors it names, in ONE request and one transaction: a
    // refused claim leaves neither behind; a source or actor already in the graph is cited as it is
    const named = new Set(Object.values(body.parties).flat());
    const actors = state.result.new_actors.map((p) => p.actor).filter((a) => named.has(a.id));
    const answer = await send("POST", "/extract/accept", { source: state.result.source, actors, claim: body });
    if (answer.status !== 201 && answer.status !== 200) return failed(li, message, "claim", answer);
    const claim = answer.data.claim;
    const sourceKept = answer.data.entities_kept.includes(state.result.source.id);
    li.dataset.state = "accepted";
    li.dataset.claim = claim.id;
    message.replaceChildren(
      `written: `,
      el("a", { href: `/relationships/${claim.id}/history`, textContent: claim.id }),
      answer.status === 200 ? " (it was there already)" : "",
      sourceKept ? `; source ${state.result.source.id} was in the graph already` : "",
    );
    for (const b of li.querySelectorAll("button")) b.disabled = true;
  }

  function failed(li, message, what, answer) {
    li.dataset.state = "error";
    message.textContent = `the ${what} was not written: ${problem(answer)}`;
  }

  // the form ------------------------------------------------------------------------------------------
  async function propose(event) {
    event.preventDefault();
    const text = $("text").value;
    const source = { kind: $("source-kind").value };
    for (const [field, id] of [["title", "title"], ["publisher", "publisher"], ["id", "source-id"], ["url", "url"]]) {
      if ($(id).value.trim()) source[field] = $(id).value.trim();
    }
    say("proposing...");
    const answer = await send("POST", "/extract", { text, published: $("published").value, source });
    if (answer.status !== 200) { say(problem(answer)); return; }
    Object.assign(state, { result: answer.data, text });
    renderArticle();
    const ids = new Map(answer.data.mentions.map((m) => [m.actor, m.name]));
    $("actor-ids").replaceChildren(...[...ids].map(([id, name]) => el("option", { value: id, label: name })));
    $("candidates").replaceChildren(...answer.data.candidates.map(card));
    $("candidates-title").textContent = `${answer.data.candidates.length} candidates`;
    const fresh = answer.data.new_actors.length;
    say(`${answer.data.candidates.length} candidate claims, ${answer.data.mentions.length} mentions` +
      (fresh ? `, ${fresh} new actor(s)` : "") + `; source id ${answer.data.source.id}`);
  }

  function start() {
    $("key").value = sessionStorage.getItem(KEY) || "";
    $("key").addEventListener("input", () => sessionStorage.setItem(KEY, key()));
    $("file").addEventListener("change", () => {
      const file = $("file").files[0];
      if (!file) return;
      const reader = new FileReader();
      reader.onload = () => { $("text").value = String(reader.result); };
      reader.readAsText(file);
    });
    $("article-form").addEventListener("submit", propose);
    window.allianceReview = state;
  }

  start();
})();
