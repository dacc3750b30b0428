import type { LabManifest, ServiceKind } from './manifest-schema';

/**
 * A loaded, validated lab with everything resolved for the engine: absolute paths for files in
 * the lab folder, limits in milliseconds and bytes, defaults applied. Nothing here needs
 * re-resolving; `manifest` keeps the author's values for display.
 */
export interface Lab {
  id: string;
  title: string;
  summary: string;
  difficulty: LabManifest['difficulty'];
  tags: string[];
  /** Absolute path of the lab folder. */
  dir: string;
  /** Absolute path of lab.yaml. */
  manifestPath: string;
  manifest: LabManifest;
  services: LabServices;
  /** Kinds of the services the lab uses, in a fixed order (mysql, mongodb, redis, nginx). */
  serviceKinds: ServiceKind[];
  /** Absent for labs without an app (such as SQL-only labs). */
  app?: LabApp;
  limits: LabLimits;
  /** Absolute path of the starter folder. */
  starterDir: string;
  /** Absolute path of the reference solution folder. */
  solutionDir: string;
  stages: LabStage[];
  /** Sum of the stages' points. */
  maxScore: number;
}

/**
 * A file or folder that comes either with the lab or from the learner's submission. Lab paths are
 * absolute; submission paths are relative (POSIX) to the submission folder, which only the run knows.
 */
export type SourcePath = { from: 'lab'; path: string } | { from: 'submission'; path: string };

export interface LabServices {
  mysql?: { database: string; /** Absolute paths of SQL files, applied in order. */ initScripts: string[] };
  mongodb?: {
    database: string;
    /** Absolute paths of JSON seed files ({collection: [docs]}), in order. */ seedFiles: string[];
  };
  /** Redis has no options: every lab gets an empty in-memory server. */
  redis?: Record<string, never>;
  /** Without `config`, nginx serves its own default site; `static` is copied into its document root. */
  nginx?: { config?: SourcePath; static?: SourcePath };
}

export interface LabApp {
  /** "server": the learner's app is tested; "tests": the learner's jest suite is run by the test driver. */
  kind: 'server' | 'tests';
  /** The language the lab requires; undefined: told by the app's folder. */
  runtime?: 'node' | 'python' | 'php';
  /** The app's folder (package.json, requirements.txt, composer.json…). */
  source: SourcePath;
  port: number;
  /** Install command; undefined means "npm ci with a lockfile, else npm install". */
  install?: string;
  /** Start command; undefined means the runner detects it. */
  start?: string;
  instances: number;
  ready: { http?: { method: string; path: string }; timeoutMs: number };
}

export interface LabLimits {
  memoryBytes: number;
  cpus: number;
  pids: number;
  /** Time limit of each stage. */
  stageTimeoutMs: number;
  /** Time limit of the dependency install. */
  installTimeoutMs: number;
}

export interface LabStage {
  id: string;
  title: string;
  points: number;
  /** Absolute paths of the stage's test suites. */
  tests: string[];
  /** Absolute paths of the server-only suites. */
  hidden: string[];
  hints: string[];
  /** True when the starter code is expected to pass this stage. */
  starterPasses: boolean;
}
