/* taskmap site: looks up and filters what taskmap precomputed (names, task order, folded text); no rules here. */
(function () {
  "use strict";
  const DATA = JSON.parse(document.getElementById("taskmap-data").textContent);
  const ROLES = DATA.roles;
  const ROLE_KEYS = ROLES.map((r) => r.key);
  const TASKS = DATA.tasks;
  const UNITS = DATA.units;
  const POPS = DATA.populations;
  const NOTICES = DATA.notices;
  // Taken when the page was built, as of DATA.today: what falls due, and the latest round's states and lights.
  const DUE = DATA.due || null;
  const PROGRESS = DATA.progress || null;
  const DUE_GROUPS = [
    ["soon", "未来 30 天内到期"], ["overdue", "已逾期"], ["later", "30 天以后到期"],
    ["undated", "没有具体日期（长期、按上级部署、未识别）"],
  ];
  const FIRST_RESULTS = 100;
  // Task items laid out at once; longer lists are appended a chunk at a time after the first screen shows.
  const FIRST_ITEMS = 30;
  const CHUNK_ITEMS = 150;
  const MAX_SUGGESTIONS = 8;
  // As `taskmap dept` offers for a name it does not know: at most three units, those looking most alike.
  const MAX_CLOSE = 3;
  const CLOSE_CUTOFF = 0.3;
  // The overview keeps a column per notice or annex up to this many; beyond, each row lists its own.
  const MATRIX_COLUMNS = 5;

  const $ = (id) => document.getElementById(id);
  const view = $("view");
  const status = $("status");
  const inputs = { q: $("q"), unit: $("unit"), role: $("role"), notice: $("notice") };
  const options = $("unit-options");

  // ---- lookups built once from the payload ----
  const folded = TASKS.map((t) => t.folded || t.text);
  const byForm = new Map();
  UNITS.forEach((u, i) => {
    for (const form of u.forms) {
      const list = byForm.get(form) || [];
      if (!list.includes(i)) list.push(i);
      byForm.set(form, list);
    }
  });
  const byRef = new Map();
  const byId = new Map();
  TASKS.forEach((t, i) => {
    byRef.set(t.ref, i);
    byId.set(t.id, (byId.get(t.id) || []).concat([i]));
  });
  const noticeByKey = new Map(NOTICES.map((n, i) => [n.key, i]));
  // (unit, task) → [state, light, note], and each task's [unit, state, light, note] rows.
  const stateOf = new Map();
  const statesOfTask = new Map();
  if (PROGRESS) {
    for (const [u, ti, s, l, note] of PROGRESS.rows) {
      stateOf.set(u * TASKS.length + ti, [s, l, note]);
      if (!statesOfTask.has(ti)) statesOfTask.set(ti, []);
      statesOfTask.get(ti).push([u, s, l, note]);
    }
  }
  const annexOf = (t) => NOTICES[t.notice].annexes.find((a) => a.number === t.annex);

  // ---- text helpers ----
  const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ESCAPES[c]);
  // The same folding as taskmap's: NFKC, white space dropped.
  const fold = (s) => s.normalize("NFKC").replace(/\s+/g, "");
  const words = (s) => s.normalize("NFKC").split(/\s+/).filter(Boolean);
  const roleOf = (key) => ROLES.find((r) => r.key === key);
  const unitName = (i) => UNITS[i].display;

  // ---- state in the fragment: #dept=市公安局&role=lead, #task=2.3.6, #q=信用修复 ----
  const VIEWS = ["task", "checklist", "populations", "overview", "due", "progress"];
  function parseHash(hash) {
    const state = {};
    for (const part of hash.replace(/^#/, "").split("&")) {
      if (!part) continue;
      const at = part.indexOf("=");
      const key = at < 0 ? part : part.slice(0, at);
      let value = at < 0 ? "" : part.slice(at + 1);
      try { value = decodeURIComponent(value); } catch (e) { /* a stray % is kept as typed */ }
      state[key] = value;
    }
    return state;
  }
  function hashOf(state) {
    const order = ["task", "checklist", "populations", "overview", "due", "progress", "q", "dept", "role", "notice", "all"];
    const parts = [];
    for (const key of order) {
      if (!(key in state) || state[key] === undefined || state[key] === null) continue;
      const value = state[key];
      if (value === "" && !VIEWS.includes(key)) continue;
      parts.push(value === "" ? key : key + "=" + encodeURIComponent(value).replace(/%3A/g, ":"));
    }
    return parts.length ? "#" + parts.join("&") : location.pathname + location.search;
  }
  let state = parseHash(location.hash);
  let renderedHash = null;

  // ---- units ----
  function resolveUnit(text) {
    const key = fold(text || "");
    if (!key) return { unit: -1, candidates: [] };
    const exact = byForm.get(key) || [];
    if (exact.length === 1) return { unit: exact[0], candidates: exact };
    // Among units of several places sharing a name, the one shown under exactly this name (its links).
    const shownAs = exact.filter((i) => fold(UNITS[i].display) === key);
    if (shownAs.length === 1) return { unit: shownAs[0], candidates: exact };
    const partial = [];
    UNITS.forEach((u, i) => {
      if (!exact.includes(i) && u.forms.some((f) => f.includes(key))) partial.push(i);
    });
    const candidates = exact.concat(partial);
    return { unit: exact.length === 0 && partial.length === 1 ? partial[0] : -1, candidates };
  }
  // difflib's SequenceMatcher(None, a, b).ratio(), which taskmap's `closest` ranks by (b is what was typed).
  function likeness(a, b) {
    const positions = new Map();
    b.forEach((ch, j) => positions.set(ch, (positions.get(ch) || []).concat([j])));
    let matched = 0;
    const spans = [[0, a.length, 0, b.length]];
    while (spans.length) {
      const [alo, ahi, blo, bhi] = spans.pop();
      let besti = alo, bestj = blo, size = 0;
      let runs = new Map();
      for (let i = alo; i < ahi; i++) {
        const next = new Map();
        for (const j of positions.get(a[i]) || []) {
          if (j < blo) continue;
          if (j >= bhi) break;
          const k = (runs.get(j - 1) || 0) + 1;
          next.set(j, k);
          if (k > size) { besti = i - k + 1; bestj = j - k + 1; size = k; }
        }
        runs = next;
      }
      if (!size) continue;
      matched += size;
      if (alo < besti && blo < bestj) spans.push([alo, besti, blo, bestj]);
      if (besti + size < ahi && bestj + size < bhi) spans.push([besti + size, ahi, bestj + size, bhi]);
    }
    return a.length + b.length ? (2 * matched) / (a.length + b.length) : 0;
  }
  // The units whose names look most like a name no unit has (市公按局 → 市公安局), best first.
  function closeUnits(text) {
    const typed = Array.from(fold(text || ""));
    if (!typed.length) return [];
    const best = new Map();
    UNITS.forEach((u, i) => {
      for (const form of u.forms) {
        const score = likeness(Array.from(form), typed);
        if (score < CLOSE_CUTOFF) continue;
        const held = best.get(i);
        if (!held || score > held[0] || (score === held[0] && form > held[1])) best.set(i, [score, form]);
      }
    });
    return [...best.entries()]
      .sort((x, y) => y[1][0] - x[1][0] || (y[1][1] > x[1][1] ? 1 : y[1][1] < x[1][1] ? -1 : 0))
      .slice(0, MAX_CLOSE)
      .map(([i]) => i);
  }
  const noticeFilter = () => (state.notice && noticeByKey.has(state.notice) ? noticeByKey.get(state.notice) : -1);
  const inNotice = (taskIndex) => !noticeByKey.has(state.notice) || TASKS[taskIndex].notice === noticeFilter();

  // ---- pieces ----
  function unitLink(i) {
    return '<a href="#dept=' + esc(encodeURIComponent(UNITS[i].display)) + '">' + esc(unitName(i)) + "</a>";
  }
  function unitList(list, except) {
    // A line breaks only between names, and 、 stays with the name before it.
    const links = list.filter((i) => i !== except).map(unitLink);
    return links.map((link, n) => '<span class="unit">' + link + (n < links.length - 1 ? "、" : "") + "</span>").join("");
  }
  function shownRef(t) {
    return DATA.several ? t.ref : t.id;
  }
  function taskAttrs(t, extra) {
    let attrs = ' data-task-id="' + esc(t.id) + '"';
    if (DATA.several) attrs += ' data-notice="' + esc(NOTICES[t.notice].key) + '"';
    return attrs + (extra || "");
  }
  function withWhom(t, unit) {
    const parts = [];
    for (const role of ROLES) {
      const others = (t.units[role.key] || []).filter((i) => i !== unit);
      if (others.length) parts.push(esc(role.label) + "：" + '<span class="who">' + unitList(others) + "</span>");
    }
    return parts.join("；");
  }
  function highlighted(ti, ws) {
    const text = TASKS[ti].text;
    const f = folded[ti];
    if (!ws.length || f.length !== text.length) return esc(text);
    const marks = new Array(text.length).fill(false);
    for (const w of ws) {
      for (let at = f.indexOf(w); at >= 0 && w; at = f.indexOf(w, at + w.length)) {
        for (let k = at; k < at + w.length; k++) marks[k] = true;
      }
    }
    let out = "";
    let from = 0;
    for (let k = 1; k <= text.length; k++) {
      if (k === text.length || marks[k] !== marks[from]) {
        const piece = esc(text.slice(from, k));
        out += marks[from] ? "<mark>" + piece + "</mark>" : piece;
        from = k;
      }
    }
    return out;
  }
  // A task's latest state as `unit` reported it, coloured by its light; nothing without progress.
  function stateBadge(u, ti) {
    const found = stateOf.get(u * TASKS.length + ti);
    if (!found) return "";
    const st = PROGRESS.states[found[0]];
    const light = PROGRESS.lights[found[1]];
    return '<span class="state light-' + light.key + '" data-state="' + st.key + '" data-light="' + light.key +
      '" title="' + esc(light.label) + '">' + esc(st.label) + "</span>";
  }
  function lightCounts(rows) {
    const counts = PROGRESS.lights.map(() => 0);
    const states = PROGRESS.states.map(() => 0);
    for (const row of rows) { counts[row[3]]++; states[row[2]]++; }
    return { lights: counts, states: states };
  }
  function tally(list, counts, cls) {
    return list.map((item, k) => counts[k] ? '<span class="' + cls + " " + cls + "-" + item.key + '" data-count="' + item.key +
      '">' + esc(item.label) + " " + counts[k] + "</span>" : "").join("");
  }
  const isoDay = (iso) => iso.replace(/^(\d{4})-0?(\d+)-0?(\d+)$/, "$1年$2月$3日");
  const asOf = () => "按 " + isoDay(DATA.today) + " 计算（生成此页时算好，日后打开不变）";
  function taskItem(ti, opts) {
    const t = TASKS[ti];
    const o = opts || {};
    const role = o.role ? ' data-role="' + esc(o.role) + '"' : "";
    let html = '<li class="task"' + taskAttrs(t, role) + ">";
    html += '<div class="task-head"><a class="task-id" href="#task=' + esc(encodeURIComponent(t.ref)) + '">' +
      esc(shownRef(t)) + "</a>";
    html += '<span class="task-title">' + esc(t.title);
    if (o.via >= 0) html += '<span class="badge badge-shared" title="通过统称“' + esc(UNITS[o.via].name) +
      '”交给各单位">共同·' + esc(UNITS[o.via].name) + "</span>";
    if (PROGRESS && o.unit >= 0) html += stateBadge(o.unit, ti);
    html += "</span></div>";
    if (o.text) html += '<p class="task-text">' + (o.words ? highlighted(ti, o.words) : esc(t.text)) + "</p>";
    const who = withWhom(t, o.unit === undefined ? -1 : o.unit);
    const due = t.deadline ? '<span class="deadline">完成时限：' + esc(t.deadline) + "</span>" : "";
    if (who || due) html += '<p class="task-meta">' + [who, due].filter(Boolean).join("；") + "</p>";
    return html + "</li>";
  }
  // A list of tasks: the first items now, the rest queued for `drain` (a keystroke never waits for them).
  let budget = FIRST_ITEMS;
  let pending = [];
  let listCount = 0;
  function taskList(items, make) {
    const id = "list-" + listCount++;
    const now = items.slice(0, Math.max(0, budget));
    budget -= now.length;
    if (now.length < items.length) pending.push({ id: id, items: items.slice(now.length), make: make });
    return '<ol class="tasks" id="' + id + '">' + now.map(make).join("") + "</ol>";
  }
  let generation = 0;
  function drain(current) {
    if (current !== generation) return;
    let room = CHUNK_ITEMS;
    while (pending.length && room > 0) {
      const list = pending[0];
      const part = list.items.splice(0, room);
      room -= part.length;
      const target = document.getElementById(list.id);
      if (target) target.insertAdjacentHTML("beforeend", part.map(list.make).join(""));
      if (!list.items.length) pending.shift();
    }
    if (pending.length) setTimeout(() => drain(current), 0);
    else shown();
  }
  function shown() {
    window.taskmapShown = renderedHash; // which fragment the view shows in full, for scripts driving the page
    window.dispatchEvent(new Event("taskmap:shown"));
  }

  function heading(text, extra) {
    return '<h2 tabindex="-1">' + text + "</h2>" + (extra || "");
  }

  // ---- views ----
  function unitTasks(u, role) {
    return UNITS[u].tasks.filter(([ti, r]) => inNotice(ti) && (!role || ROLE_KEYS[r] === role));
  }
  function unitPopulations(u, role) {
    if (role && role !== DATA.populations_role) return [];
    return UNITS[u].populations.filter((p) => noticeFilter() < 0 || POPS[p].notice === noticeFilter());
  }
  function populationTable(rows, caption) {
    if (!rows.length) return "";
    let html = '<div class="scroll"><table><caption class="lede">' + esc(caption) +
      '</caption><thead><tr><th class="num">序号</th><th>重点人群</th><th>牵头单位</th></tr></thead><tbody>';
    for (const p of rows) {
      const row = POPS[p];
      const notice = DATA.several ? '<span class="row-notice">' + esc(NOTICES[row.notice].key) + "</span>" : "";
      html += '<tr data-population="' + row.number + '"><td class="num">' + row.number + "</td><td>" + esc(row.name) +
        notice + "</td><td>" + unitList(row.lead) + "</td></tr>";
    }
    return html + "</tbody></table></div>";
  }

  function renderUnit(u) {
    const unit = UNITS[u];
    const role = ROLE_KEYS.includes(state.role) ? state.role : "";
    const all = state.all === "1";
    const entries = unitTasks(u, role);
    const direct = entries.filter((e) => e[2] < 0);
    const shared = entries.filter((e) => e[2] >= 0);
    const shown = all ? entries : direct;
    const pops = unitPopulations(u, role);
    const kind = DATA.kinds[unit.kind] || unit.kind;
    let html = heading(esc(unit.display),
      '<p class="lede">' + esc(kind) + " · " + direct.length + " 项任务，" + pops.length + " 个重点人群" +
      (role ? "（只看" + esc(roleOf(role).label) + "）" : "") + "</p>");
    if (PROGRESS) {
      const rows = shown.map((e) => stateOf.get(u * TASKS.length + e[0])).filter(Boolean).map((f) => [0, 0, f[0], f[1]]);
      const c = lightCounts(rows);
      if (rows.length) html += '<p class="progress-line">进度（' + esc(PROGRESS.round) + "）：" + tally(PROGRESS.lights, c.lights, "light") +
        '<span class="states">' + tally(PROGRESS.states, c.states, "count") + "</span></p>";
    }
    html += '<div class="actions"><a class="button" href="' + esc(hashOf({ checklist: unit.display, role: role, notice: state.notice })) +
      '">任务清单（可打印）</a>';
    if (DUE) html += '<a class="button" href="' + esc(hashOf({ due: "", dept: unit.display, role: role, notice: state.notice })) + '">到期</a>';
    if (PROGRESS) html += '<a class="button" href="' + esc(hashOf({ progress: "", dept: unit.display, notice: state.notice })) + '">进度</a>';
    html += "</div>";
    for (const r of ROLES) {
      const held = shown.filter((e) => ROLE_KEYS[e[1]] === r.key);
      if (!held.length) continue;
      html += '<section aria-labelledby="role-' + r.key + '"><h3 id="role-' + r.key + '" class="role-' + r.key + '">' +
        esc(r.label) + "（" + held.length + "）</h3>";
      html += taskList(held, ([ti, , via]) => taskItem(ti, { role: r.key, via: via, unit: u })) + "</section>";
    }
    if (!shown.length) html += "<p>" + esc(unit.display) + " 没有" + (role ? esc(roleOf(role).label) + "的" : "") + "任务。</p>";
    if (shared.length) {
      const phrases = [...new Set(shared.map((e) => UNITS[e[2]].name))].join("、");
      html += '<div class="shared-note"><p>' + (all ? "以上含 " : "另有 ") + "<strong>" + shared.length +
        "</strong> 项任务通过统称（" + esc(phrases) + "）交给各单位" + (all ? "，已标为“共同”。" : "。") + "</p>";
      const next = Object.assign({}, state, { all: all ? "" : "1" });
      html += '<a class="button" id="toggle-shared" href="' + esc(hashOf(next)) + '">' +
        (all ? "隐藏共同任务" : "显示这 " + shared.length + " 项共同任务") + "</a></div>";
    }
    html += populationTable(pops, "牵头的重点人群（" + pops.length + "）");
    return html;
  }

  function renderChecklist(u) {
    const unit = UNITS[u];
    const role = ROLE_KEYS.includes(state.role) ? state.role : "";
    const entries = unitTasks(u, role);
    const direct = entries.filter((e) => e[2] < 0);
    const shared = entries.filter((e) => e[2] >= 0);
    const noticesUsed = [...new Set(entries.map((e) => TASKS[e[0]].notice))];
    const sources = (noticesUsed.length ? noticesUsed : [0]).map((n) => {
      const nt = NOTICES[n];
      const facts = [nt.document_number, nt.issuer, nt.date].filter(Boolean).join("，");
      return esc(nt.title) + (facts ? "（" + esc(facts) + "）" : "");
    }).join("；");
    let html = '<article class="checklist"><div class="doc-head">' + heading(esc(unit.display) + " 任务清单") +
      '<p class="lede">依据：' + sources + "</p></div>";
    html += '<div class="actions"><button type="button" class="primary" id="print">打印</button>' +
      '<a class="button" href="' + esc(hashOf({ dept: unit.display, role: role, notice: state.notice })) + '">返回单位任务</a></div>';
    const block = (list, shared) => {
      let out = "";
      for (const r of ROLES) {
        const held = list.filter((e) => ROLE_KEYS[e[1]] === r.key);
        if (!held.length) continue;
        out += '<h3 class="role-' + r.key + '">作为' + esc(r.label) + "（" + held.length + "项）</h3>";
        out += taskList(held, ([ti, , via]) => taskItem(ti, { role: r.key, via: shared ? via : -1, unit: u, text: !shared }));
      }
      return out;
    };
    html += block(direct, false);
    if (shared.length) {
      html += "<h3>各单位共同承担的任务（" + shared.length + "项）</h3>" +
        "<p class=\"lede\">以下任务通过统称交给各单位，" + esc(unit.display) + " 同样承担。</p>" + block(shared, true).replace(/<h3 /g, "<h4 ").replace(/<\/h3>/g, "</h4>");
    }
    html += populationTable(unitPopulations(u, role), "牵头的重点人群");
    return html + "</article>";
  }

  function renderTask(ti) {
    const t = TASKS[ti];
    const notice = NOTICES[t.notice];
    const annex = annexOf(t);
    const section = annex.sections[String(t.section)];
    let html = '<article' + taskAttrs(t) + ">";
    html += '<p class="crumbs">' + esc(notice.title) + (notice.document_number ? "（" + esc(notice.document_number) + "）" : "") + "</p>";
    html += heading('<span class="task-id">' + esc(shownRef(t)) + "</span> " + esc(t.title));
    html += '<dl class="facts">';
    html += "<dt>" + esc(annex.label) + "</dt><dd>" + esc(annex.title) + "</dd>";
    html += "<dt>部分</dt><dd>" + esc((section.numeral ? section.numeral + "、" : "") + section.title) + "</dd>";
    for (const sub of t.subsections || []) html += "<dt>小节</dt><dd>" + esc(sub) + "</dd>";
    html += '<dt>任务内容</dt><dd><p class="fulltext">' + esc(t.text) + "</p></dd>";
    for (const r of ROLES) {
      const list = t.units[r.key] || [];
      if (!list.length) continue;
      const open = t.open_ended && t.open_ended[r.key] ? esc(t.open_ended[r.key]) : "";
      html += '<dt class="role-' + r.key + '">' + esc(r.label) + "</dt><dd>" + unitList(list) + open + "</dd>";
    }
    if (t.deadline) html += "<dt>完成时限</dt><dd>" + esc(t.deadline) + "</dd>";
    if (statesOfTask.has(ti)) {
      html += '<dt>落实情况</dt><dd><p class="lede">' + esc(PROGRESS.round) + "，" + esc(asOf()) + '</p><ul class="states-list">' +
        statesOfTask.get(ti).map(([u, , , note]) => '<li data-unit="' + esc(UNITS[u].display) + '"><span class="unit">' + unitLink(u) + "</span>" +
          stateBadge(u, ti) + (note ? '<span class="note">' + esc(note) + "</span>" : "") + "</li>").join("") + "</ul></dd>";
    }
    if (t.remark) html += "<dt>备注</dt><dd>" + esc(t.remark) + "</dd>";
    const docs = [annex.implements].concat(annex.basis).filter((d) => d && d.title);
    if (docs.length) {
      html += "<dt>依据文件</dt><dd><ul>" + docs.map((d) =>
        "<li>" + (d.level && DATA.levels[d.level] ? esc(DATA.levels[d.level]) + "：" : "") + "《" + esc(d.title) + "》" +
        (d.number ? "（" + esc(d.number) + "）" : "") + "</li>").join("") + "</ul></dd>";
    }
    html += "<dt>文件</dt><dd>" + esc(notice.key) + (notice.date ? " · " + esc(notice.date) : "") + "</dd>";
    return html + "</dl></article>";
  }

  let showAllResults = false;
  function renderSearch() {
    const ws = words(state.q).map(fold).filter(Boolean);
    const q = state.dept ? resolveUnit(state.dept) : null;
    const named = q && q.unit >= 0 ? new Set(UNITS[q.unit].tasks.filter((e) => e[2] < 0).map((e) => e[0])) : null;
    const nf = noticeFilter();
    const hits = [];
    for (let i = 0; i < TASKS.length; i++) {
      if (nf >= 0 && TASKS[i].notice !== nf) continue;
      if (named && !named.has(i)) continue;
      const f = folded[i];
      let all = true;
      for (const w of ws) { if (!f.includes(w)) { all = false; break; } }
      if (all) hits.push(i);
    }
    const where = named ? "（" + esc(UNITS[q.unit].display) + " 的任务中）" : "";
    let html = heading("搜索：" + esc(state.q), '<p class="lede">' + hits.length + " 项任务包含所有词语" + where + "</p>");
    const shown = showAllResults ? hits.slice() : hits.slice(0, FIRST_RESULTS);
    html += taskList(shown, (ti) => taskItem(ti, { text: true, words: ws }));
    if (shown.length < hits.length) {
      html += '<div class="actions"><button type="button" id="more">显示全部 ' + hits.length + " 项</button></div>";
    }
    status.textContent = hits.length ? "找到 " + hits.length + " 项任务" : "没有任务包含“" + state.q + "”";
    return html;
  }

  function renderPopulations() {
    const nf = noticeFilter();
    const rows = POPS.map((_, i) => i).filter((i) => nf < 0 || POPS[i].notice === nf);
    if (!rows.length) return heading("重点人群") + "<p>所选文件没有重点人群表。</p>";
    return heading("重点人群", '<p class="lede">共 ' + rows.length + " 个重点人群及其牵头单位</p>") +
      populationTable(rows, "重点人群（" + rows.length + "）");
  }

  function renderOverview() {
    const m = DATA.matrix;
    const nf = noticeFilter();
    const cols = m.columns.map((c, i) => i).filter((i) => !DATA.several || nf < 0 || m.columns[i].key === NOTICES[nf].key);
    const short = ROLES.map((r) => r.short).join("/");
    const rows = nf < 0 ? m.rows : m.rows.filter((r) => cols.some((c) => r.counts[c].some((n) => n > 0)));
    const top = Math.max(1, ...rows.map((r) => r.total));
    const wide = cols.length <= MATRIX_COLUMNS;
    const counts = (row, c) => (row.counts[c].some((n) => n > 0) ? row.counts[c].join("/") : "");
    let html = heading("总览：各单位任务数", '<p class="lede">数字依次为 ' + esc(short) +
      " 的任务数，按合计排序；统称不计。</p>");
    html += '<div class="scroll"><table class="matrix' + (wide ? " matrix-wide" : "") + '"><thead><tr><th>单位</th>' +
      '<th class="num">合计</th><th>负担</th>' +
      cols.map((c) => '<th class="num count-col">' + esc(m.columns[c].label) + "</th>").join("") +
      '<th class="breakdown">' + (DATA.several ? "各文件" : "各附件") + "</th></tr></thead><tbody>";
    for (const row of rows) {
      const total = cols.reduce((s, c) => s + row.counts[c].reduce((a, b) => a + b, 0), 0);
      // A row's own counts in one cell: what a phone, or a library of many notices, shows instead of columns.
      const breakdown = cols.filter((c) => counts(row, c))
        .map((c) => "<span>" + esc(m.columns[c].label) + " " + counts(row, c) + "</span>").join("");
      html += '<tr><td><span class="unit">' + (row.unit >= 0 ? unitLink(row.unit) : esc(row.name)) + "</span></td>" +
        '<td class="num">' + total + '</td><td class="load-cell"><span class="load" style="width:' +
        Math.round((100 * total) / top) + '%"></span></td>' +
        cols.map((c) => '<td class="num count-col">' + (counts(row, c) || "·") + "</td>").join("") +
        '<td class="breakdown">' + breakdown + "</td></tr>";
    }
    return html + "</tbody></table></div>";
  }

  // The unit a view is narrowed to (its 单位 field), -1 for none; null when the name names no unit.
  function chosenUnit() {
    if (!state.dept) return -1;
    const found = resolveUnit(state.dept);
    return found.unit >= 0 ? found.unit : null;
  }
  function daysText(days) {
    return days === 0 ? "今天" : days > 0 ? "还有 " + days + " 天" : "逾期 " + -days + " 天";
  }
  function dueItem(e, u) {
    const t = TASKS[e.task];
    const lead = t.units.lead || t.units.responsible || [];
    let html = '<li class="task due-item"' + taskAttrs(t, e.day ? ' data-due="' + e.day + '"' : "") + '><p class="due-when">' +
      (e.day ? '<span class="due-day">' + e.day + '</span> <span class="due-days' + (e.days < 0 ? " late" : "") + '">' +
        daysText(e.days) + "</span>" : '<span class="due-kind">' + esc(DUE.kinds[e.kind] || e.kind) + "</span>") + "</p>";
    html += '<div class="task-head"><a class="task-id" href="#task=' + esc(encodeURIComponent(t.ref)) + '">' + esc(shownRef(t)) +
      '</a><span class="task-title">' + esc(t.title) + (PROGRESS && u >= 0 ? stateBadge(u, e.task) : "") + "</span></div>";
    html += '<p class="task-meta"><span class="deadline-text">完成时限：' + esc(e.text) + "</span>" +
      (e.recurring ? '<span class="badge">定期</span>' : "") + (e.year_assumed ? "（年份按文件推定）" : "") +
      (lead.length ? "；牵头：" + '<span class="who">' + unitList(lead) + "</span>" : "") + "</p>";
    return html + "</li>";
  }
  function renderDue() {
    if (!DUE) return heading("到期") + "<p>" + (DATA.several ? "这些文件" : "这份文件") + "没有给出完成时限。</p>";
    const u = chosenUnit();
    if (u === null) return unitNotFound(state.dept);
    const role = u >= 0 && ROLE_KEYS.includes(state.role) ? state.role : "";
    const held = u >= 0 ? new Set(unitTasks(u, role).filter((e) => e[2] < 0).map((e) => e[0])) : null;
    const keep = (e) => inNotice(e.task) && (!held || held.has(e.task));
    const groups = DUE_GROUPS.map(([key, label]) => [key, label, DUE[key].filter(keep)]);
    const count = (key) => groups.find((g) => g[0] === key)[2].length;
    let html = heading("到期" + (u >= 0 ? "：" + esc(UNITS[u].display) : ""),
      '<p class="lede">' + esc(asOf()) + "：至 " + esc(DUE.to) + " 的 30 天内到期 " + count("soon") + " 项，已逾期 " + count("overdue") +
      " 项，以后到期 " + count("later") + " 项；另有 " + count("undated") + " 项没有具体日期。定期的时限按下一次到期计。" +
      (role ? "（只看" + esc(roleOf(role).label) + "）" : "") + "</p>");
    for (const [key, label, list] of groups) {
      if (!list.length) continue;
      html += '<section class="due-group" data-group="' + key + '"><h3>' + esc(label) + "（" + list.length + "）</h3>" +
        taskList(list, (e) => dueItem(e, u)) + "</section>";
    }
    if (groups.every((g) => !g[2].length)) html += "<p>没有带完成时限的任务。</p>";
    return html;
  }
  function renderProgress() {
    if (!PROGRESS) return heading("进度") + "<p>还没有收回报送表。</p>";
    const u = chosenUnit();
    if (u === null) return unitNotFound(state.dept);
    const rows = PROGRESS.rows.filter((r) => inNotice(r[1]) && (u < 0 || r[0] === u));
    const all = lightCounts(rows);
    const reported = new Set(PROGRESS.reported);
    let html = heading("进度：" + esc(PROGRESS.round) + (u >= 0 ? "：" + esc(UNITS[u].display) : ""),
      '<p class="lede">' + (PROGRESS.due ? "报送截止 " + esc(PROGRESS.due) + "；" : "") + esc(asOf()) + "。共 " + rows.length +
      " 项（任务×单位）。</p>");
    html += '<p class="progress-line" id="progress-totals">' + tally(PROGRESS.lights, all.lights, "light") +
      '<span class="states">' + tally(PROGRESS.states, all.states, "count") + "</span></p>";
    html += '<p class="legend">红灯：已过完成时限仍未完成；黄灯：' + PROGRESS.soon_days + " 天内到期，或报告滞后；绿灯：已完成或按进度推进；无：未报送，也没有临近的时限。</p>";
    const byUnit = new Map();
    for (const r of rows) { if (!byUnit.has(r[0])) byUnit.set(r[0], []); byUnit.get(r[0]).push(r); }
    html += "<h3>各单位（" + byUnit.size + "）</h3><ul class=\"progress-units\">";
    for (const [unit, held] of byUnit) {
      const c = lightCounts(held);
      html += '<li data-unit="' + esc(UNITS[unit].display) + '"><span class="unit">' + unitLink(unit) + '</span><span class="count">' +
        held.length + " 项</span>" + (reported.has(unit) ? "" : '<span class="badge badge-missing">未报送</span>') +
        '<span class="tallies">' + tally(PROGRESS.lights, c.lights, "light") + '<span class="states">' + tally(PROGRESS.states, c.states, "count") +
        "</span></span></li>";
    }
    html += "</ul>";
    const red = PROGRESS.lights.findIndex((l) => l.key === "red");
    const redTasks = [...new Set(rows.filter((r) => r[3] === red).map((r) => r[1]))];
    if (redTasks.length) {
      html += "<h3>红灯任务（" + redTasks.length + "）</h3>" + taskList(redTasks, (ti) => {
        const late = rows.filter((r) => r[1] === ti && r[3] === red).map((r) => '<span class="unit">' + unitLink(r[0]) + stateBadge(r[0], ti) + "</span>");
        return taskItem(ti, {}).replace(/<\/li>$/, '<p class="task-meta">红灯单位：' + late.join("、") + "</p></li>");
      });
    }
    return html;
  }

  function renderHome() {
    let html = heading("单位一览", '<p class="lede">在上方输入单位名称或搜索任务内容；也可直接点选单位。每个单位后为其被点名的任务数。</p>');
    const groups = new Map();
    UNITS.forEach((u, i) => {
      if (u.kind === "collective") return;
      const count = u.tasks.filter((e) => e[2] < 0 && inNotice(e[0])).length;
      if (noticeFilter() >= 0 && !count && !unitPopulations(i, "").length) return;
      if (!groups.has(u.kind)) groups.set(u.kind, []);
      groups.get(u.kind).push([i, count]);
    });
    for (const kind of Object.keys(DATA.kinds)) {
      if (!groups.has(kind)) continue;
      html += '<section class="kind-group"><h3>' + esc(DATA.kinds[kind]) + '</h3><ul class="unit-grid">';
      for (const [i, count] of groups.get(kind)) html += "<li>" + unitLink(i) + '<span class="count">' + count + " 项</span></li>";
      html += "</ul></section>";
    }
    return html;
  }

  function unitNotFound(text) {
    const found = resolveUnit(text);
    const list = found.candidates.slice(0, MAX_SUGGESTIONS);
    let html = heading("单位：" + esc(text));
    if (list.length) {
      html += "<p>“" + esc(text) + "”是 " + found.candidates.length + " 个单位名称的一部分，您要找的是：</p><ul>" +
        list.map((i) => "<li>" + unitLink(i) + "</li>").join("") + "</ul>";
    } else {
      const close = closeUnits(text);
      html += "<p>没有叫“" + esc(text) + "”的单位。</p>";
      if (close.length) {
        html += '<p>您是不是要找：</p><ul class="close-units">' + close.map((i) => "<li>" + unitLink(i) + "</li>").join("") + "</ul>";
      }
      html += "<p>请检查名称，或在<a href=\"#\">单位一览</a>中查找。</p>";
    }
    return html;
  }

  // ---- rendering the state ----
  function render() {
    status.textContent = "";
    budget = FIRST_ITEMS;
    pending = [];
    listCount = 0;
    generation++;
    let html;
    if ("task" in state) {
      let ti = byRef.has(state.task) ? byRef.get(state.task) : -1;
      if (ti < 0) {
        const same = byId.get(state.task.replace(/[-。]/g, ".")) || [];
        ti = same.length === 1 ? same[0] : -1;
      }
      html = ti >= 0 ? renderTask(ti) : heading("任务 " + esc(state.task)) + "<p>没有这个任务编号。</p>";
    } else if (state.q && words(state.q).length) {
      html = renderSearch();
    } else if ("checklist" in state) {
      const found = resolveUnit(state.checklist);
      html = found.unit >= 0 ? renderChecklist(found.unit) : unitNotFound(state.checklist);
    } else if ("due" in state) {
      html = renderDue();
    } else if ("progress" in state) {
      html = renderProgress();
    } else if (state.dept) {
      const found = resolveUnit(state.dept);
      html = found.unit >= 0 ? renderUnit(found.unit) : unitNotFound(state.dept);
    } else if ("populations" in state) {
      html = renderPopulations();
    } else if ("overview" in state) {
      html = renderOverview();
    } else {
      html = renderHome();
    }
    view.innerHTML = html;
    syncControls();
    renderedHash = location.hash;
    if (pending.length) { const current = generation; setTimeout(() => drain(current), 0); }
    else shown();
  }

  function syncControls() {
    if (document.activeElement !== inputs.q) inputs.q.value = state.q || "";
    if (document.activeElement !== inputs.unit) inputs.unit.value = state.dept || state.checklist || "";
    inputs.role.value = ROLE_KEYS.includes(state.role) ? state.role : "";
    if (inputs.notice) inputs.notice.value = noticeByKey.has(state.notice) ? state.notice : "";
  }

  function go(next, how) {
    state = next;
    showAllResults = false;
    const target = hashOf(state);
    if (how === "push") history.pushState(null, "", target);
    else history.replaceState(null, "", target);
    render();
  }

  function fromLocation() {
    if (location.hash === renderedHash) return;
    state = parseHash(location.hash);
    showAllResults = false;
    render();
    closeOptions();
  }
  // After a link in the page or Back, the view's heading takes the focus; never while typing in a control.
  function focusView() {
    const current = document.activeElement;
    const h = view.querySelector("h2");
    if (h && (!current || current === document.body || view.contains(current))) h.focus();
  }

  // ---- the 单位 combobox ----
  let active = -1;
  function closeOptions() {
    options.hidden = true;
    options.innerHTML = "";
    inputs.unit.setAttribute("aria-expanded", "false");
    inputs.unit.removeAttribute("aria-activedescendant");
    active = -1;
  }
  function showOptions(list) {
    if (!list.length) { closeOptions(); return; }
    options.innerHTML = list.map((i, k) =>
      '<li role="option" id="unit-option-' + k + '" data-unit="' + i + '" aria-selected="false">' +
      "<span>" + esc(UNITS[i].display) + '</span><span class="kind">' + esc(DATA.kinds[UNITS[i].kind] || "") + "</span></li>").join("");
    options.hidden = false;
    inputs.unit.setAttribute("aria-expanded", "true");
    active = -1;
  }
  function setActive(k) {
    const items = options.querySelectorAll("li");
    if (!items.length) return;
    active = (k + items.length) % items.length;
    items.forEach((li, n) => li.setAttribute("aria-selected", n === active ? "true" : "false"));
    inputs.unit.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }
  // What the 单位 field offers: the names containing what was typed, or else those looking like it.
  function offered(text) {
    const found = resolveUnit(text);
    return found.candidates.length ? found.candidates.slice(0, MAX_SUGGESTIONS) : closeUnits(text);
  }
  // What the 单位 field keeps of the state: the 到期 or 进度 view it narrows, the role and the notice.
  function keptWith(fields) {
    const next = { role: state.role, notice: state.notice };
    for (const key of ["due", "progress"]) if (key in state) next[key] = "";
    return Object.assign(next, fields);
  }
  function chooseUnit(i) {
    inputs.unit.value = UNITS[i].display;
    closeOptions();
    go(keptWith({ dept: UNITS[i].display }), "push");
  }
  inputs.unit.addEventListener("input", () => {
    const text = inputs.unit.value;
    const found = resolveUnit(text);
    const close = found.candidates.length ? [] : closeUnits(text);
    showOptions(found.candidates.length ? found.candidates.slice(0, MAX_SUGGESTIONS) : close);
    if (!fold(text)) { go(keptWith({}), "replace"); return; }
    if (found.unit >= 0) go(keptWith({ dept: UNITS[found.unit].display }), "replace");
    else if (found.candidates.length) status.textContent = found.candidates.length + " 个单位名称含有“" + text + "”";
    else status.textContent = "没有这个单位" + (close.length ? "。您是不是要找 " + close.map(unitName).join("、") + "？" : "");
  });
  inputs.unit.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") { event.preventDefault(); if (options.hidden) showOptions(offered(inputs.unit.value)); setActive(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); setActive(active - 1); }
    else if (event.key === "Escape") { closeOptions(); }
    else if (event.key === "Enter") {
      event.preventDefault();
      const items = options.querySelectorAll("li");
      if (active >= 0 && items[active]) chooseUnit(Number(items[active].dataset.unit));
      else {
        const found = resolveUnit(inputs.unit.value);
        if (found.unit >= 0) chooseUnit(found.unit);
        else if (inputs.unit.value.trim()) go(keptWith({ dept: inputs.unit.value.trim() }), "push");
      }
    }
  });
  inputs.unit.addEventListener("blur", () => setTimeout(closeOptions, 150));
  options.addEventListener("mousedown", (event) => {
    const li = event.target.closest("li[data-unit]");
    if (li) { event.preventDefault(); chooseUnit(Number(li.dataset.unit)); }
  });

  // ---- 搜索, 角色, 文件 ----
  inputs.q.addEventListener("input", () => {
    const next = Object.assign({}, state, { q: inputs.q.value });
    for (const key of VIEWS) delete next[key];
    go(next, "replace");
  });
  inputs.q.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); history.pushState(null, "", hashOf(state)); }
  });
  inputs.role.addEventListener("change", () => go(Object.assign({}, state, { role: inputs.role.value }), "push"));
  if (inputs.notice) inputs.notice.addEventListener("change", () => go(Object.assign({}, state, { notice: inputs.notice.value }), "push"));
  $("controls").addEventListener("submit", (event) => event.preventDefault());
  view.addEventListener("click", (event) => {
    if (event.target.id === "more") { showAllResults = true; render(); }
    else if (event.target.id === "print") window.print();
  });

  window.addEventListener("hashchange", () => { fromLocation(); focusView(); });
  window.addEventListener("popstate", fromLocation);
  render();
  window.taskmapReady = true;
  window.taskmapReadyAt = performance.now(); // the first view is in the document (bench/site_speed.py)
})();
