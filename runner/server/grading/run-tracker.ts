import type { DockerClient, Labels } from '../../docker/docker-client';
import { LABEL } from '../../docker/labels';

export interface TrackedDocker {
  /** The same engine; every create call through it is noted. */
  docker: DockerClient;
  /** The runs whose networks, containers or volumes were created, in order. */
  runIds(): string[];
}

/**
 * Notes the run label of everything a grade creates. When Docker goes away mid-grade the engine's
 * own teardown fails and its run id is lost with the thrown error; this keeps it, so the run can
 * be removed once Docker answers again. Only `run` objects: caches are meant to outlive runs.
 */
export function trackRuns(docker: DockerClient, signal?: AbortSignal): TrackedDocker {
  const seen = new Set<string>();
  // Noted before the call: a create that Docker did not answer may still have happened. Once the
  // grade is stopped, nothing new is created: the grade fails at its next step and tears down.
  const note = (labels: Labels) => {
    if (signal?.aborted) throw new Error('the grade was stopped: this worker lost its claim on the job');
    if (labels[LABEL.lifetime] === 'run' && labels[LABEL.run]) seen.add(labels[LABEL.run]);
  };
  const tracked = new Proxy(docker, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const method = (value as (...args: unknown[]) => unknown).bind(target);
      if (property === 'createNetwork' || property === 'createContainer')
        return (spec: { labels: Labels }) => (note(spec.labels), method(spec));
      if (property === 'createVolume')
        return (name: string, labels: Labels) => (note(labels), method(name, labels));
      return method;
    },
  });
  return { docker: tracked, runIds: () => [...seen] };
}
