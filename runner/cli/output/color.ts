/**
 * Whether to color output: NO_COLOR (no-color.org) turns it off, FORCE_COLOR turns it on (or off
 * with "0"/"false"), otherwise only terminals that are TTYs and not "dumb" get colors.
 */
export function shouldUseColor(isTTY: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY && env.TERM !== 'dumb';
}
