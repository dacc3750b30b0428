import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stateDir, writeJsonAtomically } from '../workspace-state';
import type { RemoteSubmission } from './server-client';

/**
 * A submission `backlab submit --server` made from a folder, as the server last described it,
 * kept in `.backlab/submissions.json` so that `backlab status` shows it even when the server is
 * out of reach. Tokens are never kept: the folder may end up in a repository.
 */
export interface SubmissionRecord {
  id: string;
  server: string;
  lab: string;
  submittedAt: string;
  status: RemoteSubmission['status'];
  resultStatus?: RemoteSubmission['resultStatus'];
  score?: number;
  maxScore?: number;
  error?: string;
  /** When the server last told this state. */
  seenAt: string;
}

const FILE = 'submissions.json';

export async function readSubmissionRecords(folder: string): Promise<SubmissionRecord[]> {
  const text = await readFile(join(stateDir(folder), FILE), 'utf8').catch(() => '[]');
  return JSON.parse(text) as SubmissionRecord[];
}

/** Adds the records, or updates those already kept (same server and id), in one write. */
export async function keepSubmissionRecords(folder: string, records: SubmissionRecord[]): Promise<void> {
  const kept = await readSubmissionRecords(folder);
  for (const record of records) {
    const at = kept.findIndex((k) => k.server === record.server && k.id === record.id);
    if (at >= 0) kept[at] = { ...record, submittedAt: kept[at].submittedAt };
    else kept.push(record);
  }
  await writeJsonAtomically(join(stateDir(folder), FILE), kept);
}

/** The record of what the server said of a submission just now. */
export function recordOf(
  server: string,
  submission: RemoteSubmission,
  submittedAt: string,
  seenAt = new Date().toISOString(),
): SubmissionRecord {
  return {
    id: submission.id,
    server,
    lab: submission.lab,
    submittedAt: submission.createdAt ?? submittedAt,
    status: submission.status,
    ...(submission.resultStatus ? { resultStatus: submission.resultStatus } : {}),
    ...(submission.score !== undefined ? { score: submission.score } : {}),
    ...(submission.maxScore !== undefined ? { maxScore: submission.maxScore } : {}),
    ...(submission.error ? { error: submission.error } : {}),
    seenAt,
  };
}
