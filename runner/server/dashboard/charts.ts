import { html, type Html } from './html';

/**
 * Charts drawn on the server as inline SVG: no script and no front-end build, and the CSP that
 * forbids scripts allows them. Every label goes through `html`, so names cannot become markup.
 */

export interface Bar {
  label: string;
  value: number;
  /** The bar's full length: a share of this. */
  of: number;
  /** Text after the bar ("3/4 · 75%"). */
  caption: string;
}

const ROW = 24;
const LABEL_WIDTH = 220;
const BAR_WIDTH = 360;
const CAPTION_WIDTH = 120;

/** One horizontal bar per item, its length the item's share of its whole. */
export function barChart(id: string, title: string, bars: Bar[]): Html {
  const width = LABEL_WIDTH + BAR_WIDTH + CAPTION_WIDTH;
  const height = ROW * bars.length + 8;
  return svgFrame(
    id,
    title,
    width,
    height,
    html`${bars.map((bar, i) => {
      const y = i * ROW + 4;
      const length = bar.of > 0 ? Math.round((bar.value / bar.of) * BAR_WIDTH) : 0;
      return html`<g>
        <text x="${LABEL_WIDTH - 8}" y="${y + 15}" text-anchor="end">${truncate(bar.label, 30)}</text>
        <rect x="${LABEL_WIDTH}" y="${y + 2}" width="${BAR_WIDTH}" height="${ROW - 8}" class="track" />
        <rect x="${LABEL_WIDTH}" y="${y + 2}" width="${length}" height="${ROW - 8}" class="fill" />
        <text x="${LABEL_WIDTH + BAR_WIDTH + 8}" y="${y + 15}">${bar.caption}</text>
      </g>`;
    })}`,
  );
}

/** Counts of scores in tenths of the maximum: 0–9 %, 10–19 %, …, 90–100 % (100 % counts as the last). */
export function scoreBuckets(percentages: number[]): number[] {
  const buckets = new Array<number>(10).fill(0);
  for (const percent of percentages) buckets[Math.min(9, Math.max(0, Math.floor(percent / 10)))]++;
  return buckets;
}

const COLUMN = 44;
const CHART_HEIGHT = 140;

/** A column per tenth of the maximum score, its height the number of submissions in it. */
export function histogram(id: string, title: string, buckets: number[]): Html {
  const highest = Math.max(1, ...buckets);
  const width = COLUMN * buckets.length + 8;
  const height = CHART_HEIGHT + 40;
  return svgFrame(
    id,
    title,
    width,
    height,
    html`${buckets.map((count, i) => {
      const x = i * COLUMN + 4;
      const barHeight = Math.round((count / highest) * CHART_HEIGHT);
      const top = 14 + CHART_HEIGHT - barHeight;
      return html`<g>
        <rect x="${x + 4}" y="${top}" width="${COLUMN - 8}" height="${barHeight}" class="fill" />
        <text x="${x + COLUMN / 2}" y="${top - 3}" text-anchor="middle">${count || ''}</text>
        <text x="${x + COLUMN / 2}" y="${CHART_HEIGHT + 30}" text-anchor="middle" class="axis"
          >${i * 10}%</text
        >
      </g>`;
    })}`,
  );
}

/** The chart's frame: an accessible image of the given size, titled for screen readers and tooltips. */
function svgFrame(id: string, title: string, width: number, height: number, body: Html): Html {
  return html`<svg
    id="${id}"
    class="chart"
    role="img"
    aria-label="${title}"
    width="${width}"
    height="${height}"
    viewBox="0 0 ${width} ${height}"
    xmlns="http://www.w3.org/2000/svg"
  >
    <title>${title}</title>
    ${body}
  </svg>`;
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
