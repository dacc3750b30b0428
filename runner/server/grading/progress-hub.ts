import { EventEmitter } from 'node:events';
import type { Progress, ProgressStep } from '../../common/progress';
import type { AttemptState } from '../store/records';

/** What live followers (server-sent events, polling) see of a running grade. */
export type ProgressEvent =
  | { type: 'state'; state: AttemptState; attempt: number; at: string }
  | {
      type: 'step';
      step: number;
      title: string;
      status: 'running' | 'succeeded' | 'failed';
      detail?: string;
      at: string;
    }
  | { type: 'info' | 'warn'; message: string; at: string };

/**
 * Receives every event published in this process, and 'reset' when an attempt starts with a clean
 * history, for the hubs of other processes (redis-progress-relay.ts). What it throws is ignored.
 */
export type ProgressSink = (submissionId: string, item: ProgressEvent | 'reset') => void;

const EVENTS_KEPT = 200;
const SUBMISSIONS_KEPT = 500;

/**
 * Live progress per submission, in memory: the events of its latest attempt for late joiners, and
 * a feed for subscribers. Lost on restart by design; the store holds what must survive. With a
 * sink, what happens here is also sent elsewhere, and `ingest` applies what happened elsewhere.
 */
export class ProgressHub {
  private readonly histories = new Map<string, ProgressEvent[]>();
  private readonly feed = new EventEmitter();
  private sink?: ProgressSink;

  constructor(private readonly now: () => Date = () => new Date()) {
    this.feed.setMaxListeners(0);
  }

  /** Sends every later local event (and reset) to `sink` as well; undefined stops that. */
  relayTo(sink: ProgressSink | undefined): void {
    this.sink = sink;
  }

  /** A new attempt starts with a clean history. */
  beginAttempt(submissionId: string, attempt: number, state: AttemptState): void {
    this.histories.delete(submissionId);
    this.relay(submissionId, 'reset');
    this.publishState(submissionId, attempt, state);
  }

  /** Applies an event (or reset) published by another process's hub, without relaying it again. */
  ingest(submissionId: string, item: ProgressEvent | 'reset'): void {
    if (item === 'reset') this.histories.delete(submissionId);
    else this.record(submissionId, item);
  }

  publishState(submissionId: string, attempt: number, state: AttemptState): void {
    this.publish(submissionId, { type: 'state', state, attempt, at: this.at() });
  }

  history(submissionId: string): ProgressEvent[] {
    return [...(this.histories.get(submissionId) ?? [])];
  }

  subscribe(submissionId: string, listener: (event: ProgressEvent) => void): () => void {
    this.feed.on(submissionId, listener);
    return () => this.feed.off(submissionId, listener);
  }

  /** The engine-facing Progress whose steps become events of `submissionId`. */
  progressFor(submissionId: string): Progress {
    let steps = 0;
    const emit = (event: ProgressEvent) => this.publish(submissionId, event);
    return {
      step: (title: string): ProgressStep => {
        const step = ++steps;
        emit({ type: 'step', step, title, status: 'running', at: this.at() });
        return {
          update: (detail) => emit({ type: 'step', step, title, status: 'running', detail, at: this.at() }),
          succeed: (detail) =>
            emit({
              type: 'step',
              step,
              title,
              status: 'succeeded',
              ...(detail ? { detail } : {}),
              at: this.at(),
            }),
          fail: (detail) =>
            emit({
              type: 'step',
              step,
              title,
              status: 'failed',
              ...(detail ? { detail } : {}),
              at: this.at(),
            }),
        };
      },
      info: (message) => emit({ type: 'info', message, at: this.at() }),
      warn: (message) => emit({ type: 'warn', message, at: this.at() }),
    };
  }

  private publish(submissionId: string, event: ProgressEvent): void {
    this.record(submissionId, event);
    this.relay(submissionId, event);
  }

  private relay(submissionId: string, item: ProgressEvent | 'reset'): void {
    try {
      this.sink?.(submissionId, item);
    } catch {
      // Live progress elsewhere is best effort; it must never break the grade publishing it.
    }
  }

  private record(submissionId: string, event: ProgressEvent): void {
    let history = this.histories.get(submissionId);
    if (!history) {
      history = [];
      this.histories.set(submissionId, history);
      this.forgetOldest();
    }
    history.push(event);
    if (history.length > EVENTS_KEPT) history.splice(0, history.length - EVENTS_KEPT);
    this.feed.emit(submissionId, event);
  }

  private forgetOldest(): void {
    while (this.histories.size > SUBMISSIONS_KEPT) {
      const oldest = this.histories.keys().next().value as string;
      this.histories.delete(oldest);
    }
  }

  private at(): string {
    return this.now().toISOString();
  }
}
