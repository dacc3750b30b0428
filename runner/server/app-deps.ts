import type { GraderReadiness } from './grading/grader';
import type { ProgressHub } from './grading/progress-hub';
import type { WorkerPoolStatus } from './grading/worker-pool';
import type { LabRegistry } from './lab-registry';
import type { JobQueue } from './queue/job-queue';
import type { RateLimit } from './api/rate-limit';
import type { ServerLog } from './server-log';
import type { SubmissionStore } from './store/submission-store';
import type { UploadLimits } from './uploads/upload-limits';

/** Everything the HTTP app uses, passed in: tests give fakes, `backlab serve` the real ones. */
export interface AppDeps {
  store: SubmissionStore;
  queue: JobQueue;
  /** Asked by /api/health whether grading can run (Docker and images, or the shared store and queue). */
  readiness(): Promise<GraderReadiness>;
  /** What the workers are doing, for /api/health. */
  workers: { status(): Promise<WorkerPoolStatus> };
  labs: LabRegistry;
  hub: ProgressHub;
  log: ServerLog;
  /** The data folder: archives/, uploads/, runs/. */
  dataDir: string;
  uploadLimits: UploadLimits;
  rateLimit: RateLimit;
  /** Queued attempts beyond which uploads get 503. */
  maxQueued: number;
  now?: () => Date;
  /** Heartbeat of server-sent event streams. */
  heartbeatMs?: number;
}
