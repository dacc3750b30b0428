import type { ImageName } from '../../docker/images';
import { EXIT } from '../cli-context';
import { jsonOption, type RegisterCommands } from './shared-options';

/** The machine's commands: Docker images, `doctor` and `cleanup`. */
export const registerMachineCommands: RegisterCommands = (program, ctx, run) => {
  const images = program.command('images').description('build and inspect the Docker images backlab uses');
  images
    .command('build')
    .description('build every image (skips those up to date)')
    .option('--force', 'rebuild even when up to date')
    .option('--only <image...>', 'only these images (base, mariadb, nginx, node, mongo-standin)')
    .addOption(jsonOption())
    .action((o) =>
      run(async () => {
        const result = await (
          await import('./images')
        ).imagesBuild({
          docker: await ctx.docker(),
          progress: ctx.progress,
          force: !!o.force,
          only: o.only as ImageName[] | undefined,
        });
        ctx.out(
          o.json
            ? JSON.stringify(result, null, 2)
            : result.images.map((i) => `${i.action.padEnd(8)} ${i.ref}`).join('\n'),
        );
        return EXIT.ok;
      }),
    );
  images
    .command('status')
    .description('show which images are missing, outdated or ready')
    .addOption(jsonOption())
    .action((o) =>
      run(async () => {
        const result = await (await import('./images')).imagesStatus({ docker: await ctx.docker() });
        ctx.out(
          o.json
            ? JSON.stringify(result, null, 2)
            : result.images.map((i) => `${i.state.padEnd(8)} ${i.ref}`).join('\n'),
        );
        return result.allReady ? EXIT.ok : EXIT.fail;
      }),
    );
  program
    .command('doctor')
    .description('check that this machine can run labs')
    .addOption(jsonOption())
    .action((o) => run(async () => (await import('./doctor')).doctor(ctx, { json: !!o.json })));
  program
    .command('cleanup')
    .description('remove containers, networks and volumes left by interrupted runs')
    .option('--all', 'also remove development environments of `backlab start`')
    .option('--cache', 'also remove cached dependencies')
    .addOption(jsonOption())
    .action((o) =>
      run(async () =>
        (await import('./cleanup')).cleanup(ctx, { all: !!o.all, cache: !!o.cache, json: !!o.json }),
      ),
    );
};
