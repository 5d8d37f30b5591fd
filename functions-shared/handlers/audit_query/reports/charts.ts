/**
 * The report page's charts as inline SVG (no script, no external asset): bars per day, horizontal bars
 * per category, and one stacked bar of shares. Each is a <figure data-chart> with its title in the DOM
 * (figcaption and the SVG's <title>), so a browser test can find and look at it. Pure: strings in,
 * markup out; every text escaped.
 */

export interface Series {
  readonly label: string;
  readonly color: string;
  readonly values: readonly number[];
}

export interface Part {
  readonly label: string;
  readonly value: number;
  readonly color: string;
}

const WIDTH = 640;
const FONT = 'font-family="system-ui, sans-serif" font-size="11"';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function figure(
  id: string,
  title: string,
  height: number,
  body: string,
  legend: readonly Part[] = [],
): string {
  const key = legend.length === 0
    ? ""
    : `<ul class="legend">${
      legend.map((p) =>
        `<li><span class="swatch" style="background:${p.color}"></span>${escapeHtml(p.label)}` +
        `${Number.isFinite(p.value) ? ` (${p.value})` : ""}</li>`
      ).join("")
    }</ul>`;
  return `<figure class="chart" data-chart="${escapeHtml(id)}">` +
    `<figcaption>${escapeHtml(title)}</figcaption>` +
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" role="img" ` +
    `aria-labelledby="${escapeHtml(id)}-title" preserveAspectRatio="xMidYMid meet">` +
    `<title id="${escapeHtml(id)}-title">${escapeHtml(title)}</title>` +
    `<rect x="0" y="0" width="${WIDTH}" height="${height}" fill="#ffffff"/>${body}</svg>${key}</figure>`;
}

const TICKS = 5;

/** The axis' top: TICKS whole-number steps of 1, 2 or 5 × 10^k that reach `value`. */
export function niceMax(value: number): number {
  const raw = Math.max(value, 1) / TICKS;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  return Math.max(1, Math.round(step)) * TICKS;
}

const empty = (x: number, y: number, text: string) =>
  `<text x="${x}" y="${y}" text-anchor="middle" ${FONT} fill="#555">${escapeHtml(text)}</text>`;

/** Stacked vertical bars, one per category (e.g. per day), with a y axis and sparse x labels. */
export function barChart(
  id: string,
  title: string,
  categories: readonly string[],
  series: readonly Series[],
): string {
  const height = 240;
  const left = 44, right = 12, top = 14, bottom = 34;
  const plotW = WIDTH - left - right, plotH = height - top - bottom;
  const totals = categories.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const band = plotW / Math.max(categories.length, 1);
  const barW = Math.max(1, band * 0.7);
  let body = "";
  for (let t = 0; t <= TICKS; t++) {
    const v = (max / TICKS) * t;
    body += `<line x1="${left}" x2="${WIDTH - right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" ` +
      `stroke="#d0d4da" stroke-width="1"/>` +
      `<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" ${FONT} fill="#333">${v}</text>`;
  }
  const every = Math.max(1, Math.ceil(categories.length / 8));
  categories.forEach((label, i) => {
    const x = left + i * band + (band - barW) / 2;
    let base = 0;
    for (const s of series) {
      const v = s.values[i] ?? 0;
      if (v > 0) {
        body +=
          `<rect class="bar" x="${x.toFixed(1)}" y="${y(base + v).toFixed(1)}" width="${barW.toFixed(1)}" ` +
          `height="${(y(base) - y(base + v)).toFixed(1)}" fill="${s.color}"><title>${
            escapeHtml(label)
          }: ${v} ${escapeHtml(s.label)}</title></rect>`;
      }
      base += v;
    }
    if (i % every === 0) {
      body +=
        `<text x="${(x + barW / 2).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle" ${FONT} ` +
        `fill="#333">${escapeHtml(label)}</text>`;
    }
  });
  body += `<line x1="${left}" x2="${WIDTH - right}" y1="${top + plotH}" y2="${top + plotH}" stroke="#333"/>`;
  if (totals.every((t) => t === 0)) {
    body += empty(left + plotW / 2, top + plotH / 2, "Nothing in this period");
  }
  const legend = series.map((s) => ({
    label: s.label,
    color: s.color,
    value: s.values.reduce((a, b) => a + b, 0),
  }));
  return figure(id, title, height, body, legend);
}

/** One horizontal bar per item, longest first as given, value printed at its end. */
export function horizontalBars(id: string, title: string, items: readonly Part[]): string {
  const rowH = 22, top = 8, left = 190, right = 50;
  const height = top * 2 + Math.max(items.length, 1) * rowH;
  const max = niceMax(Math.max(0, ...items.map((p) => p.value)));
  const plotW = WIDTH - left - right;
  let body = "";
  items.forEach((p, i) => {
    const yy = top + i * rowH;
    const w = (p.value / max) * plotW;
    body +=
      `<text x="${left - 8}" y="${yy + 15}" text-anchor="end" ${FONT} fill="#333">${
        escapeHtml(p.label)
      }</text>` +
      (p.value > 0
        ? `<rect class="bar" x="${left}" y="${yy + 4}" width="${Math.max(w, 2).toFixed(1)}" ` +
          `height="${rowH - 8}" fill="${p.color}"/>`
        : "") +
      `<text x="${(left + w + 6).toFixed(1)}" y="${yy + 15}" ${FONT} fill="#333">${p.value}</text>`;
  });
  body += `<line x1="${left}" x2="${left}" y1="${top}" y2="${height - top}" stroke="#333"/>`;
  if (items.length === 0 || items.every((p) => p.value === 0)) {
    body += empty(left + plotW / 2, top + rowH / 2 + 4, "Nothing in this period");
  }
  return figure(id, title, height, body);
}

/** One bar split into shares (e.g. MFA states), with a legend. */
export function shareBar(id: string, title: string, parts: readonly Part[]): string {
  const height = 70, left = 12, right = 12, barY = 16, barH = 34;
  const total = parts.reduce((sum, p) => sum + p.value, 0);
  const plotW = WIDTH - left - right;
  let body = `<rect x="${left}" y="${barY}" width="${plotW}" height="${barH}" fill="#eef0f3" stroke="#333"/>`;
  let x = left;
  for (const p of parts) {
    if (total === 0 || p.value === 0) continue;
    const w = (p.value / total) * plotW;
    body += `<rect class="bar" x="${x.toFixed(1)}" y="${barY}" width="${w.toFixed(1)}" height="${barH}" ` +
      `fill="${p.color}"><title>${escapeHtml(p.label)}: ${p.value}</title></rect>`;
    x += w;
  }
  if (total === 0) body += empty(WIDTH / 2, barY + barH / 2 + 4, "No privileged users");
  return figure(id, title, height, body, parts);
}
