import type { Mongoose } from 'mongoose';
import type { MongoUnderTest } from './mongo-under-test';

type MongooseModule = typeof import('mongoose');

/**
 * Both majors learners' apps use, as installed (mongoose9 is an npm alias of mongoose@9). They are
 * loaded with require and typed with Mongoose 8's declarations: Mongoose 9's declare the same
 * ambient module 'mongoose', and compiling both would make them collide. The calls these tests
 * make have the same shape in both.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const MONGOOSES: { label: string; module: () => MongooseModule }[] = [
  { label: 'Mongoose 8', module: () => require('mongoose') as MongooseModule },
  { label: 'Mongoose 9', module: () => require('mongoose9') as MongooseModule },
];
/* eslint-enable @typescript-eslint/no-require-imports */

export interface MongooseUnderTest {
  readonly label: string;
  /** Its own Mongoose instance (models do not leak between versions), connected once started. */
  m: Mongoose;
  /** The name of every command this instance sent, in order (command monitoring of its driver). */
  commands: string[];
}

/**
 * Defines `define` once per Mongoose major, each connected to the server under test with a
 * database of its own, as an app would connect (the URI the app gets, autoIndex on).
 */
export function describeMongoose(
  mongo: MongoUnderTest,
  database: string,
  define: (goose: MongooseUnderTest) => void,
): void {
  for (const { label, module } of MONGOOSES) {
    describe(label, () => {
      const lib = module();
      const goose: MongooseUnderTest = {
        label: `${label} (${lib.version})`,
        m: new lib.Mongoose(),
        commands: [],
      };
      // Fail fast instead of buffering commands forever when the server did not start.
      goose.m.set('bufferCommands', false);
      beforeAll(async () => {
        if (!mongo.uri) throw new Error(`${mongo.server.label} did not start: see the error above`);
        const dbName = `${database}_${lib.version.split('.')[0]}`;
        await goose.m.connect(mongo.uri, { dbName, monitorCommands: true, serverSelectionTimeoutMS: 5000 });
        goose.m.connection
          .getClient()
          .on('commandStarted', (event) => goose.commands.push(event.commandName));
        await goose.m.connection.dropDatabase();
      }, 60_000);
      afterAll(async () => {
        console.log(
          `${goose.label} sent to ${mongo.service.title}: ${[...new Set(goose.commands)].sort().join(', ')}`,
        );
        await goose.m.disconnect();
      });
      define(goose);
    });
  }
}

/** The commands `goose` sent while `action` ran. */
export async function commandsDuring(
  goose: MongooseUnderTest,
  action: () => Promise<unknown>,
): Promise<string[]> {
  const from = goose.commands.length;
  await action();
  return goose.commands.slice(from);
}
