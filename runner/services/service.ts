import type { DockerClient, Labels } from '../docker/docker-client';

export type ServiceKind = 'mysql' | 'mongodb' | 'redis' | 'nginx';

export const SERVICE_KINDS: readonly ServiceKind[] = ['mysql', 'mongodb', 'redis', 'nginx'];

export interface Endpoint {
  host: string;
  port: number;
}

/** What a service needs to start inside a run. */
export interface ServiceContext {
  docker: DockerClient;
  runId: string;
  /** The run's private network; the service joins it under its kind as host name. */
  network: string;
  labels: Labels;
  /** Publish the service port on 127.0.0.1 (development environments, where the app runs on the host). */
  publish: boolean;
  timeoutMs: number;
}

/** What serves a service, as every grade result records it (see Provenance in grading/result.ts). */
export interface ServiceOrigin {
  /** mongodb-standin: backlab's wire-protocol test server, NOT MongoDB. */
  implementation: 'mariadb' | 'nginx' | 'mongodb' | 'mongodb-standin' | 'redis';
  image: string;
  /** As the server reports it, or "unknown". */
  version: string;
}

export interface RunningService {
  kind: ServiceKind;
  /** "MySQL", "nginx": how messages name it. */
  title: string;
  containerId: string;
  /** How containers on the run's network reach it. */
  internal: Endpoint;
  /** How the host reaches it, when published. */
  published?: Endpoint;
  /** Connection settings for a learner's app, under the names real projects use. */
  appEnv(at: Endpoint): Record<string, string>;
  /** Coordinates for the lab kit inside the test runner. */
  kitEnv(): Record<string, string>;
  /** Back to the lab's initial state (empty database + init scripts). */
  reset(): Promise<void>;
  /** "database app, user lab" */
  summary(): string;
  /** What serves it; asked once when the service is ready, so awaiting it later costs nothing. */
  origin(): Promise<ServiceOrigin>;
}
