import type { GradeResult, StageResult, TestResult } from '../result';
import { elapsedMs } from './elapsed';
import { summarizeFailure } from './failure-message';
import { HIDDEN_TEST_NOTE } from './hidden-tests';
import { describeStop } from './phases';
import { toPlainText } from './plain-text';
import { escapeXmlAttribute, escapeXmlText } from './xml-escape';

export interface JunitReportOptions {
  /** Keep hidden tests' messages (instructors); by default they are left out. */
  showHidden?: boolean;
}

type RunError = NonNullable<GradeResult['error']>;

/** A failed test is a <failure>; a stage or run that could not be graded is an <error>. */
interface Outcome {
  kind: 'failure' | 'error';
  message: string;
  body: string;
}

interface Case {
  classname: string;
  name: string;
  timeMs: number;
  outcome?: Outcome;
}

interface Suite {
  name: string;
  timeMs: number;
  properties: [string, string][];
  cases: Case[];
  systemOut?: string;
}

/**
 * JUnit XML for CI dashboards: one <testsuite> per stage (classname "lab.stage"), a <failure> per
 * failed test, an <error> for a stage or a run that could not be graded, and the app log as
 * <system-out> of the first suite that did not pass. Every suite carries the result's provenance
 * as properties, since dashboards show suites one by one.
 */
export function formatJunit(result: GradeResult, opts: JunitReportOptions = {}): string {
  const suites = result.stages.map((stage) => stageSuite(result, stage, opts));
  // A stage that could not be graded already has its <error>; this is for a run that stopped.
  if (result.error) suites.push(runErrorSuite(result, result.error));
  const firstTrouble = suites.find((suite) => suite.cases.some((c) => c.outcome));
  const appLog = toPlainText(result.appLog).trimEnd();
  if (firstTrouble && appLog) firstTrouble.systemOut = appLog;
  const provenance = provenanceProperties(result.provenance);
  for (const suite of suites) suite.properties.push(...provenance);

  const all = suites.flatMap((suite) => suite.cases);
  const root = tag('testsuites', {
    name: result.lab,
    tests: all.length,
    ...outcomeCounts(all),
    time: seconds(elapsedMs(result)),
  });
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `${root}>`];
  for (const suite of suites) lines.push(...suiteLines(suite, result.startedAt));
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

function stageSuite(result: GradeResult, stage: StageResult, opts: JunitReportOptions): Suite {
  const classname = `${result.lab}.${stage.id}`;
  const cases: Case[] = stage.tests.map((test) => ({
    classname,
    name: test.name,
    timeMs: test.durationMs,
    outcome: test.status === 'fail' ? failureOf(test, opts) : undefined,
  }));
  if (stage.error) {
    const message = toPlainText(stage.error).trim();
    cases.push({
      classname,
      name: 'could not be graded',
      timeMs: 0,
      outcome: { kind: 'error', message, body: message },
    });
  }
  return {
    name: classname,
    timeMs: stage.durationMs,
    properties: [
      ['title', stage.title],
      ['status', stage.status],
      ['score', String(stage.score)],
      ['maxScore', String(stage.maxScore)],
    ],
    cases,
  };
}

function failureOf(test: TestResult, opts: JunitReportOptions): Outcome {
  if (test.hidden && !opts.showHidden) return { kind: 'failure', message: HIDDEN_TEST_NOTE, body: '' };
  const raw = test.message ?? '';
  const message = summarizeFailure(raw).lines.join('\n');
  return { kind: 'failure', message, body: toPlainText(raw).trim() };
}

function runErrorSuite(result: GradeResult, error: RunError): Suite {
  const classname = `${result.lab}.grading`;
  const message = toPlainText(error.message).trim();
  const body = error.hint ? `${message}\n\nNext step: ${error.hint}` : message;
  return {
    name: classname,
    timeMs: elapsedMs(result),
    properties: [
      ['phase', error.phase],
      ...(error.cause ? [['cause', error.cause] as [string, string]] : []),
    ],
    cases: [
      {
        classname,
        name: describeStop(error),
        timeMs: 0,
        outcome: { kind: 'error', message, body },
      },
    ],
  };
}

/** "provenance.images.backlab/node:latest" = "sha256:…": the JSON paths, flattened. */
function provenanceProperties(provenance: GradeResult['provenance']): [string, string][] {
  const services = Object.entries(provenance.services).map(([kind, s]): [string, string] => [
    `provenance.services.${kind}`,
    `${s.implementation} ${s.version} (${s.image})`,
  ]);
  return [
    ['provenance.backlab', provenance.backlab],
    ['provenance.labHash', provenance.labHash],
    ...Object.entries(provenance.images).map(([ref, key]): [string, string] => [
      `provenance.images.${ref}`,
      key,
    ]),
    ...services,
  ];
}

function suiteLines(suite: Suite, timestamp: string): string[] {
  const open = tag('testsuite', {
    name: suite.name,
    tests: suite.cases.length,
    ...outcomeCounts(suite.cases),
    skipped: 0,
    time: seconds(suite.timeMs),
    timestamp,
  });
  const lines = [`  ${open}>`];
  if (suite.properties.length > 0) {
    lines.push('    <properties>');
    for (const [name, value] of suite.properties) lines.push(`      ${tag('property', { name, value })}/>`);
    lines.push('    </properties>');
  }
  for (const c of suite.cases) lines.push(...caseLines(c));
  if (suite.systemOut) lines.push(`    <system-out>${escapeXmlText(suite.systemOut)}</system-out>`);
  lines.push('  </testsuite>');
  return lines;
}

function caseLines(c: Case): string[] {
  const open = `    ${tag('testcase', { classname: c.classname, name: c.name, time: seconds(c.timeMs) })}`;
  if (!c.outcome) return [`${open}/>`];
  const { kind, message, body } = c.outcome;
  const start = tag(kind, { message });
  const inner = body ? `${start}>${escapeXmlText(body)}</${kind}>` : `${start}/>`;
  return [`${open}>`, `      ${inner}`, '    </testcase>'];
}

function outcomeCounts(cases: Case[]): { failures: number; errors: number } {
  const count = (kind: Outcome['kind']) => cases.filter((c) => c.outcome?.kind === kind).length;
  return { failures: count('failure'), errors: count('error') };
}

/** An opening tag without its closing bracket, so callers choose ">" or "/>". */
function tag(name: string, attributes: Record<string, string | number>): string {
  const rendered = Object.entries(attributes).map(
    ([key, value]) => ` ${key}="${escapeXmlAttribute(String(value))}"`,
  );
  return `<${name}${rendered.join('')}`;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
