/** How dockerode reports HTTP statuses of the engine, and the one most calls forgive. */
export function statusOf(err: unknown): number | undefined {
  return (err as { statusCode?: number })?.statusCode;
}

export async function ignoreMissing(
  action: () => Promise<unknown>,
  alsoIgnore: number[] = [],
): Promise<void> {
  try {
    await action();
  } catch (err) {
    const status = statusOf(err);
    if (status === 404 || (status !== undefined && alsoIgnore.includes(status))) return;
    throw err;
  }
}
