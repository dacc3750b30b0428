import path from 'node:path';
import type { ShutdownHooks } from '../common/shutdown';
import type { DockerClient } from '../docker/docker-client';
import { makeRunFolder } from '../docker/run-folders';
import { grade } from '../grading/grade';
import type { Lab } from '../lab';
import { faultProxy } from './faults/start-fault-proxy';
import type { Grader } from './grade-job';

/** The real grader: each job is a full grade on containers, in a throw-away run folder. */
export function dockerGrader(ctx: { docker: DockerClient; hooks?: ShutdownHooks }, lab: Lab): Grader {
  return async (job, progress) => {
    const runFolder = await makeRunFolder('validate');
    const runDir = runFolder.dir;
    try {
      const proxy = job.fault
        ? faultProxy(ctx.docker, job.fault, path.join(runDir, 'fault-proxy'))
        : undefined;
      const result = await grade(
        { docker: ctx.docker, progress, hooks: ctx.hooks },
        {
          lab,
          submissionDir: job.folder,
          hidden: job.hidden,
          workspace: job.folder,
          runDir,
          ...(proxy ? { interpose: proxy.interpose } : {}),
        },
      );
      return { result, ...(proxy ? { faultStats: await proxy.stats() } : {}) };
    } finally {
      await runFolder.dispose();
    }
  };
}
