/**
 * Plots: a line plot and a bar chart as SVG strings (axes, ticks, labels, legend), rendered to
 * PNG with sharp.
 * @module
 */
import sharp from "sharp";
import { writeFileAtomic } from "./atomic.ts";

/** One line of a line plot. NaN y values leave a gap. */
export interface Series {
  name: string;
  x: number[];
  y: number[];
}

/** Options shared by the plots. */
export interface PlotOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Size in pixels; default 640 x 400. */
  width?: number;
  height?: number;
}

const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2"];
const M = { left: 64, right: 16, top: 36, bottom: 52 };

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * About `count` round tick values (steps of 1, 2 or 5 times a power of ten) covering
 * [min, max].
 *
 * @example
 * ```ts
 * niceTicks(0, 0.93); // [0, 0.2, 0.4, 0.6, 0.8, 1]
 * ```
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) [min, max] = [0, 1];
  if (!(max > min)) [min, max] = [min - (Math.abs(min) / 10 || 1), max + (Math.abs(max) / 10 || 1)];
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * mag).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let i = Math.floor(min / step); i <= Math.ceil(max / step); i++) {
    ticks.push(Number((i * step).toPrecision(12)));
  }
  return ticks;
}

function fmt(v: number, step: number): string {
  return v.toFixed(Math.max(0, Math.min(10, -Math.floor(Math.log10(step) + 1e-9))));
}

/** The frame, title, axis labels and y ticks; returns the y scale. */
function frame(
  parts: string[],
  o: PlotOptions,
  W: number,
  H: number,
  yTicks: number[],
): (v: number) => number {
  const [y0, y1] = [yTicks[0], yTicks[yTicks.length - 1]];
  const sy = (v: number) => H - M.bottom - ((v - y0) / (y1 - y0)) * (H - M.top - M.bottom);
  const step = yTicks.length > 1 ? yTicks[1] - yTicks[0] : 1;
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  for (const t of yTicks) {
    const y = sy(t).toFixed(1);
    parts.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`,
      `<text x="${M.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">` +
        `${fmt(t, step)}</text>`,
    );
  }
  parts.push(
    `<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${H - M.bottom}" stroke="black"/>`,
    `<line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" ` +
      `stroke="black"/>`,
  );
  if (o.title) {
    parts.push(
      `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">` +
        `${esc(o.title)}</text>`,
    );
  }
  if (o.xLabel) {
    parts.push(
      `<text x="${(M.left + W - M.right) / 2}" y="${H - 10}" text-anchor="middle">` +
        `${esc(o.xLabel)}</text>`,
    );
  }
  if (o.yLabel) {
    const cy = (M.top + H - M.bottom) / 2;
    parts.push(
      `<text x="16" y="${cy}" text-anchor="middle" transform="rotate(-90 16 ${cy})">` +
        `${esc(o.yLabel)}</text>`,
    );
  }
  return sy;
}

const svgOpen = (W: number, H: number) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" ` +
  `viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, sans-serif" font-size="12">`;

/**
 * A line plot of one or more series, with axes, ticks, labels and a legend, as SVG.
 *
 * @example
 * ```ts
 * const svg = linePlotSvg([{ name: "loss", x: [0, 1, 2], y: [2.3, 1.1, 0.7] }],
 *   { title: "Training", xLabel: "step", yLabel: "loss" });
 * await writePlot("out/loss.png", svg);
 * ```
 */
export function linePlotSvg(series: Series[], o: PlotOptions = {}): string {
  const W = o.width ?? 640, H = o.height ?? 400;
  const xs = series.flatMap((s) => s.x).filter(Number.isFinite);
  const ys = series.flatMap((s) => s.y).filter(Number.isFinite);
  const xTicks = niceTicks(Math.min(...xs, Infinity), Math.max(...xs, -Infinity), 6);
  const yTicks = niceTicks(Math.min(...ys, Infinity), Math.max(...ys, -Infinity), 5);
  const parts = [svgOpen(W, H)];
  const sy = frame(parts, o, W, H, yTicks);
  const [x0, x1] = [xTicks[0], xTicks[xTicks.length - 1]];
  const sx = (v: number) => M.left + ((v - x0) / (x1 - x0)) * (W - M.left - M.right);
  const step = xTicks[1] - xTicks[0];
  for (const t of xTicks) {
    const x = sx(t).toFixed(1);
    parts.push(
      `<line x1="${x}" x2="${x}" y1="${H - M.bottom}" y2="${H - M.bottom + 4}" stroke="black"/>`,
      `<text x="${x}" y="${H - M.bottom + 17}" text-anchor="middle">${fmt(t, step)}</text>`,
    );
  }
  series.forEach((s, k) => {
    const color = COLORS[k % COLORS.length];
    let d = "", pen = "M";
    for (let i = 0; i < Math.min(s.x.length, s.y.length); i++) {
      if (!Number.isFinite(s.x[i]) || !Number.isFinite(s.y[i])) {
        pen = "M";
        continue;
      }
      d += `${pen}${sx(s.x[i]).toFixed(1)},${sy(s.y[i]).toFixed(1)} `;
      pen = "L";
    }
    parts.push(`<path d="${d.trim()}" fill="none" stroke="${color}" stroke-width="2"/>`);
    if (series.length > 1 || s.name) {
      const ly = M.top + 8 + 16 * k, lx = W - M.right - 140;
      parts.push(
        `<line x1="${lx}" x2="${
          lx + 18
        }" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"/>`,
        `<text x="${lx + 24}" y="${ly}" dominant-baseline="middle">${esc(s.name)}</text>`,
      );
    }
  });
  return parts.join("\n") + "\n</svg>\n";
}

