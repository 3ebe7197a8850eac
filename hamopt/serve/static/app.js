// The coach's page: a scenario form built from the scenario JSON Schema (/v1/schema/scenario),
// solve (/v1/programs), the program card (/v1/render, format html), swap or lock an exercise
// and solve again, the explanation when infeasible (/v1/explain), downloads (/v1/render).
// It talks to this server only.
"use strict";

const FORM_FIELDS = ["name", "athlete", "phase", "equipment", "schedule", "weeks", "preferences", "rules"];
const ADVANCED = ["phases", "overrides", "exercises"];
const EXT = { json: "json", markdown: "md", csv: "csv", ics: "ics", html: "html" };
const state = { scenario: null, program: null, schema: null, profiles: {}, rulesets: ["default"] };

const $ = (sel) => document.querySelector(sel);
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c) node.append(c);
  return node;
}

async function api(path, body) {
  const init = body === undefined ? {} : {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  };
  const response = await fetch(path, init);
  if (response.ok) return response;
  let detail;
  try { detail = await response.json(); } catch (e) { detail = { message: response.statusText, errors: [] }; }
  const error = new Error(detail.message || `HTTP ${response.status}`);
  error.items = (detail.errors || []).map((e) => e.text);
  throw error;
}

function status(text) { $("#status").textContent = text; }
function showErrors(items) {
  const list = $("#errors");
  list.replaceChildren(...items.map((t) => el("li", { text: t })));
  list.hidden = items.length === 0;
}

// --- the form, from the JSON Schema ---------------------------------------------------------

function resolve(s) {
  while (s && s.$ref) s = state.schema.$defs[s.$ref.split("/").pop()];
  return s || {};
}
function getAt(path) { return path.reduce((o, k) => (o == null ? undefined : o[k]), state.scenario); }
function setAt(path, value) {
  let o = state.scenario;
  for (const k of path.slice(0, -1)) { if (o[k] == null) o[k] = typeof k === "number" ? [] : {}; o = o[k]; }
  const last = path[path.length - 1];
  if (value === undefined) delete o[last]; else o[last] = value;
}
function label(path) { return String(path[path.length - 1]).replace(/_/g, " "); }
function line(path, control) { return el("label", { class: "field" }, el("span", { text: label(path) }), control); }

function field(schema, path) {
  let s = resolve(schema);
  const value = getAt(path);
  const name = path.join(".");
  if (name === "equipment") return equipmentField(path, value);
  if (name === "rules") {
    const select = el("select", { name, onchange: (e) => setAt(path, e.target.value) });
    for (const r of state.rulesets) select.append(el("option", { value: r, text: r, selected: (value || "default") === r }));
    return line(path, select);
  }
  // The schema also lists the spellings the loader accepts besides the canonical one
  // ("Mon", "60" as text), marked deprecated: the form offers the canonical one.
  while (s.anyOf) {
    const options = s.anyOf.map(resolve).filter((x) => x.type !== "null" && !x.deprecated);
    if (options.length !== 1) return jsonField(path, value);
    s = { ...options[0], optional: true };
  }
  if (s.enum) {
    const select = el("select", { name, onchange: (e) => setAt(path, e.target.value || undefined) });
    select.append(el("option", { value: "", text: "(default)" }));
    for (const v of s.enum) select.append(el("option", { value: v, text: v, selected: value === v }));
    return line(path, select);
  }
  if (s.type === "object" && s.properties) {
    const box = el("fieldset", {}, el("legend", { text: label(path) }));
    for (const [key, sub] of Object.entries(s.properties)) box.append(field(sub, [...path, key]));
    return box;
  }
  if (s.type === "array") {
    const items = resolve(s.items);
    if (items.enum) {
      const group = el("div", { class: "choices" });
      for (const v of items.enum) {
        const box = el("input", {
          type: "checkbox", name: `${name}:${v}`, checked: (value || []).includes(v),
          onchange: (e) => {
            const now = new Set(getAt(path) || []);
            if (e.target.checked) now.add(v); else now.delete(v);
            setAt(path, items.enum.filter((x) => now.has(x)));
          },
        });
        group.append(el("label", {}, box, v));
      }
      return line(path, group);
    }
    if (items.type === "object") return rowsField(items, path, value || []);
    const input = el("input", {
      type: "text", name, value: (value || []).join(", "), placeholder: "ids, comma separated",
      onchange: (e) => setAt(path, e.target.value.split(",").map((x) => x.trim()).filter(Boolean)),
    });
    return line(path, input);
  }
  if (s.type === "integer" || s.type === "number") {
    const input = el("input", {
      type: "number", name, value: value ?? "", min: s.minimum, max: s.maximum,
      step: s.type === "integer" ? 1 : "any", placeholder: s.default ?? "",
      onchange: (e) => setAt(path, e.target.value === "" ? undefined : Number(e.target.value)),
    });
    return line(path, input);
  }
  if (s.type === "boolean") {
    return line(path, el("input", { type: "checkbox", name, checked: !!value, onchange: (e) => setAt(path, e.target.checked) }));
  }
  const input = el("input", {
    type: "text", name, value: value ?? "", placeholder: s.default ?? "",
    onchange: (e) => setAt(path, e.target.value === "" ? undefined : e.target.value),
  });
  return line(path, input);
}

