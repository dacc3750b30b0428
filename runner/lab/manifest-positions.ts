import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import { parsePath, type LabProblem } from './lab-problem';

/**
 * Where a field of lab.yaml is written, from the YAML parser's own node ranges, so that schema and
 * rule problems point at a line and column like a compiler's do.
 */

export interface Position {
  line: number;
  column: number;
}

export interface ManifestLocator {
  /**
   * Where the value at `path` starts. For a key that is not written (a default, a missing hint
   * list), where the nearest mapping or list that would hold it starts; never the whole document,
   * which would point at line 1 for everything.
   */
  value(path: readonly PropertyKey[]): Position | undefined;
  /** Where key `key` of the mapping at `path` is written (for unknown keys). */
  key(path: readonly PropertyKey[], key: string): Position | undefined;
}

type Step = { node: Node; keyNode?: Node };

export function manifestLocator(document: Document, lineCounter: LineCounter): ManifestLocator {
  const at = (node: Node | undefined): Position | undefined => {
    const offset = node?.range?.[0];
    if (offset === undefined) return undefined;
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  return {
    value(path) {
      const steps = walk(document.contents, path);
      const last = steps.length > 1 ? steps[steps.length - 1] : undefined;
      return last && at(last.node);
    },
    key(path, key) {
      const steps = walk(document.contents, path);
      if (steps.length !== path.length + 1) return undefined;
      return at(child(steps[steps.length - 1].node, key)?.keyNode);
    },
  };
}

/** The nodes along `path`, the document's top node first, as far as the path exists. */
function walk(root: unknown, path: readonly PropertyKey[]): Step[] {
  if (!isNode(root)) return [];
  const steps: Step[] = [{ node: root }];
  for (const segment of path) {
    const next = child(steps[steps.length - 1].node, segment);
    if (!next) break;
    steps.push(next);
  }
  return steps;
}

function child(node: Node, segment: PropertyKey): Step | undefined {
  if (isMap(node)) {
    const pair = node.items.find((item) => isScalar(item.key) && item.key.value === segment);
    if (!pair || !isNode(pair.key)) return undefined;
    // `hints:` with nothing after it: its value is empty, so the key is where it is written.
    const written = isNode(pair.value) && pair.value.range?.[0] !== pair.value.range?.[1];
    return { node: written ? (pair.value as Node) : pair.key, keyNode: pair.key };
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item: unknown = node.items[segment];
    return isNode(item) ? { node: item } : undefined;
  }
  return undefined;
}

function isNode(value: unknown): value is Node {
  return isMap(value) || isSeq(value) || isScalar(value);
}

/** Each problem of lab.yaml that names a field but no position gets the field's line and column. */
export function locateProblems<P extends LabProblem>(
  problems: readonly P[],
  locator: ManifestLocator,
  manifestFile: string,
): P[] {
  return problems.map((problem) => {
    if (problem.file !== manifestFile || problem.line !== undefined || !problem.path) return problem;
    const path = parsePath(problem.path);
    const position = path && locator.value(path);
    return position ? { ...problem, ...position } : problem;
  });
}
