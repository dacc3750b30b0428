import { ProgressHub, type ProgressEvent } from '../../../runner/server/grading/progress-hub';

const at = new Date('2024-05-01T10:00:00Z');
const state = (attempt: number, value: 'queued' | 'running' | 'graded'): ProgressEvent => ({
  type: 'state',
  state: value,
  attempt,
  at: at.toISOString(),
});

describe('ProgressHub', () => {
  it('keeps the history of the latest attempt and feeds subscribers', () => {
    const hub = new ProgressHub(() => at);
    const fed: ProgressEvent[] = [];
    const stop = hub.subscribe('s1', (event) => fed.push(event));
    hub.publishState('s1', 1, 'queued');
    hub.beginAttempt('s1', 1, 'running');
    hub.progressFor('s1').step('Build').succeed('ok');
    expect(hub.history('s1')).toEqual([
      state(1, 'running'),
      { type: 'step', step: 1, title: 'Build', status: 'running', at: at.toISOString() },
      { type: 'step', step: 1, title: 'Build', status: 'succeeded', detail: 'ok', at: at.toISOString() },
    ]);
    expect(fed).toHaveLength(4);
    stop();
    hub.publishState('s1', 1, 'graded');
    expect(fed).toHaveLength(4);
  });

  it('sends every local event, and the reset of a new attempt, to its sink in order', () => {
    const hub = new ProgressHub(() => at);
    const sent: Array<[string, ProgressEvent | 'reset']> = [];
    hub.relayTo((id, item) => sent.push([id, item]));
    hub.publishState('s1', 1, 'queued');
    hub.beginAttempt('s1', 2, 'running');
    hub.progressFor('s1').info('hello');
    expect(sent).toEqual([
      ['s1', state(1, 'queued')],
      ['s1', 'reset'],
      ['s1', state(2, 'running')],
      ['s1', { type: 'info', message: 'hello', at: at.toISOString() }],
    ]);
    hub.relayTo(undefined);
    hub.publishState('s1', 2, 'graded');
    expect(sent).toHaveLength(4);
  });

  it('ingests events from elsewhere into history and feed without relaying them again', () => {
    const hub = new ProgressHub(() => at);
    const sent: unknown[] = [];
    const fed: ProgressEvent[] = [];
    hub.relayTo((_id, item) => sent.push(item));
    hub.subscribe('s1', (event) => fed.push(event));
    hub.ingest('s1', state(1, 'running'));
    hub.ingest('s1', state(1, 'graded'));
    expect(hub.history('s1')).toEqual([state(1, 'running'), state(1, 'graded')]);
    hub.ingest('s1', 'reset');
    expect(hub.history('s1')).toEqual([]);
    expect(fed).toEqual([state(1, 'running'), state(1, 'graded')]);
    expect(sent).toEqual([]);
  });

  it('keeps publishing locally when its sink throws', () => {
    const hub = new ProgressHub(() => at);
    hub.relayTo(() => {
      throw new Error('relay broken');
    });
    hub.beginAttempt('s1', 1, 'running');
    expect(hub.history('s1')).toEqual([state(1, 'running')]);
  });
});