function rowsField(items, path, rows) {
  const box = el("fieldset", {}, el("legend", { text: label(path) }));
  rows.forEach((row, i) => {
    const r = el("div", { class: "row" });
    for (const [key, sub] of Object.entries(items.properties)) {
      const f = field(sub, [...path, i, key]);
      r.append(f.querySelector("select, input") || f);
    }
    r.append(el("button", { type: "button", text: "remove", onclick: () => { getAt(path).splice(i, 1); buildForm(); } }));
    box.append(r);
  });
  box.append(el("button", {
    type: "button", text: "add", onclick: () => { setAt(path, [...(getAt(path) || []), { day: "mon" }]); buildForm(); },
  }));
  return box;
}

function equipmentField(path, value) {
  const select = el("select", { name: "equipment", onchange: (e) => { if (e.target.value) setAt(path, e.target.value); } });
  if (Array.isArray(value)) select.append(el("option", { value: "", text: `(this list: ${value.join(", ")})`, selected: true }));
  for (const p of Object.keys(state.profiles)) select.append(el("option", { value: p, text: p, selected: value === p || (value == null && p === "full_gym") }));
  return line(path, select);
}

function jsonField(path, value) {
  const area = el("textarea", { name: path.join("."), rows: 2, onchange: (e) => setAt(path, e.target.value ? JSON.parse(e.target.value) : undefined) });
  area.value = value === undefined ? "" : JSON.stringify(value);
  return line(path, area);
}

function buildForm() {
  const form = $("#form");
  form.replaceChildren(...FORM_FIELDS.filter((k) => state.schema.properties[k]).map((k) => field(state.schema.properties[k], [k])));
  const advanced = {};
  for (const k of ADVANCED) if (state.scenario[k] !== undefined) advanced[k] = state.scenario[k];
  $("#advanced-json").value = Object.keys(advanced).length ? JSON.stringify(advanced, null, 2) : "";
}

function readAdvanced() {
  const text = $("#advanced-json").value.trim();
  for (const k of ADVANCED) delete state.scenario[k];
  if (!text) return;
  let extra;
  try { extra = JSON.parse(text); } catch (e) { throw Object.assign(new Error("More: not valid JSON"), { items: [`more: ${e.message}`] }); }
  Object.assign(state.scenario, extra);
}

// --- solving and showing ----------------------------------------------------------------------

function ruleOut(id) {
  const p = (state.scenario.preferences ||= {});
  for (const k of ["include", "favour"]) p[k] = (p[k] || []).filter((x) => x !== id);
  p.exclude = [...new Set([...(p.exclude || []), id])];
}
function toggleLock(id) {
  const p = (state.scenario.preferences ||= {});
  const locked = (p.include || []).includes(id);
  p.include = locked ? p.include.filter((x) => x !== id) : [...(p.include || []), id];
  for (const k of ["exclude", "avoid"]) p[k] = (p[k] || []).filter((x) => x !== id);
}

