/**
 * A printable, self-contained HTML report: headline figures, charts and tables in one file with
 * no network access (no fonts, scripts or styles from elsewhere). Charts are drawn as SVG by a
 * small script in the page from the data embedded in it; each chart marks itself
 * `data-drawn="<number of marks>"` once drawn, which the browser test checks.
 *
 * @since 0.1.0
 */

/**
 * A chart: `line` (a series over time), `bars` (values per category, optionally against a
 * target), `hbars` (horizontal bars per band, e.g. an age pyramid).
 *
 * @category models
 * @since 0.1.0
 */
export type Chart =
  | {
    readonly kind: "line"
    readonly title: string
    readonly points: ReadonlyArray<{ readonly label: string; readonly value: number }>
  }
  | {
    readonly kind: "bars"
    readonly title: string
    readonly bars: ReadonlyArray<{ readonly label: string; readonly value: number; readonly target?: number | null }>
    readonly legend?: { readonly value: string; readonly target: string }
  }
  | {
    readonly kind: "hbars"
    readonly title: string
    readonly bars: ReadonlyArray<{ readonly label: string; readonly value: number }>
  }

/**
 * A table: a header row and rows of cells.
 *
 * @category models
 * @since 0.1.0
 */
export interface Table {
  readonly title: string
  readonly header: ReadonlyArray<string>
  readonly rows: ReadonlyArray<ReadonlyArray<string | number>>
}

/**
 * A report page.
 *
 * @category models
 * @since 0.1.0
 */
export interface Page {
  readonly lang: "vi" | "en"
  readonly title: string
  readonly subtitle: string
  readonly headline: ReadonlyArray<{ readonly label: string; readonly value: string }>
  readonly charts: ReadonlyArray<Chart>
  readonly tables: ReadonlyArray<Table>
  readonly footer: string
}

const escape = (s: string | number): string =>
  String(s).replace(/[&<>"']/gu, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" })[c]!)

