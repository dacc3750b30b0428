import path from 'node:path';
import { z } from 'zod';
import { parseDuration, parseSize } from '../common/units';

/**
 * Reusable field types of lab.yaml. Each carries the message a lab author sees when the value is
 * wrong; the loader appends the offending value (", got \"ten\"").
 */

const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function kebabId(example: string) {
  const message = `expected a kebab-case id (lowercase letters, digits and dashes), like "${example}"`;
  return z.string({ error: message }).regex(KEBAB_CASE, { error: message });
}

const HTTP_PROBE = /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) (\/\S*)$/;

/** "GET /health" → { method: 'GET', path: '/health' }; undefined when it is not of that form. */
export function parseHttpProbe(value: string): { method: string; path: string } | undefined {
  const match = HTTP_PROBE.exec(value.trim());
  return match ? { method: match[1], path: match[2] } : undefined;
}

export function httpProbe() {
  const message = 'expected "METHOD /path", like "GET /health"';
  return z
    .string({ error: message })
    .refine((value) => parseHttpProbe(value) !== undefined, { error: message });
}

export function databaseName(example: string) {
  const message = `expected a database name (letters, digits and "_", starting with a letter), like "${example}"`;
  return z.string({ error: message }).regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, { error: message });
}

export function text() {
  return z.string().trim().min(1, { error: 'expected non-empty text' });
}

export function positiveInteger() {
  const message = 'expected a positive integer';
  return z.int({ error: message }).positive({ error: message });
}

/**
 * What parseDuration and parseSize accept, as patterns the JSON Schema carries, so that an editor
 * underlines `timeout: sixty` as the loader rejects it. Zero passes the pattern; the loader alone
 * rejects it, as a pattern for "not zero" would be unreadable.
 */
export const DURATION_PATTERN = /^\s*\d+(?:\.\d+)?\s*(?:ms|s|m|h)\s*$/;
export const SIZE_PATTERN = /^\s*\d+(?:\.\d+)?\s*[kKmMgG]?[bB]?\s*$/;

export function duration() {
  const message = 'expected a duration like "30s", "2m" or "500ms"';
  return z
    .string({ error: message })
    .regex(DURATION_PATTERN, { error: message, abort: true })
    .refine((value) => (parseDuration(value) ?? 0) > 0, { error: message });
}

export function size() {
  const message = 'expected a size like "512m", "1g" or "65536k"';
  return z
    .string({ error: message })
    .regex(SIZE_PATTERN, { error: message, abort: true })
    .refine((value) => (parseSize(value) ?? 0) > 0, { error: message });
}

/** True when `value` is a relative path that stays inside the folder it is relative to. */
export function isInsidePath(value: string): boolean {
  if (value.trim() === '' || path.isAbsolute(value) || path.win32.isAbsolute(value)) return false;
  const normalised = path.posix.normalize(value.replace(/\\/g, '/'));
  return normalised !== '..' && !normalised.startsWith('../');
}

/** A path relative to `base` ("the lab folder", "the submission folder") that may not leave it. */
export function relativePath(base: string, example: string) {
  const message = `expected a relative path inside ${base} (no leading "/" or ".."), like "${example}"`;
  return z.string({ error: message }).refine(isInsidePath, { error: message });
}

/** One path or a list of paths; lab authors may write either, the manifest always holds a list. */
export function pathList(base: string, example: string, { required = false } = {}) {
  const one = relativePath(base, example);
  const list = z.array(one).min(required ? 1 : 0, { error: 'expected at least one file' });
  return z
    .union([one, list], { error: `expected a file path or a list of file paths, like "${example}"` })
    .transform((value) => (Array.isArray(value) ? value : [value]));
}
