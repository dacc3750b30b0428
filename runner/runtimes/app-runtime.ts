import { join } from 'node:path';
import { pathExists } from '../common/path-exists';
import { IMAGE } from '../docker/images/catalog';
import { PHP_FRONT_CONTROLLERS } from './php-start';
import { PYTHON_ENTRY_FILES } from './python-start';

/** The languages a learner's app may be written in; the stage suites test it over HTTP only. */
export type RuntimeId = 'node' | 'python' | 'php';

export interface RuntimeFacts {
  id: RuntimeId;
  title: string;
  image: string;
  /** The file that makes a folder a project of this runtime, for messages ("requirements.txt"). */
  manifest: string;
}

/**
 * Files that say which runtime a folder's app is for, in the order they are looked at: a folder
 * with a package.json is a Node.js app even when it also has Python scripts (tooling, seeds).
 */
const MANIFESTS: readonly { file: string; id: RuntimeId }[] = [
  { file: 'package.json', id: 'node' },
  { file: 'requirements.txt', id: 'python' },
  { file: 'pyproject.toml', id: 'python' },
  { file: 'Pipfile', id: 'python' },
  { file: 'composer.json', id: 'php' },
];

/**
 * Entry files that make a folder without any manifest a Python or PHP app: those the start
 * command detection starts, and Django's manage.py, which it refuses by name.
 */
const ENTRY_FILES: readonly { file: string; id: RuntimeId }[] = [
  ...[...PYTHON_ENTRY_FILES, 'manage.py'].map((file) => ({ file, id: 'python' as const })),
  ...PHP_FRONT_CONTROLLERS.map((file) => ({ file, id: 'php' as const })),
];

const FACTS: Record<RuntimeId, Omit<RuntimeFacts, 'manifest'>> = {
  node: { id: 'node', title: 'Node.js', image: IMAGE.node },
  python: { id: 'python', title: 'Python', image: IMAGE.python },
  php: { id: 'php', title: 'PHP', image: IMAGE.php },
};

/**
 * The runtime of the app in `dir` and the file that told: its manifest, else (for Python and PHP,
 * which run without one) its entry file; undefined when the folder holds no app of any runtime.
 */
export async function detectRuntime(dir: string): Promise<RuntimeFacts | undefined> {
  for (const { file, id } of [...MANIFESTS, ...ENTRY_FILES]) {
    if (await pathExists(join(dir, file))) return { ...FACTS[id], manifest: file };
  }
  return undefined;
}

export const NODE_RUNTIME: RuntimeFacts = { ...FACTS.node, manifest: 'package.json' };

const MANIFEST_OF: Record<RuntimeId, string> = {
  node: 'package.json',
  python: 'requirements.txt',
  php: 'composer.json',
};

/**
 * The runtime of a folder known to hold an app: the lab's when it names one, else Node.js unless
 * a Python or PHP file says otherwise.
 */
export async function runtimeOf(dir: string, required?: RuntimeId): Promise<RuntimeFacts> {
  const detected = await detectRuntime(dir);
  if (!required) return detected ?? NODE_RUNTIME;
  return detected?.id === required ? detected : { ...FACTS[required], manifest: MANIFEST_OF[required] };
}
