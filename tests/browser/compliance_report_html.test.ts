/**
 * The compliance report's HTML page in a real browser (issue 20): last month's report of a seeded
 * organization, fetched through audit-query as its medical director, opened from a file in Debian's
 * headless Chromium (tests/support/chromium.ts). The page loads nothing but itself; every chart is in the
 * DOM with its title, and its region of the screenshot holds drawn bars (coloured pixels, decoded from
 * the PNG Chromium returns); the page prints to a PDF.
 */
import assert from "node:assert/strict";
import { createSql } from "../../functions-shared/platform/db.ts";
import { stackEnv } from "../support/env.ts";
import { userToken } from "../support/jwt.ts";
import { apiClient, ok } from "../support/api_client.ts";
import { seedReportOrganization } from "../support/compliance_reports.ts";
import { CHART_TITLES } from "../../functions-shared/handlers/audit_query/reports/html.ts";
import { launchChromium } from "../support/chromium.ts";
import { colouredShare, colourShare, decodePng } from "../support/png.ts";

/** DevTools sends binary data as standard base64. */
const decodeBase64 = (text: string) => Uint8Array.from(atob(text), (char) => char.charCodeAt(0));

const options = { sanitizeOps: false, sanitizeResources: false };

interface ChartBox {
  id: string;
  caption: string;
  title: string;
  bars: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

const CHARTS_IN_PAGE = `[...document.querySelectorAll("figure.chart")].map((figure) => {
  const svg = figure.querySelector("svg");
  const box = svg.getBoundingClientRect();
  return {
    id: figure.dataset.chart,
    caption: figure.querySelector("figcaption").textContent,
    title: svg.querySelector("title").textContent,
    bars: svg.querySelectorAll(".bar").length,
    x: box.left + scrollX, y: box.top + scrollY, width: box.width, height: box.height,
  };
})`;

/** Two animation frames: layout and paint of the loaded page are done. */
const PAINTED = "new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))";

Deno.test(
  "the report's HTML renders its charts in headless Chromium and prints to PDF",
  options,
  async () => {
    const sql = createSql({ url: stackEnv("SUPABASE_DB_URL"), max: 1 });
    const dir = await Deno.makeTempDir({ prefix: "medic-report-page-" });
    const browser = await launchChromium();
    try {
      const seeded = await seedReportOrganization(sql);
      await sql`select audit.build_monthly_compliance_reports()`;
      const director = await userToken(seeded.directorId, {
        role: "medical_director",
        organization_id: seeded.org,
      });
      const api = apiClient(director)["audit-query"];
      const listed = await ok(api.listReports({ query: { kind: "monthly" } }));
      const report = listed.data.reports.find((r) => r.periodStart === seeded.monthStart.toISOString());
      assert.ok(report, "last month's report exists");
      const html = await ok(api.getReport({ params: { id: report.id }, query: { format: "html" } }));
      const file = `${dir}/report.html`;
      await Deno.writeTextFile(file, html.text);
      const url = `file://${file}`;

      const page = await browser.newPage();
      await page.send("Network.enable");
      await page.send("Page.enable");
      await page.send("Runtime.enable");
      const loaded = page.next("Page.loadEventFired");
      await page.send("Page.navigate", { url });
      await loaded;
      await page.evaluate(PAINTED);

      // Nothing but the page itself was requested.
      const requested = page.all("Network.requestWillBeSent").map((e) => (e.request as { url: string }).url);
      assert.deepEqual(requested.filter((u) => !u.startsWith("data:")), [url]);

      assert.match(await page.evaluate<string>("document.title"), new RegExp(seeded.orgName));
      const charts = await page.evaluate<ChartBox[]>(CHARTS_IN_PAGE);
      assert.deepEqual(charts.map((c) => c.caption).sort(), Object.values(CHART_TITLES).sort());
      for (const chart of charts) {
        assert.equal(chart.title, chart.caption, `${chart.id}: the SVG is titled as its caption`);
        assert.ok(chart.bars > 0, `${chart.id}: bars in the DOM`);
        assert.ok(
          chart.width > 300 && chart.height > 40,
          `${chart.id}: laid out (${chart.width}×${chart.height})`,
        );
        const shot = await page.send("Page.captureScreenshot", {
          format: "png",
          captureBeyondViewport: true,
          clip: { x: chart.x, y: chart.y, width: chart.width, height: chart.height, scale: 1 },
        });
        const pixels = await decodePng(decodeBase64(shot.data as string));
        assert.ok(
          pixels.width >= Math.floor(chart.width) - 1,
          `${chart.id}: the screenshot is the chart's size`,
        );
        const share = colouredShare(pixels);
        assert.ok(
          share > 0.002,
          `${chart.id}: drawn bars in the screenshot (${(share * 100).toFixed(2)}% coloured)`,
        );
      }
      // The activity chart shows its series colour (events, #1f5fa8), not just any colour.
      const activity = charts.find((c) => c.id === "activity")!;
      const activityShot = await page.send("Page.captureScreenshot", {
        format: "png",
        captureBeyondViewport: true,
        clip: { x: activity.x, y: activity.y, width: activity.width, height: activity.height, scale: 1 },
      });
      assert.ok(colourShare(await decodePng(decodeBase64(activityShot.data as string)), "#1f5fa8") > 0.001);

      // A blank page would be all white: the whole page has text and colour.
      const fullPng = decodeBase64(
        (await page.send("Page.captureScreenshot", { format: "png", captureBeyondViewport: true }))
          .data as string,
      );
      // REPORT_SCREENSHOT=<file.png> keeps the screenshot to look at.
      const keep = Deno.env.get("REPORT_SCREENSHOT");
      if (keep) await Deno.writeFile(keep, fullPng);
      const full = await decodePng(fullPng);
      assert.ok(colouredShare(full) > 0.001, "the page is not blank");

      const pdf = decodeBase64(
        (await page.send("Page.printToPDF", { printBackground: true, preferCSSPageSize: true }))
          .data as string,
      );
      assert.equal(new TextDecoder().decode(pdf.subarray(0, 5)), "%PDF-");
    } finally {
      await browser.close();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
      await sql.end();
    }
  },
);