async function solve() {
  showErrors([]);
  try {
    readAdvanced();
    status("Solving…");
    const program = await (await api("/v1/programs", { scenario: state.scenario })).json();
    state.program = program;
    await show(program);
    const t = program.solver ? ` in ${program.solver.wall_time.toFixed(2)} s` : "";
    status(`${program.status}${t}`);
  } catch (e) {
    status("Not solved: see below");
    showErrors(e.items && e.items.length ? e.items : [e.message]);
  }
}

async function show(program) {
  $("#result").hidden = false;
  const body = $("#lines tbody");
  body.replaceChildren();
  const feasible = program.status === "optimal" || program.status === "feasible";
  const locked = new Set((state.scenario.preferences || {}).include || []);
  const seen = new Set();
  for (const week of feasible ? program.weeks.slice(0, 1) : []) {
    for (const session of week.sessions) {
      for (const x of session.exercises) {
        const first = !seen.has(x.id);
        seen.add(x.id);
        const buttons = el("td", {},
          first ? el("button", { type: "button", "data-swap": x.id, text: "Swap", onclick: () => { ruleOut(x.id); buildForm(); solve(); } }) : null,
          first ? el("button", { type: "button", "data-lock": x.id, text: locked.has(x.id) ? "Unlock" : "Lock", onclick: () => { toggleLock(x.id); buildForm(); solve(); } }) : null);
        body.append(el("tr", { class: locked.has(x.id) ? "locked" : "", "data-id": x.id },
          el("td", { text: `${session.day}${session.time ? " " + session.time : ""}` }),
          el("td", { text: x.name || x.id }),
          el("td", { text: `${x.sets} x ${x.reps[0]}-${x.reps[1]}` }),
          buttons));
      }
    }
  }
  $("#lines").hidden = !feasible;
  $("#downloads").hidden = !feasible;
  const why = $("#why");
  why.hidden = feasible;
  if (feasible) {
    const card = await (await api("/v1/render", { program, scenario: state.scenario, format: "html" })).text();
    $("#card").srcdoc = card;
    $("#card").hidden = false;
  } else {
    $("#card").hidden = true;
    const explained = await (await api("/v1/explain", { scenario: state.scenario })).json();
    why.textContent = explained.text;
  }
}

async function download(format) {
  showErrors([]);
  const start = $("#start").value || null;
  try {
    const response = await api("/v1/render", { program: state.program, scenario: state.scenario, format, start });
    const url = URL.createObjectURL(await response.blob());
    const slug = (state.scenario.name || "program").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
    const a = el("a", { href: url, download: `${slug || "program"}.${EXT[format]}` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (e) {
    showErrors(e.items && e.items.length ? e.items : [e.message]);
  }
}

async function loadExample(name) {
  if (!name) return;
  const item = await (await api(`/v1/scenarios/${encodeURIComponent(name)}`)).json();
  state.scenario = structuredClone(item.scenario);
  buildForm();
  status(`${item.title}: ready to solve`);
}

function nextMonday() {
  const d = new Date();
  d.setDate(d.getDate() + ((8 - d.getDay()) % 7 || 7));
  return d.toISOString().slice(0, 10);
}

async function init() {
  const [schema, catalog, rules, examples] = await Promise.all([
    api("/v1/schema/scenario").then((r) => r.json()),
    api("/v1/catalog").then((r) => r.json()),
    api("/v1/rules").then((r) => r.json()),
    api("/v1/scenarios").then((r) => r.json()),
  ]);
  state.schema = schema;
  state.profiles = catalog.equipment_profiles;
  state.rulesets = rules.rulesets;
  const select = $("#example");
  for (const s of examples.scenarios) select.append(el("option", { value: s.name, text: `${s.title} (${s.weeks} wk)` }));
  select.addEventListener("change", (e) => loadExample(e.target.value));
  state.scenario = { name: "My athlete", schedule: { sessions_per_week: 2, slots: [{ day: "mon" }, { day: "thu" }] } };
  buildForm();
  $("#start").value = nextMonday();
  $("#solve").addEventListener("click", solve);
  for (const b of document.querySelectorAll("#downloads button")) b.addEventListener("click", () => download(b.dataset.format));
  document.body.dataset.ready = "1";
}

init().catch((e) => { status("Could not start: " + e.message); });