/**
 * A bar chart, one bar per label, with optional error bars (e.g. std over runs), as SVG.
 * The y axis always includes 0.
 *
 * @example
 * ```ts
 * const svg = barChartSvg(["random", "IGDS"], [73.8, 84.1],
 *   { yLabel: "test accuracy (%)", errors: [0.7, 0.4] });
 * ```
 */
export function barChartSvg(
  labels: string[],
  values: number[],
  o: PlotOptions & { errors?: number[] } = {},
): string {
  const W = o.width ?? 640, H = o.height ?? 400;
  const err = (i: number) => Number.isFinite(o.errors?.[i]) ? o.errors![i] : 0;
  const finite = values.map((v, i) => [v + err(i), v - err(i)]).flat().filter(Number.isFinite);
  const yTicks = niceTicks(Math.min(0, ...finite), Math.max(0, ...finite), 5);
  const parts = [svgOpen(W, H)];
  const sy = frame(parts, o, W, H, yTicks);
  const band = (W - M.left - M.right) / Math.max(1, labels.length);
  const rotate = labels.some((l) => l.length * 7 > band);
  labels.forEach((label, i) => {
    const v = values[i], cx = M.left + band * (i + 0.5);
    if (Number.isFinite(v)) {
      const top = Math.min(sy(v), sy(0)), h = Math.abs(sy(v) - sy(0));
      parts.push(
        `<rect x="${(cx - band * 0.35).toFixed(1)}" y="${top.toFixed(1)}" ` +
          `width="${(band * 0.7).toFixed(1)}" height="${h.toFixed(1)}" ` +
          `fill="${COLORS[0]}"/>`,
      );
      const e = err(i);
      if (e > 0) {
        const [a, b] = [sy(v - e).toFixed(1), sy(v + e).toFixed(1)];
        parts.push(
          `<path d="M${cx},${a} L${cx},${b} M${cx - 5},${a} L${cx + 5},${a} ` +
            `M${cx - 5},${b} L${cx + 5},${b}" stroke="black"/>`,
        );
      }
      if (labels.length <= 20) {
        parts.push(
          `<text x="${cx}" y="${(sy(v + e) - 5).toFixed(1)}" text-anchor="middle" ` +
            `font-size="10">${Number(v.toPrecision(4))}</text>`,
        );
      }
    }
    const ly = H - M.bottom + 16;
    parts.push(
      rotate
        ? `<text x="${cx}" y="${ly}" text-anchor="end" font-size="10" ` +
          `transform="rotate(-30 ${cx} ${ly})">${esc(label)}</text>`
        : `<text x="${cx}" y="${ly}" text-anchor="middle">${esc(label)}</text>`,
    );
  });
  return parts.join("\n") + "\n</svg>\n";
}

/**
 * Renders an SVG string to PNG bytes with sharp.
 *
 * @example
 * ```ts
 * const png = await svgToPng(linePlotSvg(series));
 * ```
 */
export async function svgToPng(svg: string): Promise<Uint8Array> {
  const png = await sharp(new TextEncoder().encode(svg)).flatten({ background: "#ffffff" })
    .png().toBuffer();
  return new Uint8Array(png);
}

/**
 * Writes a plot atomically: as SVG when `path` ends in `.svg`, else rendered to PNG.
 *
 * @example
 * ```ts
 * await writePlot("out/accuracy.png", barChartSvg(["a", "b"], [1, 2]));
 * ```
 */
export async function writePlot(path: string, svg: string): Promise<void> {
  await writeFileAtomic(path, path.endsWith(".svg") ? svg : await svgToPng(svg));
}
