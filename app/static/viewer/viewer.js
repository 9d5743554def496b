// The viewer: the actor network for a time window, drawn with Cytoscape.js (vendored in
// /static/vendor/cytoscape), from the API's own endpoints: /graph (the slice), /actors?q= (search),
// /actors/{id}/relationships (an actor's relationships in the window), /viewer/timespan (the months the
// claims cover), /analysis/camps (actors coloured by camp) and /analysis/balance (the balance chart).
// Every text from the data is written with textContent, never parsed as HTML.
'use strict';

(function () {
  // the relationship kinds of app/domain/model.py (RELATIONSHIP_KINDS; a test keeps them equal), in the
  // legend's order; the symmetric ones have two sides and are drawn without an arrow
  const KINDS = ['hostility', 'alliance', 'cooperation', 'defection', 'affiliation', 'membership', 'split'];
  const SYMMETRIC = new Set(['hostility', 'alliance', 'cooperation']);
  const STATUSES = ['reported', 'confirmed', 'claimed', 'alleged', 'disputed', 'retracted'];
  const UNKNOWN_START = '0001-01-01';
  const UNKNOWN_END = '9999-12-31';
  const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
    'October', 'November', 'December'];

  const $ = (id) => document.getElementById(id);
  const state = {
    months: [], // 'YYYY-MM' strings, the slider's stops
    month: null, // the chosen month ('YYYY-MM'), when no day is chosen
    day: null, // a chosen day ('YYYY-MM-DD'), instead of the month
    mode: 'possibly',
    hideStale: true, // ask the API with stale_after=STALE_AFTER
    kinds: new Set(KINDS),
    statuses: new Set(STATUSES),
    palette: null,
    slice: null, // the last /graph answer
    edges: new Map(), // edge id -> {kind, source, target, claims: [...]}
    request: 0, // increases with each query; a late answer to an older one is dropped
    selected: null,
    byCamp: false, // colour actors by camp (GET /analysis/camps)
    camps: null, // the last /analysis/camps answer, when byCamp
  };
  // Camps take their own colours (ColorBrewer Dark2), apart from the actor kinds'; an actor in no camp
  // (no alliance, cooperation, affiliation or hostility in the slice) is white.
  const CAMP_COLOURS = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#666666'];
  const NO_CAMP = '#ffffff';
  const SVG = 'http://www.w3.org/2000/svg';
  const MAX_BALANCE_MONTHS = 120; // the API's bound on a series
  // Stale claims are hidden by default: a claim whose time is unknown, or asked about more than this many
  // months after its last evidence (the API's stale_after; docs/data-model.md). `?stale=keep` shows them.
  const STALE_AFTER = 24;
  let cy = null;

  // ------------------------------------------------------------------------------------ small helpers
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key === 'text') el.textContent = value;
      else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  function monthLabel(month) {
    const [y, m] = month.split('-');
    return `${MONTH_NAMES[Number(m) - 1]} ${y}`;
  }

  function dayLabel(day) {
    const [y, m, d] = day.split('-');
    return `${Number(d)} ${MONTH_NAMES[Number(m) - 1]} ${y}`;
  }

  function monthsBetween(first, last) {
    const out = [];
    let [y, m] = first.split('-').map(Number);
    const [ly, lm] = last.split('-').map(Number);
    while (y < ly || (y === ly && m <= lm)) {
      out.push(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`);
      m += 1;
      if (m > 12) { m = 1; y += 1; }
    }
    return out;
  }

  function bound(b, which) {
    if (which === 'start' && b.earliest === UNKNOWN_START) return `by ${b.latest}`;
    if (which === 'end' && b.latest === UNKNOWN_END) return b.earliest === b.latest ? 'open' : `${b.earliest} or later`;
    if (b.earliest === b.latest) return b.earliest;
    return `${b.earliest}..${b.latest}`;
  }

  function when(valid) {
    const text = `${bound(valid.start, 'start')} → ${bound(valid.end, 'end')}`;
    return valid.text ? `${text} (“${valid.text}”)` : text;
  }

  function isWeak(status) {
    return state.palette.weak_statuses.includes(status);
  }

  function windowQuery() {
    const q = new URLSearchParams();
    q.set('during', state.day || state.month);
    q.set('mode', state.mode);
    if (state.kinds.size < KINDS.length) for (const k of KINDS) if (state.kinds.has(k)) q.append('kind', k);
    if (state.statuses.size < STATUSES.length) for (const s of STATUSES) if (state.statuses.has(s)) q.append('status', s);
    if (state.hideStale) q.set('stale_after', String(STALE_AFTER));
    return q;
  }

  function pageQuery(q) {
    // the viewer's own address: the API's query, with the stale default left out (`stale=keep` when off)
    const shown = new URLSearchParams(q);
    shown.delete('stale_after');
    if (!state.hideStale) shown.set('stale', 'keep');
    if (state.byCamp) shown.set('camps', '1');
    return shown;
  }

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const detail = body && body.detail ? body.detail : `${response.status} ${response.statusText}`;
      throw new Error(detail);
    }
    return body;
  }

  // ------------------------------------------------------------------------------------- the graph
  function cytoscapeStyle() {
    const p = state.palette;
    const rules = [
      {
        selector: 'node',
        style: {
          'background-color': (n) => (state.byCamp ? campColour(n.data('camp')) : p.actor[n.data('kind')] || '#999'),
          label: 'data(name)',
          width: 'data(size)',
          height: 'data(size)',
          'font-size': 11,
          'text-wrap': 'wrap',
          'text-max-width': 110,
          'text-valign': 'bottom',
          'text-margin-y': 3,
          'text-outline-color': '#fff',
          'text-outline-width': 2,
          'border-width': 1,
          'border-color': '#555',
        },
      },
      { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#0969da' } },
      {
        selector: 'edge',
        style: {
          'line-color': (e) => p.relationship[e.data('kind')],
          'target-arrow-color': (e) => p.relationship[e.data('kind')],
          'target-arrow-shape': (e) => (SYMMETRIC.has(e.data('kind')) ? 'none' : 'triangle'),
          'line-style': (e) => (e.data('weak') ? 'dashed' : 'solid'),
          'line-dash-pattern': [7, 5],
          width: 'data(width)',
          'curve-style': 'bezier',
          'control-point-step-size': 28,
          opacity: 0.9,
        },
      },
      { selector: 'edge:selected', style: { 'underlay-color': '#0969da', 'underlay-opacity': 0.25, 'underlay-padding': 5 } },
      { selector: '.faded', style: { opacity: 0.15 } },
    ];
    return rules;
  }

  function edgeWidth(claims) {
    // thicker with intensity (events behind the claims, where an event dataset gave them)
    const events = claims.reduce((sum, c) => sum + (c.intensity ? c.intensity.events : 0), 0);
    return events > 0 ? Math.min(3 + 2.2 * Math.log2(1 + events), 16) : 3;
  }

  function elementsOf(slice) {
    const nodes = new Map();
    const edges = new Map();
    for (const n of slice.nodes) nodes.set(n.id, { ...n, claims: 0 });
    for (const link of slice.links) {
      const pair = SYMMETRIC.has(link.kind) ? [link.source, link.target].sort() : [link.source, link.target];
      const id = `${link.kind}:${pair[0]}>${pair[1]}`;
      if (!edges.has(id)) edges.set(id, { id, kind: link.kind, source: pair[0], target: pair[1], claims: [] });
      edges.get(id).claims.push(link);
      nodes.get(link.source).claims += 1;
      nodes.get(link.target).claims += 1;
    }
    return { nodes, edges };
  }

  function draw(slice) {
    const { nodes, edges } = elementsOf(slice);
    state.edges = edges;
    const had = cy.nodes().length > 0;
    cy.batch(() => {
      cy.elements().forEach((el) => {
        const keep = el.isNode() ? nodes.has(el.id()) : edges.has(el.id());
        if (!keep) cy.remove(el);
      });
      for (const n of nodes.values()) {
        const data = { id: n.id, name: n.name, kind: n.kind, claims: n.claims, size: 22 + 9 * Math.sqrt(n.claims) };
        const existing = cy.getElementById(n.id);
        if (existing.nonempty()) existing.data(data);
        else cy.add({ group: 'nodes', data, position: placeNear(n.id, slice.links) });
      }
      for (const e of edges.values()) {
        const data = {
          id: e.id, source: e.source, target: e.target, kind: e.kind, count: e.claims.length,
          weak: e.claims.every((c) => isWeak(c.status)), width: edgeWidth(e.claims),
        };
        const existing = cy.getElementById(e.id);
        if (existing.nonempty()) existing.data(data);
        else cy.add({ group: 'edges', data });
      }
    });
    const container = $('graph');
    container.dataset.state = 'layout';
    const layout = cy.layout({
      name: 'cose',
      animate: false,
      randomize: !had,
      fit: true,
      padding: 40,
      nodeRepulsion: () => 9000,
      idealEdgeLength: () => 110,
      componentSpacing: 80,
      nodeDimensionsIncludeLabels: true,
    });
    layout.one('layoutstop', () => {
      container.dataset.state = 'ready';
      container.dataset.edges = String(cy.edges().length);
      container.dataset.window = state.day || state.month;
    });
    layout.run();
    renderTable(edges);
  }

  function placeNear(id, links) {
    // a new actor starts beside an actor it is linked to that is already drawn, so months stay recognisable
    for (const l of links) {
      const other = l.source === id ? l.target : l.target === id ? l.source : null;
      if (other) {
        const n = cy.getElementById(other);
        if (n.nonempty()) return { x: n.position('x') + 40 * (Math.random() - 0.5), y: n.position('y') + 40 };
      }
    }
    const ext = cy.extent();
    return { x: (ext.x1 + ext.x2) / 2 + 80 * (Math.random() - 0.5), y: (ext.y1 + ext.y2) / 2 + 80 * (Math.random() - 0.5) };
  }

  function renderTable(edges) {
    const body = $('edge-table').querySelector('tbody');
    body.replaceChildren();
    const names = new Map((state.slice ? state.slice.nodes : []).map((n) => [n.id, n.name]));
    for (const e of [...edges.values()].sort((a, b) => a.id.localeCompare(b.id))) {
      const sep = SYMMETRIC.has(e.kind) ? ' – ' : ' → ';
      body.append(h('tr', {},
        h('td', {}, h('button', { type: 'button', class: 'linklike', onclick: () => selectEdge(e.id) },
          `${names.get(e.source)}${sep}${names.get(e.target)}`)),
        h('td', { text: e.kind }),
        h('td', { text: String(e.claims.length) }),
        h('td', { text: [...new Set(e.claims.map((c) => c.status))].join(', ') })));
    }
  }

  // ------------------------------------------------------------------------------------ querying
  async function load() {
    const ticket = ++state.request;
    const q = windowQuery();
    history.replaceState(null, '', `${location.pathname}?${pageQuery(q)}`);
    updateLabels();
    updateExports(q);
    $('graph').dataset.state = 'loading';
    const summary = $('summary');
    summary.classList.remove('error');
    let slice;
    try {
      slice = await getJSON(`/graph?${q}`);
    } catch (err) {
      if (ticket !== state.request) return;
      summary.classList.add('error');
      summary.textContent = `Could not load the slice: ${err.message}`;
      $('graph').dataset.state = 'error';
      return;
    }
    if (ticket !== state.request) return;
    state.slice = slice;
    draw(slice);
    const edges = state.edges.size;
    summary.replaceChildren(
      `${slice.links.length} claim${slice.links.length === 1 ? '' : 's'} drawn as ${edges} line${edges === 1 ? '' : 's'} ` +
      `between ${slice.nodes.length} actor${slice.nodes.length === 1 ? '' : 's'} · ${windowText()} · ${state.mode}`,
      slice.truncated ? h('span', { class: 'warn', text: ' · more claims matched than are drawn: narrow the filters' }) : '',
    );
    if (state.selected) reselect();
    if (state.byCamp) await loadCamps(ticket);
    if ($('balance').open) markBalance();
  }

  // ------------------------------------------------------------------------------------ camps
  function campColour(camp) {
    if (camp === undefined || camp === null) return NO_CAMP;
    return CAMP_COLOURS[(camp - 1) % CAMP_COLOURS.length];
  }

  function sliceQuery() {
    // the filters /analysis/* take: the window, mode and statuses (not kinds: camps read alliance,
    // cooperation, affiliation and hostility whatever is drawn)
    const q = new URLSearchParams();
    q.set('during', state.day || state.month);
    q.set('mode', state.mode);
    if (state.statuses.size < STATUSES.length) for (const s of STATUSES) if (state.statuses.has(s)) q.append('status', s);
    if (state.hideStale) q.set('stale_after', String(STALE_AFTER));
    return q;
  }

  async function loadCamps(ticket) {
    const legend = $('camp-legend');
    let camps;
    try {
      camps = await getJSON(`/analysis/camps?${sliceQuery()}`);
    } catch (err) {
      if (ticket !== state.request) return;
      legend.replaceChildren(h('p', { class: 'note', text: `No camps: ${err.message}` }));
      return;
    }
    if (ticket !== state.request || !state.byCamp) return;
    state.camps = camps;
    const campOf = new Map();
    for (const camp of camps.camps) for (const m of camp.members) campOf.set(m.id, camp.id);
    cy.batch(() => cy.nodes().forEach((n) => n.data('camp', campOf.has(n.id()) ? campOf.get(n.id()) : null)));
    cy.style().update();
    $('graph').dataset.camps = String(camps.camps.length);
    const rows = camps.camps.map((camp) => {
      const dot = h('span', { class: 'dot', 'aria-hidden': 'true' });
      dot.style.backgroundColor = campColour(camp.id);
      const broken = camp.frustrated.length ? ` · ${camp.frustrated.length} tie${camp.frustrated.length === 1 ? '' : 's'} breaking it` : '';
      return h('div', { class: 'legend-row', title: camp.members.map((m) => m.name).join(', ') }, dot,
        `camp ${camp.id}: ${camp.members.length} actor${camp.members.length === 1 ? '' : 's'}${broken}`);
    });
    legend.replaceChildren(...rows,
      h('p', { class: 'note', text: `frustration ${camps.frustration} of ${camps.total_weight} (${camps.method})` +
        (camps.slice.capped ? ' · capped: more claims matched than were read' : '') }));
  }

  function setByCamp(on) {
    state.byCamp = on;
    $('by-camp').checked = on;
    if (!on) {
      state.camps = null;
      $('camp-legend').replaceChildren();
      delete $('graph').dataset.camps;
      cy.style().update();
    }
    load();
  }

  // ------------------------------------------------------------------------------------ balance chart
  function svgEl(tag, attrs, text) {
    const el = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
    if (text !== undefined) el.textContent = text;
    return el;
  }

  async function loadBalance() {
    const months = state.months.slice(-MAX_BALANCE_MONTHS);
    const q = sliceQuery();
    q.delete('during');
    q.set('from', months[0]);
    q.set('to', months.at(-1));
    const chart = $('balance-chart');
    chart.dataset.state = 'loading';
    let series;
    try {
      series = await getJSON(`/analysis/balance?${q}`);
    } catch (err) {
      $('balance-note').textContent = `No balance: ${err.message}`;
      chart.dataset.state = 'error';
      return;
    }
    drawBalance(series);
  }

  function drawBalance(series) {
    const chart = $('balance-chart');
    const W = 640, H = 170, L = 30, R = 10, T = 10, B = 22;
    const steps = series.steps;
    const slot = (W - L - R) / Math.max(steps.length, 1);
    const most = Math.max(1, ...steps.map((s) => s.triangles));
    const x = (i) => L + slot * (i + 0.5);
    const y = (v) => T + (H - T - B) * (1 - v);
    const parts = [svgEl('line', { x1: L, y1: y(0), x2: W - R, y2: y(0), stroke: '#888' }),
      svgEl('text', { x: 2, y: y(1) + 4, 'font-size': 9 }, '1.0'), svgEl('text', { x: 2, y: y(0) + 3, 'font-size': 9 }, '0')];
    steps.forEach((s, i) => {
      const height = (H - T - B) * (s.triangles / most);
      parts.push(svgEl('rect', { x: x(i) - slot * 0.4, y: y(0) - height, width: Math.max(slot * 0.8, 1),
        height: Math.max(height, s.triangles ? 1 : 0), fill: '#d9d9d9' }));
      // the month's whole column takes the click, so a month without triangles can be chosen too
      const hit = svgEl('rect', { class: 'bar', x: x(i) - slot / 2, y: T, width: slot, height: y(0) - T,
        fill: '#ffffff', 'fill-opacity': 0, 'data-window': s.window });
      hit.append(svgEl('title', {}, `${s.window}: ${s.triangles} triangles, ${s.balanced} balanced, ${s.weakly_balanced} weakly balanced`));
      hit.addEventListener('click', () => { state.month = s.window; state.day = null; load(); });
      parts.push(hit);
      if (s.window.endsWith('-01')) parts.push(svgEl('text', { x: x(i), y: H - 6, 'font-size': 9, 'text-anchor': 'middle' }, s.window.slice(0, 4)));
    });
    for (const [key, colour] of [['weak_share', '#1f77b4'], ['share', '#d62728']]) {
      steps.forEach((s, i) => {
        if (s[key] !== null) parts.push(svgEl('circle', { cx: x(i), cy: y(s[key]), r: 2.2, fill: colour, 'data-series': key }));
      });
    }
    parts.push(svgEl('line', { id: 'balance-marker', x1: 0, x2: 0, y1: T, y2: y(0), stroke: '#0969da', 'stroke-width': 1.5 }));
    chart.replaceChildren(...parts);
    chart.dataset.steps = String(steps.length);
    chart.dataset.state = 'ready';
    $('balance-note').textContent = `Bars: triangles per month (most ${most}). Red: balanced share (+++ or +−−); ` +
      `blue: weakly balanced (also −−−). Click a bar for that month. ${series.steps.length} months, ${state.mode}.`;
    state.balanceX = Object.fromEntries(steps.map((s, i) => [s.window, x(i)]));
    markBalance();
  }

  function markBalance() {
    const marker = $('balance-marker');
    if (!marker || !state.balanceX) return;
    const at = state.balanceX[state.month];
    marker.setAttribute('x1', String(at === undefined ? -10 : at));
    marker.setAttribute('x2', String(at === undefined ? -10 : at));
  }

  function windowText() {
    return state.day ? dayLabel(state.day) : monthLabel(state.month);
  }

  function updateLabels() {
    $('window-label').textContent = windowText();
    const index = state.months.indexOf(state.month);
    if (index >= 0) $('month').value = String(index);
    $('day').value = state.day || '';
    $('mode').value = state.mode;
    $('prev-month').disabled = index <= 0;
    $('next-month').disabled = index >= state.months.length - 1;
  }

  function updateExports(q) {
    const links = [['gexf', 'GEXF (Gephi)'], ['graphml', 'GraphML (yEd)'], ['cytoscape', 'Cytoscape'],
      ['node-link', 'D3 JSON'], ['csv', 'CSV']];
    $('exports').replaceChildren(...links.map(([format, label]) => {
      const p = new URLSearchParams(q);
      p.set('format', format);
      return h('a', { href: `/graph?${p}`, download: '' }, label);
    }));
  }

  // ------------------------------------------------------------------------------------- details
  function selectEdge(id) {
    const edge = cy.getElementById(id);
    if (edge.empty()) return;
    cy.elements().unselect();
    edge.select();
    showEdge(id);
  }

  function showEdge(id) {
    state.selected = { edge: id };
    const e = state.edges.get(id);
    if (!e) return;
    const names = new Map(state.slice.nodes.map((n) => [n.id, n.name]));
    const sep = SYMMETRIC.has(e.kind) ? ' – ' : ' → ';
    const claims = [...e.claims].sort((a, b) => a.valid.start.latest.localeCompare(b.valid.start.latest));
    $('details').replaceChildren(
      h('h2', {}, kindMark(e.kind), `${names.get(e.source)}${sep}${names.get(e.target)}`),
      h('p', { class: 'meta', text: `${e.kind} · ${claims.length} claim${claims.length === 1 ? '' : 's'} in ${windowText()}` }),
      ...claims.map(claimCard),
    );
  }

  function kindMark(kind) {
    const mark = h('span', { class: 'kind-mark', 'aria-hidden': 'true' });
    mark.style.backgroundColor = state.palette.relationship[kind];
    return mark;
  }

  function claimCard(c) {
    const parties = c.parties.map((p) => `${p.actor.name} (${p.role})`).join(', ');
    return h('article', { class: 'claim', 'data-claim': c.id },
      h('header', {},
        h('strong', { text: c.kind }),
        h('span', { class: `chip status-${c.status}`, text: c.status }),
        h('span', { class: 'chip', text: `confidence ${c.confidence}` }),
        c.intensity ? h('span', { class: 'chip', text: `${c.intensity.events} events` +
          (c.intensity.deaths_best !== null ? `, ${c.intensity.deaths_best} deaths` : '') }) : ''),
      h('p', { class: 'when', text: when(c.valid) }),
      h('p', { class: 'when', text: parties }),
      ...c.citations.flatMap((cite) => [
        h('blockquote', { text: cite.quote }),
        h('p', { class: 'cite' }, cite.stance === 'contradicts' ? 'contradicted by ' : '— ', sourceLine(cite.source)),
      ]),
      h('p', { class: 'cite' }, h('a', { href: `/relationships/${encodeURIComponent(c.id)}` }, `claim ${c.id}`),
        ' (JSON, with its evidence)'),
    );
  }

  function sourceLine(s) {
    const parts = [s.title];
    if (s.publisher) parts.push(s.publisher);
    if (s.author) parts.push(s.author);
    if (s.account) parts.push(s.account);
    if (s.published) parts.push(s.published);
    const text = parts.join(', ');
    if (s.url && /^https?:\/\//.test(s.url)) {
      return h('a', { href: s.url, rel: 'noopener noreferrer external', target: '_blank', class: 'source-link' }, text);
    }
    return h('span', { class: 'source', text });
  }

  async function showActor(id, name) {
    state.selected = { actor: id };
    const q = windowQuery();
    q.set('limit', '100');
    const panel = $('details');
    const inSlice = cy.getElementById(id).nonempty();
    panel.replaceChildren(h('h2', { text: name || id }), h('p', { class: 'meta', text: 'loading…' }));
    let page;
    try {
      page = await getJSON(`/actors/${encodeURIComponent(id)}/relationships?${q}`);
    } catch (err) {
      panel.replaceChildren(h('h2', { text: name || id }), h('p', { class: 'meta', text: err.message }));
      return;
    }
    if (!state.selected || state.selected.actor !== id) return;
    const items = page.items;
    panel.replaceChildren(
      h('h2', { text: page.actor.name }),
      h('p', { class: 'meta', text: `${page.actor.kind.replaceAll('_', ' ')} · ${items.length}${page.next_cursor ? '+' : ''} ` +
        `relationship${items.length === 1 ? '' : 's'} in ${windowText()}` + (inSlice ? '' : ' (none drawn with these filters)') }),
      h('ul', { class: 'rel-list' }, ...items.map((c) => {
        const others = c.parties.filter((p) => p.actor.id !== id).map((p) => `${p.actor.name} (${p.role})`).join(', ');
        return h('li', {}, kindMark(c.kind),
          h('button', { type: 'button', onclick: () => showClaims(page.actor.name, [c]) }, `${c.kind} with ${others}`),
          h('span', { class: `chip status-${c.status}`, text: c.status }),
          h('div', { class: 'when', text: when(c.valid) }));
      })),
    );
  }

  function showClaims(title, claims) {
    $('details').replaceChildren(h('h2', { text: title }), ...claims.map(claimCard));
  }

  function reselect() {
    const sel = state.selected;
    if (sel.edge && state.edges.has(sel.edge)) selectEdge(sel.edge);
    else if (sel.actor) {
      const node = cy.getElementById(sel.actor);
      cy.elements().unselect();
      if (node.nonempty()) node.select();
      showActor(sel.actor, node.nonempty() ? node.data('name') : sel.actor);
    }
  }

  // -------------------------------------------------------------------------------------- search
  let searchTimer = null;
  async function search(text) {
    const list = $('search-results');
    if (text.trim().length < 2) { list.replaceChildren(); return; }
    let page;
    try {
      page = await getJSON(`/actors?${new URLSearchParams({ q: text, limit: '8' })}`);
    } catch (err) {
      list.replaceChildren(h('li', { text: err.message }));
      return;
    }
    if ($('search').value !== text) return;
    list.replaceChildren(...(page.items.length ? page.items.map((a) => h('li', {},
      h('button', { type: 'button', 'data-actor': a.id, onclick: () => focusActor(a) },
        a.name, h('span', { class: 'aka', text: [a.kind.replaceAll('_', ' '), ...a.aliases.slice(0, 3)].join(' · ') })))) :
      [h('li', { class: 'aka', text: 'no actor by that name or alias' })]));
  }

  function focusActor(actor) {
    const node = cy.getElementById(actor.id);
    cy.elements().unselect();
    if (node.nonempty()) {
      node.select();
      cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1.3) }, { duration: 300 });
    }
    showActor(actor.id, actor.name);
  }

  // ---------------------------------------------------------------------------------- controls
  function buildControls() {
    const p = state.palette;
    const kinds = $('kinds');
    for (const kind of KINDS) {
      const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
      swatch.style.borderTopColor = p.relationship[kind];
      const box = h('input', { type: 'checkbox', value: kind, checked: state.kinds.has(kind) });
      box.addEventListener('change', () => { toggle(state.kinds, kind, box.checked); load(); });
      kinds.append(h('label', { class: 'check' }, box, swatch, kind));
    }
    const statuses = $('statuses');
    const note = statuses.querySelector('.note');
    for (const status of STATUSES) {
      const box = h('input', { type: 'checkbox', value: status, checked: state.statuses.has(status) });
      box.addEventListener('change', () => { toggle(state.statuses, status, box.checked); load(); });
      statuses.insertBefore(h('label', { class: 'check' }, box, status), note);
    }
    const legend = $('actor-kinds');
    for (const [kind, colour] of Object.entries(p.actor)) {
      const dot = h('span', { class: 'dot', 'aria-hidden': 'true' });
      dot.style.backgroundColor = colour;
      legend.append(h('div', { class: 'legend-row' }, dot, kind.replaceAll('_', ' ')));
    }
    legend.append(h('p', { class: 'note', text: 'size: how many claims in the window' }));

    const slider = $('month');
    slider.max = String(state.months.length - 1);
    slider.addEventListener('input', () => {
      state.month = state.months[Number(slider.value)];
      state.day = null;
      updateLabels();
      clearTimeout(slider.timer);
      slider.timer = setTimeout(load, 150);
    });
    $('prev-month').addEventListener('click', () => step(-1));
    $('next-month').addEventListener('click', () => step(1));
    $('day').addEventListener('change', () => {
      const value = $('day').value;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return;
      state.day = value;
      state.month = value.slice(0, 7);
      if (!state.months.includes(state.month)) {
        state.months = monthsBetween([state.months[0], state.month].sort()[0], [state.months.at(-1), state.month].sort()[1]);
        slider.max = String(state.months.length - 1);
      }
      load();
    });
    $('mode').addEventListener('change', () => { state.mode = $('mode').value; load(); if ($('balance').open) loadBalance(); });
    $('stale').title = `leave out claims whose time is unknown, and claims more than ${STALE_AFTER} months after their last evidence (source, event or date)`;
    $('stale').addEventListener('change', () => { state.hideStale = $('stale').checked; load(); if ($('balance').open) loadBalance(); });
    $('by-camp').addEventListener('change', () => setByCamp($('by-camp').checked));
    $('balance').addEventListener('toggle', () => { if ($('balance').open) loadBalance(); });
    const input = $('search');
    input.addEventListener('input', () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(() => search(input.value), 200);
    });
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        clearTimeout(searchTimer);
        search(input.value).then(() => {
          const first = $('search-results').querySelector('button');
          if (first) first.click();
        });
      }
    });
  }

  function toggle(set, value, on) {
    if (on) set.add(value); else set.delete(value);
  }

  function step(delta) {
    const index = Math.min(Math.max(state.months.indexOf(state.month) + delta, 0), state.months.length - 1);
    state.month = state.months[index];
    state.day = null;
    load();
  }

  function readURL(timespan) {
    const q = new URLSearchParams(location.search);
    const during = q.get('during') || '';
    if (/^\d{4}-\d{2}-\d{2}$/.test(during)) { state.day = during; state.month = during.slice(0, 7); }
    else if (/^\d{4}-\d{2}$/.test(during)) state.month = during;
    else state.month = timespan.last.slice(0, 7);
    if (q.get('mode') === 'certainly') state.mode = 'certainly';
    state.hideStale = q.get('stale') !== 'keep';
    const kinds = q.getAll('kind').filter((k) => KINDS.includes(k));
    if (kinds.length) state.kinds = new Set(kinds);
    const statuses = q.getAll('status').filter((s) => STATUSES.includes(s));
    if (statuses.length) state.statuses = new Set(statuses);
    state.byCamp = q.get('camps') === '1';
    const first = [timespan.first.slice(0, 7), state.month].sort()[0];
    const last = [timespan.last.slice(0, 7), state.month].sort()[1];
    state.months = monthsBetween(first, last);
  }

  async function start() {
    const [palette, timespan] = await Promise.all([getJSON('/static/viewer/palette.json'), getJSON('/viewer/timespan')]);
    state.palette = palette;
    const today = new Date().toISOString().slice(0, 10);
    readURL({ first: timespan.first || today, last: timespan.last || today });
    cy = cytoscape({
      container: $('graph'),
      style: cytoscapeStyle(),
      minZoom: 0.15,
      maxZoom: 4,
      boxSelectionEnabled: false,
    });
    cy.on('tap', 'node', (event) => {
      const n = event.target;
      showActor(n.id(), n.data('name'));
    });
    cy.on('tap', 'edge', (event) => showEdge(event.target.id()));
    cy.on('tap', (event) => {
      if (event.target === cy) {
        state.selected = null;
        $('details').replaceChildren(h('p', { class: 'hint', text: 'Click an actor for its relationships in this window, or a line for the claims behind it.' }));
      }
    });
    window.allianceViewer = { cy, state, load };
    buildControls();
    $('by-camp').checked = state.byCamp;
    $('stale').checked = state.hideStale;
    await load();
  }

  document.addEventListener('DOMContentLoaded', () => {
    start().catch((err) => {
      const summary = $('summary');
      summary.classList.add('error');
      summary.textContent = `The viewer could not start: ${err.message}`;
      $('graph').dataset.state = 'error';
    });
  });
})();
