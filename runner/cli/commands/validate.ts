import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../common/errors';
import {
  dockerGrader,
  formatValidation,
  validateLab,
  validationExitCode,
  type SkippableCheck,
} from '../../authoring';
import { EXIT, type CliContext } from '../cli-context';
import { ensureImages } from './ensure-images';

export interface ValidateCommandOptions {
  /** A lab id of the catalogue or a path to a lab folder. */
  lab: string;
  /** Solution runs; default 3, or 1 with --quick. */
  runs?: number;
  /** One solution run and no mutation check: for quick feedback while writing a lab. */
  quick: boolean;
  skip: SkippableCheck[];
  json: boolean;
}

const DEFAULT_RUNS = 3;

/**
 * `backlab validate <lab>`: every check of a lab for publication, reported all at once.
 * Exit 0 when all hold, 1 when the lab has problems, 2 when it cannot be graded at all.
 */
export async function validate(ctx: CliContext, opts: ValidateCommandOptions): Promise<number> {
  const runs = opts.runs ?? (opts.quick ? 1 : DEFAULT_RUNS);
  if (!Number.isInteger(runs) || runs < 1)
    throw new UserError(`--runs ${opts.runs}: expected a whole number of runs, 1 or more`);
  const skip = opts.quick ? [...new Set<SkippableCheck>([...opts.skip, 'mutations'])] : opts.skip;
  const report = await validateLab(
    {
      progress: ctx.progress,
      grader: async (lab) => {
        const docker = await ctx.docker();
        await ensureImages(ctx, docker);
        return dockerGrader({ docker, hooks: ctx.hooks }, lab);
      },
    },
    { labDir: labFolder(ctx, opts.lab), runs, skip },
  );
  ctx.out(
    opts.json ? JSON.stringify(report, null, 2) : formatValidation(report, { color: ctx.color }).trimEnd(),
  );
  const code = validationExitCode(report);
  return code === 0 ? EXIT.ok : code === 1 ? EXIT.fail : EXIT.error;
}

/** A catalogue id when there is such a lab, else a folder relative to the current one. */
function labFolder(ctx: CliContext, lab: string): string {
  const inCatalog = path.join(ctx.labsDir, lab);
  const looksLikeId = !lab.includes('/') && !lab.includes('\\') && !lab.startsWith('.');
  return looksLikeId && existsSync(inCatalog) && !existsSync(path.resolve(ctx.cwd, lab))
    ? inCatalog
    : path.resolve(ctx.cwd, lab);
}
