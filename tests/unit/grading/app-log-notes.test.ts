import { appLogNotes } from '../../../runner/grading/app-log-notes';
import type { SandboxedApp } from '../../../runner/grading/start-sandboxed-app';

const app = {
  startCommand: 'babel-node src/app.js',
  startSource: 'package.json scripts.start',
  startNote:
    'ran "babel-node src/app.js" for "nodemon --exec babel-node src/app.js": file watchers are not used for grading',
  services: () => [{ title: 'MySQL', host: 'mysql', port: 3306, variables: ['DATABASE_URL', 'DB_HOST'] }],
} as unknown as SandboxedApp;

describe('appLogNotes', () => {
  it('always says which command started the app and why', () => {
    expect(appLogNotes('listening on 3000', app, true)).toEqual([
      'your app was started with `babel-node src/app.js` (package.json scripts.start); ran "babel-node src/app.js" for "nodemon --exec babel-node src/app.js": file watchers are not used for grading',
    ]);
  });

  it('warns that a failure of the MongoDB stand-in may not happen on real MongoDB', () => {
    const log = 'MongoServerError: $text is not supported by the backlab MongoDB stand-in';
    expect(appLogNotes(log, app, true)[1]).toMatch(/may not happen on real MongoDB/);
  });

  it('says where the database is when the log shows the app looked for it elsewhere', () => {
    const notes = appLogNotes('Error: connect ECONNREFUSED 127.0.0.1:3306', app, true);
    expect(notes[1]).toMatch(/MySQL runs at mysql:3306, given to your app as DATABASE_URL, DB_HOST/);
  });

  it("says nothing of an app the lab brings (the nginx lab's): the learner did not write it", () => {
    expect(appLogNotes('Error: connect ECONNREFUSED 127.0.0.1:3306', app, true, true)).toEqual([]);
  });

  it('has nothing to say about an app that never got as far as a container', () => {
    expect(appLogNotes('', undefined, false)).toEqual([]);
  });
});
