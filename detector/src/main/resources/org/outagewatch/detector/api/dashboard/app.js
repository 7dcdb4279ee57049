// outagewatch dashboard: plain JS over the detector's API (/api/openapi.json), charts with uPlot (served from the jar).
"use strict";

const main = document.getElementById("main");
const live = document.getElementById("live");
let events = null;

const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v; else if (k.startsWith("data-")) node.setAttribute(k, v); else node[k] = v;
  }
  for (const c of children.flat()) node.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c)));
  return node;
};

async function api(path) {
  const response = await fetch(path);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

const time = (iso) => iso ? iso.replace("T", " ").replace(/:00(\.000)?Z$/, "Z") : "";
const entityLink = (id) => el("a", { href: (/^[A-Z]{2}$/.test(id) ? "#/country/" : "#/entity/") + encodeURIComponent(id) }, id);

function scope(incident) {
  return el("span", { class: "scope" },
    incident.countries.map(entityLink), incident.asns.map(entityLink),
    incident.services.map((s) => el("span", { class: "muted" }, s + " ")));
}

function incidentTable(incidents) {
  if (!incidents.length) return el("p", { class: "muted", id: "no-incidents" }, "No incidents open or in the last 7 days.");
  return el("table", { id: "incidents" },
    el("thead", {}, el("tr", {}, ["Kind", "Status", "Severity", "Scope", "Started", "Ended", "Explanation"].map((h) => el("th", {}, h)))),
    el("tbody", {}, incidents.map((i) => el("tr", { class: "incident", "data-id": i.incidentId },
      el("td", { class: "kind" }, i.kind.replace(/_/g, " ").toLowerCase()),
      el("td", {}, el("span", { class: "badge " + i.status }, i.status)),
      el("td", {}, el("span", { class: "sev" }, i.severity), el("span", { class: "bar", style: `width:${Math.max(2, i.severity / 2)}px` })),
      el("td", {}, scope(i)),
      el("td", {}, time(i.startedAt)),
      el("td", {}, time(i.endedAt) || el("span", { class: "muted" }, "ongoing")),
      el("td", { class: "explanation" }, i.explanation)))));
}

function follow(query, render) {
  if (events) events.close();
  events = new EventSource("/api/events" + query);
  events.addEventListener("open", () => { live.textContent = "live"; live.classList.add("on"); });
  events.addEventListener("error", () => { live.textContent = "reconnecting"; live.classList.remove("on"); });
  events.addEventListener("incidents", (e) => render(JSON.parse(e.data).incidents));
}

async function incidentsPage() {
  const box = el("div", {}, el("p", { class: "muted" }, "Loading incidents…"));
  main.replaceChildren(el("h1", {}, "Incidents"), box);
  const render = (incidents) => box.replaceChildren(incidentTable(incidents));
  render((await api("/api/incidents")).incidents);
  follow("", render);
}

// 4.2e9 -> "4.2G": axis labels that fit
const si = (v) => {
  if (v == null) return "";
  const a = Math.abs(v);
  for (const [d, s] of [[1e12, "T"], [1e9, "G"], [1e6, "M"], [1e3, "k"]]) if (a >= d) return +(v / d).toFixed(2) + s;
  return +v.toFixed(3) + "";
};

// A chart of one series: observed against the expected value and its band, alert spans shaded, incident markers.
function chart(series, incidents) {
  const pts = series.points;
  const x = pts.map((p) => (Date.parse(p.windowStart) + Date.parse(p.windowEnd)) / 2000);
  const data = [x, pts.map((p) => p.low), pts.map((p) => p.high), pts.map((p) => p.expected), pts.map((p) => p.observed)];
  const spans = series.alerts.map((a) => [Date.parse(a.startedAt) / 1000, (a.endedAt ? Date.parse(a.endedAt) : Date.parse(a.windowEnd)) / 1000, a.severity]);
  const marks = incidents.map((i) => [Date.parse(i.startedAt) / 1000, i.kind]);
  const shade = {
    hooks: {
      drawClear: [(u) => {
        const ctx = u.ctx;
        ctx.save();
        for (const [from, to, severity] of spans) {
          const left = u.valToPos(from, "x", true), right = u.valToPos(to, "x", true);
          ctx.fillStyle = severity === "CRITICAL" ? "rgba(198,40,40,0.16)" : "rgba(239,143,0,0.16)";
          ctx.fillRect(left, u.bbox.top, Math.max(2, right - left), u.bbox.height);
        }
        ctx.restore();
      }],
      draw: [(u) => {
        const ctx = u.ctx;
        ctx.save();
        ctx.strokeStyle = "#6a1b9a";
        ctx.fillStyle = "#6a1b9a";
        ctx.lineWidth = 1.5 * devicePixelRatio;
        ctx.font = `${11 * devicePixelRatio}px sans-serif`;
        for (const [at, kind] of marks) {
          const px = u.valToPos(at, "x", true);
          if (px < u.bbox.left || px > u.bbox.left + u.bbox.width) continue;
          ctx.beginPath();
          ctx.moveTo(px, u.bbox.top);
          ctx.lineTo(px, u.bbox.top + u.bbox.height);
          ctx.stroke();
          ctx.fillText("▼ " + kind.replace(/_/g, " ").toLowerCase(), px + 3, u.bbox.top + 12 * devicePixelRatio);
        }
        ctx.restore();
      }],
    },
  };
  const box = el("div", { class: "chart", "data-signal": series.signal, "data-points": pts.length, "data-alerts": spans.length },
    el("h3", {}, series.signal),
    el("p", { class: "legend-note" }, `${pts.length} windows; shaded: alerts (${spans.length}); ▼ incidents (${marks.length})`));
  main.append(box);
  const width = Math.min(1150, main.clientWidth - 20);
  new uPlot({
    width, height: 240, plugins: [shade],
    scales: { x: { time: true } },
    series: [
      {},
      { label: "band low", stroke: "rgba(45,108,223,0.25)", width: 1, points: { show: false } },
      { label: "band high", stroke: "rgba(45,108,223,0.25)", width: 1, points: { show: false } },
      { label: "expected", stroke: "#2d6cdf", dash: [6, 4], width: 1.5, points: { show: false } },
      { label: "observed", stroke: "#1d2330", width: 1.5, points: { show: false } },
    ],
    bands: [{ series: [2, 1], fill: "rgba(45,108,223,0.10)" }],
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
    axes: [{}, { size: 60, values: (u, ticks) => ticks.map(si) }],
  }, data, box);
}

async function charts(entity, signals, incidents) {
  if (!signals.length) {
    main.append(el("p", { class: "muted" }, "No series scored for " + entity + " yet."));
    return;
  }
  for (const signal of signals) {
    try {
      chart(await api(`/api/entities/${entity}/series/${encodeURIComponent(signal)}`), incidents);
    } catch (e) {
      main.append(el("p", { class: "error" }, `${signal}: ${e.message}`));
    }
  }
}

async function entityPage(entity) {
  const info = await api("/api/entities/" + entity);
  const filter = /^AS\d+$/.test(entity) ? "asn=" + entity : "";
  const incidents = filter ? (await api("/api/incidents?" + filter)).incidents : [];
  main.replaceChildren(el("h1", {}, entity, info.name ? " · " + info.name : ""),
    info.country ? el("p", {}, "Country: ", entityLink(info.country)) : "",
    el("h2", {}, "Incidents"), incidentTable(incidents), el("h2", {}, "Signals"));
  await charts(entity, info.signals, incidents);
}

async function countryPage(cc) {
  const info = await api("/api/entities/" + cc);
  const incidents = (await api("/api/incidents?country=" + cc)).incidents;
  const networks = el("table", { id: "networks" },
    el("thead", {}, el("tr", {}, ["Network", "Name", "Region"].map((h) => el("th", {}, h)))),
    el("tbody", {}, (info.networks || []).map((n) => el("tr", {}, el("td", {}, entityLink(n.entity)), el("td", {}, n.name), el("td", {}, n.region || "")))));
  main.replaceChildren(el("h1", {}, "Country " + cc),
    el("h2", {}, "Incidents"), incidentTable(incidents),
    el("h2", {}, `Networks (${(info.networks || []).length})`), networks,
    el("h2", {}, "Country signals"));
  await charts(cc, info.signals, incidents);
}

async function searchPage(q) {
  const found = (await api("/api/entities?q=" + encodeURIComponent(q) + "&limit=100")).entities;
  main.replaceChildren(el("h1", {}, `Search: ${q}`), found.length ? el("table", {},
    el("tbody", {}, found.map((e) => el("tr", {}, el("td", {}, entityLink(e.entity)), el("td", {}, e.name || "country"), el("td", {}, e.country || ""))))) :
    el("p", { class: "muted" }, "Nothing found."));
}

async function route() {
  if (events) { events.close(); events = null; live.textContent = ""; live.classList.remove("on"); }
  const [, page, arg] = location.hash.match(/^#\/([a-z]*)\/?(.*)$/) || [];
  try {
    if (page === "entity") await entityPage(decodeURIComponent(arg));
    else if (page === "country") await countryPage(decodeURIComponent(arg));
    else if (page === "search") await searchPage(decodeURIComponent(arg));
    else await incidentsPage();
  } catch (e) {
    main.replaceChildren(el("p", { class: "error" }, e.message));
  }
  document.body.dataset.ready = "true";
}

document.getElementById("search").addEventListener("submit", (e) => {
  e.preventDefault();
  const q = document.getElementById("q").value.trim();
  if (q) location.hash = "#/search/" + encodeURIComponent(q);
});
window.addEventListener("hashchange", () => { document.body.dataset.ready = "false"; route(); });
route();