/** JSON safe inside a `<script>` element. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</gu, "\\u003c")

const style = `
  :root { --ink: #1d1d1f; --muted: #6b6b70; --accent: #b3261e; --accent2: #e8a33d; --line: #ddd; }
  * { box-sizing: border-box; }
  body { font-family: "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1100px; padding: 24px; }
  h1 { font-size: 24px; margin: 0 0 4px; color: var(--accent); }
  .subtitle { color: var(--muted); margin: 0 0 20px; }
  .headline { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px; margin-bottom: 24px; }
  .figure { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
  .figure .value { font-size: 22px; font-weight: 600; }
  .figure .label { color: var(--muted); font-size: 13px; }
  .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(480px, 1fr)); gap: 18px; }
  .chart { border: 1px solid var(--line); border-radius: 8px; padding: 10px; break-inside: avoid; }
  .chart h2, .table h2 { font-size: 15px; margin: 0 0 8px; }
  .chart svg { width: 100%; height: auto; display: block; }
  .chart text { font-size: 11px; fill: var(--muted); }
  .legend { font-size: 12px; color: var(--muted); }
  .legend span { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 10px; vertical-align: middle; }
  table { border-collapse: collapse; width: 100%; font-size: 13px; margin-bottom: 20px; }
  th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: right; }
  th:first-child, td:first-child { text-align: left; }
  .tables { margin-top: 24px; }
  footer { color: var(--muted); font-size: 12px; margin-top: 24px; }
  @media print { body { padding: 0; } .charts { grid-template-columns: 1fr 1fr; } }
`

/** The drawing script: plain DOM and SVG, no library. */
const script = String.raw`
(function () {
  var NS = "http://www.w3.org/2000/svg";
  var charts = JSON.parse(document.getElementById("chart-data").textContent);
  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  function text(parent, x, y, s, anchor) {
    var t = el("text", { x: x, y: y, "text-anchor": anchor || "middle" }, parent);
    t.textContent = s;
    return t;
  }
  function fmt(n) { return Number(n).toLocaleString(document.documentElement.lang === "vi" ? "vi-VN" : "en-US"); }
  function draw(chart, box) {
    var W = 480, H = 240, L = 48, R = 10, T = 10, B = 36;
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": chart.title }, box);
    var marks = 0;
    if (chart.kind === "hbars") {
      var max = Math.max(1, Math.max.apply(null, chart.bars.map(function (b) { return b.value; })));
      var rowH = (H - T - 10) / Math.max(1, chart.bars.length);
      chart.bars.forEach(function (b, i) {
        var y = T + i * rowH, w = (W - 90 - 60) * b.value / max;
        text(svg, 84, y + rowH * 0.65, b.label, "end");
        var r = el("rect", { x: 90, y: y + rowH * 0.15, width: Math.max(0, w), height: rowH * 0.7, fill: "#b3261e" }, svg);
        el("title", {}, r).textContent = b.label + ": " + fmt(b.value);
        text(svg, 94 + w, y + rowH * 0.65, fmt(b.value), "start");
        marks++;
      });
    } else {
      var values = chart.kind === "line" ? chart.points.map(function (p) { return p.value; })
        : chart.bars.map(function (b) { return Math.max(b.value, b.target || 0); });
      var labels = chart.kind === "line" ? chart.points.map(function (p) { return p.label; }) : chart.bars.map(function (b) { return b.label; });
      var max = Math.max(1, Math.max.apply(null, values));
      var n = Math.max(1, labels.length), step = (W - L - R) / n;
      function y(v) { return T + (H - T - B) * (1 - v / max); }
      for (var g = 0; g <= 4; g++) {
        var gv = max * g / 4;
        el("line", { x1: L, x2: W - R, y1: y(gv), y2: y(gv), stroke: "#eee" }, svg);
        text(svg, L - 4, y(gv) + 4, fmt(Math.round(gv)), "end");
      }
      var every = Math.ceil(n / 12);
      labels.forEach(function (label, i) { if (i % every === 0) text(svg, L + step * (i + 0.5), H - B + 14, label); });
      if (chart.kind === "line") {
        var d = chart.points.map(function (p, i) { return (i === 0 ? "M" : "L") + (L + step * (i + 0.5)) + " " + y(p.value); }).join(" ");
        el("path", { d: d, fill: "none", stroke: "#b3261e", "stroke-width": 2 }, svg);
        chart.points.forEach(function (p, i) {
          var c = el("circle", { cx: L + step * (i + 0.5), cy: y(p.value), r: 3, fill: "#b3261e" }, svg);
          el("title", {}, c).textContent = p.label + ": " + fmt(p.value);
          marks++;
        });
      } else {
        chart.bars.forEach(function (b, i) {
          var x = L + step * i + step * 0.15, w = step * 0.7;
          var r = el("rect", { x: x, y: y(b.value), width: w, height: Math.max(0, y(0) - y(b.value)), fill: "#b3261e" }, svg);
          el("title", {}, r).textContent = b.label + ": " + fmt(b.value) + (b.target != null ? " / " + fmt(b.target) : "");
          marks++;
          if (b.target != null) el("line", { x1: x - 2, x2: x + w + 2, y1: y(b.target), y2: y(b.target), stroke: "#e8a33d", "stroke-width": 3 }, svg);
        });
      }
    }
    box.setAttribute("data-drawn", String(marks));
  }
  charts.forEach(function (chart, i) { draw(chart, document.getElementById("chart-" + i)); });
  document.body.setAttribute("data-charts-drawn", String(charts.length));
})();
`

/**
 * The HTML document.
 *
 * @category rendering
 * @since 0.1.0
 */
export const render = (page: Page): string => {
  const headline = page.headline.map((f) =>
    `<div class="figure"><div class="value">${escape(f.value)}</div><div class="label">${escape(f.label)}</div></div>`
  ).join("")
  const charts = page.charts.map((c, i) => {
    const legend = c.kind === "bars" && c.legend !== undefined
      ? `<div class="legend"><span style="background:#b3261e"></span>${
        escape(c.legend.value)
      }<span style="background:#e8a33d"></span>${escape(c.legend.target)}</div>`
      : ""
    return `<section class="chart" id="chart-${i}"><h2>${escape(c.title)}</h2>${legend}</section>`
  }).join("")
  const tables = page.tables.map((t) =>
    `<section class="table"><h2>${escape(t.title)}</h2><table><thead><tr>${
      t.header.map((h) => `<th>${escape(h)}</th>`).join("")
    }</tr></thead><tbody>${
      t.rows.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join("")}</tr>`).join("")
    }</tbody></table></section>`
  ).join("")
  return `<!doctype html>
<html lang="${page.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(page.title)}</title>
<style>${style}</style>
</head>
<body>
<h1>${escape(page.title)}</h1>
<p class="subtitle">${escape(page.subtitle)}</p>
<div class="headline">${headline}</div>
<div class="charts">${charts}</div>
<div class="tables">${tables}</div>
<footer>${escape(page.footer)}</footer>
<script type="application/json" id="chart-data">${scriptJson(page.charts)}</script>
<script>${script}</script>
</body>
</html>
`
}
