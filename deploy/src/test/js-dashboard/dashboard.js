// Opens the dashboard in headless Chromium and reports what rendered, as one JSON line on stdout.
// usage: node dashboard.js BASE_URL ENTITY SCREENSHOT_DIR
"use strict";
const { chromium } = require("playwright-core");
const fs = require("fs");
const os = require("os");
const path = require("path");

const [base, entity, shots] = process.argv.slice(2);
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

(async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "outagewatch-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, viewport: { width: 1280, height: 900 },
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  const errors = [];
  const page = await context.newPage();
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("requestfailed", (r) => { if (!r.url().includes("/api/events")) errors.push("request failed: " + r.url()); });

  // the incident list, live over server-sent events
  await page.goto(base + "/#/");
  await page.waitForSelector("#incidents tr.incident", { timeout: 30000 });
  await page.waitForFunction(() => document.getElementById("live").textContent === "live", null, { timeout: 10000 });
  const incidents = await page.$$eval("#incidents tr.incident", (rows) => rows.map((r) => ({
    id: r.dataset.id, kind: r.cells[0].innerText, status: r.cells[1].innerText, severity: r.cells[2].innerText,
    scope: r.cells[3].innerText, explanation: r.cells[6].innerText })));
  const live = await page.textContent("#live");
  await page.screenshot({ path: path.join(shots, "dashboard-incidents.png") });

  // the entity page: one chart per signal, with the band, alert spans and incident markers
  await page.goto(base + "/#/entity/" + entity);
  await page.waitForSelector(".chart canvas", { timeout: 30000 });
  await page.waitForFunction(() => document.body.dataset.ready === "true", null, { timeout: 30000 });
  const charts = await page.$$eval(".chart", (cs) => cs.map((c) => {
    const canvas = c.querySelector("canvas");
    return { signal: c.dataset.signal, points: Number(c.dataset.points), alerts: Number(c.dataset.alerts),
      canvas: canvas ? { width: canvas.width, height: canvas.height } : null, legend: c.querySelector(".legend-note").innerText };
  }));
  const entityIncidents = await page.$$eval("#incidents tr.incident", (rows) => rows.length);
  await page.screenshot({ path: path.join(shots, "dashboard.png"), fullPage: true });

  // the country page: its networks
  const country = await page.$eval("main p a", (a) => a.textContent).catch(() => null);
  let networks = 0;
  if (country) {
    await page.goto(base + "/#/country/" + country);
    await page.waitForSelector("#networks tbody tr", { timeout: 30000 });
    await page.waitForFunction(() => document.body.dataset.ready === "true", null, { timeout: 30000 });
    networks = await page.$$eval("#networks tbody tr", (rows) => rows.length);
  }
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
  console.log(JSON.stringify({ incidents, live, charts, entityIncidents, country, networks, errors }));
})().catch((e) => { console.error(e); process.exit(1); });
