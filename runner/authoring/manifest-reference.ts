import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../common/package-root';
import { labJsonSchema } from '../lab/export-json-schema';
import { DURATION_PATTERN, SIZE_PATTERN } from '../lab/manifest-fields';

/**
 * The lab.yaml reference of docs/authoring.md, generated from the manifest schema's own
 * descriptions so the guide cannot drift from what the loader accepts. Regenerate with
 * `npm run build && node dist/runner/authoring/manifest-reference.js`; a unit test fails when the
 * guide is out of date.
 */

interface JsonSchema {
  type?: string;
  pattern?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
}

export const REFERENCE_START = '<!-- manifest-reference:start (generated from the schema; do not edit) -->';
export const REFERENCE_END = '<!-- manifest-reference:end -->';

/** The reference as a Markdown table: one row per field, nested fields under their parent. */
export function manifestReference(): string {
  const rows: string[][] = [];
  walk(labJsonSchema() as JsonSchema, '', rows);
  const table = [
    '| Field | Type | Default | What it is |',
    '| --- | --- | --- | --- |',
    ...rows.map((cells) => `| ${cells.map(escapeCell).join(' | ')} |`),
  ];
  return table.join('\n');
}

function walk(schema: JsonSchema, prefix: string, rows: string[][]): void {
  const required = new Set(schema.required ?? []);
  for (const [key, field] of Object.entries(schema.properties ?? {})) {
    const name = `${prefix}${key}`;
    rows.push([`\`${name}\``, typeOf(field), defaultOf(field, required.has(key)), field.description ?? '']);
    if (field.type === 'object') walk(field, `${name}.`, rows);
    if (field.type === 'array' && field.items?.type === 'object') walk(field.items, `${name}[].`, rows);
  }
}

/** Strings of a unit say so: the schema checks them by these patterns. */
const PATTERN_TYPES: Record<string, string> = {
  [DURATION_PATTERN.source]: 'duration (ms, s, m, h)',
  [SIZE_PATTERN.source]: 'size (k, m, g)',
};

function typeOf(field: JsonSchema): string {
  if (field.enum) return field.enum.map((v) => JSON.stringify(v)).join(' or ');
  if (field.anyOf)
    return field.anyOf.some((o) => o.type === 'array')
      ? 'path or list of paths'
      : field.anyOf.map(typeOf).join(' or ');
  switch (field.type) {
    case 'string':
      return PATTERN_TYPES[field.pattern ?? ''] ?? 'text';
    case 'integer':
      return 'whole number';
    case 'array':
      return field.items?.type === 'object' ? 'list of mappings' : `list of ${typeOf(field.items ?? {})}`;
    case 'object':
      return 'mapping';
    default:
      return field.type ?? 'any';
  }
}

function defaultOf(field: JsonSchema, required: boolean): string {
  if (required) return '**required**';
  if (field.default === undefined) return '';
  if (typeof field.default === 'object' && field.default !== null && Object.keys(field.default).length === 0)
    return Array.isArray(field.default) ? '`[]`' : '';
  return `\`${typeof field.default === 'string' ? field.default : JSON.stringify(field.default)}\``;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function guidePath(): string {
  return path.join(packageRoot(), 'docs', 'authoring.md');
}

/** The guide's reference section as it stands, between the markers. */
export function referenceSection(guide: string): string | undefined {
  const start = guide.indexOf(REFERENCE_START);
  const end = guide.indexOf(REFERENCE_END);
  return start === -1 || end < start ? undefined : guide.slice(start + REFERENCE_START.length, end).trim();
}

/** A Markdown table without its alignment padding, so a formatter's re-layout is not a change. */
export function normaliseTable(table: string): string {
  return table
    .trim()
    .split('\n')
    .map((line) =>
      line
        .trim()
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim().replace(/^-{3,}$/, '---'))
        .join('|'),
    )
    .join('\n');
}

/** The guide with its reference section replaced by the generated one. */
export function withReference(guide: string): string {
  const start = guide.indexOf(REFERENCE_START);
  const end = guide.indexOf(REFERENCE_END);
  if (start === -1 || end < start)
    throw new Error(`docs/authoring.md lacks the markers ${REFERENCE_START} … ${REFERENCE_END}`);
  return `${guide.slice(0, start + REFERENCE_START.length)}\n${manifestReference()}\n${guide.slice(end)}`;
}

if (require.main === module) {
  writeFileSync(guidePath(), withReference(readFileSync(guidePath(), 'utf8')));
}
