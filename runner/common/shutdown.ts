/**
 * Work to do before the process goes away (teardown of running environments). The CLI's entry
 * file runs these on SIGINT/SIGTERM; engine code only registers and unregisters.
 */
export class ShutdownHooks {
  private readonly hooks = new Set<() => Promise<void>>();

  /** Registers `hook`; call the returned function once the work no longer needs undoing. */
  add(hook: () => Promise<void>): () => void {
    this.hooks.add(hook);
    return () => this.hooks.delete(hook);
  }

  /** Runs every registered hook once, concurrently; failures are reported, not thrown. */
  async runAll(onError: (err: unknown) => void = () => {}): Promise<void> {
    const hooks = [...this.hooks];
    this.hooks.clear();
    const results = await Promise.allSettled(hooks.map((hook) => hook()));
    for (const r of results) if (r.status === 'rejected') onError(r.reason);
  }

  get size(): number {
    return this.hooks.size;
  }
}
