/** Parsing of the human units lab authors write: durations ("30s", "2m") and sizes ("512m"). */

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/;
const DURATION_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * DURATION_MS[match[2]]);
}

const SIZE = /^(\d+(?:\.\d+)?)\s*([kmg]?)b?$/i;
const SIZE_BYTES: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

export function parseSize(text: string): number | undefined {
  const match = SIZE.exec(text.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * SIZE_BYTES[match[2].toLowerCase()]);
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** "1 container", "0 networks", "3 volumes". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** "2 containers, 1 network, 0 volumes": what a cleanup removed. */
export function removedCounts(counts: { containers: number; networks: number; volumes: number }): string {
  return [
    plural(counts.containers, 'container'),
    plural(counts.networks, 'network'),
    plural(counts.volumes, 'volume'),
  ].join(', ');
}
