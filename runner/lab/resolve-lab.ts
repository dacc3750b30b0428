import path from 'node:path';
import { parseDuration, parseSize } from '../common/units';
import type { Lab, LabApp, LabServices, SourcePath } from './lab';
import { parseHttpProbe } from './manifest-fields';
import { SERVICE_KINDS, type LabManifest } from './manifest-schema';
import { MANIFEST_FILE } from './read-manifest';

/** Turning a validated manifest into a Lab: absolute paths, numbers instead of "30s" and "512m". */

export function resolveLab(labDir: string, manifest: LabManifest): Lab {
  const dir = path.resolve(labDir);
  const inLab = (relative: string) => path.resolve(dir, relative);
  const services = resolveServices(manifest, inLab);
  return {
    id: manifest.id,
    title: manifest.title,
    summary: manifest.summary,
    difficulty: manifest.difficulty,
    tags: manifest.tags,
    dir,
    manifestPath: path.join(dir, MANIFEST_FILE),
    manifest,
    services,
    serviceKinds: SERVICE_KINDS.filter((kind) => services[kind] !== undefined),
    ...(manifest.app ? { app: resolveApp(manifest.app, inLab) } : {}),
    limits: {
      memoryBytes: requireParsed(parseSize(manifest.limits.memory), manifest.limits.memory),
      cpus: manifest.limits.cpus,
      pids: manifest.limits.pids,
      stageTimeoutMs: ms(manifest.limits.timeout),
      installTimeoutMs: ms(manifest.limits.install),
    },
    starterDir: inLab(manifest.starter),
    solutionDir: inLab(manifest.solution),
    stages: manifest.stages.map((stage) => ({
      id: stage.id,
      title: stage.title,
      points: stage.points,
      tests: stage.tests.map(inLab),
      hidden: stage.hidden.map(inLab),
      hints: stage.hints,
      starterPasses: stage.starterPasses,
    })),
    maxScore: manifest.stages.reduce((sum, stage) => sum + stage.points, 0),
  };
}

function resolveServices(manifest: LabManifest, inLab: (relative: string) => string): LabServices {
  const { mysql, mongodb, redis, nginx } = manifest.services;
  return {
    ...(mysql ? { mysql: { database: mysql.database, initScripts: mysql.init.map(inLab) } } : {}),
    ...(mongodb ? { mongodb: { database: mongodb.database, seedFiles: mongodb.init.map(inLab) } } : {}),
    ...(redis ? { redis: {} } : {}),
    ...(nginx ? { nginx: resolveNginx(nginx, inLab) } : {}),
  };
}

function resolveNginx(
  nginx: NonNullable<LabManifest['services']['nginx']>,
  inLab: (relative: string) => string,
): NonNullable<LabServices['nginx']> {
  return {
    ...(nginx.config ? { config: sourcePath(nginx.from, nginx.config, inLab) } : {}),
    ...(nginx.static ? { static: sourcePath(nginx.static.from, nginx.static.path, inLab) } : {}),
  };
}

function resolveApp(app: NonNullable<LabManifest['app']>, inLab: (relative: string) => string): LabApp {
  const http = app.ready.http === undefined ? undefined : parseHttpProbe(app.ready.http);
  return {
    kind: app.kind,
    ...(app.runtime ? { runtime: app.runtime } : {}),
    source: sourcePath(app.from, app.path, inLab),
    port: app.port,
    ...(app.install ? { install: app.install } : {}),
    ...(app.start ? { start: app.start } : {}),
    instances: app.instances,
    ready: { ...(http ? { http } : {}), timeoutMs: ms(app.ready.timeout) },
  };
}

function sourcePath(
  from: 'lab' | 'submission',
  relative: string,
  inLab: (relative: string) => string,
): SourcePath {
  return from === 'lab'
    ? { from, path: inLab(relative) }
    : { from, path: path.posix.normalize(relative.replace(/\\/g, '/')) };
}

function ms(text: string): number {
  return requireParsed(parseDuration(text), text);
}

/** The schema has already checked these values; a failure here is a bug, not a lab problem. */
function requireParsed(value: number | undefined, text: string): number {
  if (value === undefined) throw new Error(`internal: "${text}" passed validation but does not parse`);
  return value;
}
