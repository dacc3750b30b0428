import { MongoServerError, type ClientSession } from 'mongodb';
import { describeMongo } from './mongo-under-test';

/** What a driver sees when a transaction loses a write race: it must be retryable. */
const WRITE_CONFLICT = {
  code: 112,
  codeName: 'WriteConflict',
  errorLabels: expect.arrayContaining(['TransientTransactionError']),
};

describeMongo('MongoDB service: write conflicts in transactions', (mongo) => {
  const accounts = () => mongo.db.collection<{ _id: string; balance: number; email?: string }>('accounts');
  let sessions: ClientSession[] = [];
  const session = () => {
    const s = mongo.client.startSession();
    sessions.push(s);
    return s;
  };

  beforeEach(async () => {
    await accounts().drop();
    await accounts().insertMany([
      { _id: 'ada', balance: 100 },
      { _id: 'lin', balance: 100 },
    ]);
  });
  afterEach(async () => {
    await Promise.all(sessions.map((s) => s.endSession()));
    sessions = [];
  });

  it('fails the second writer of a document at its write, not at commit, with a retryable error', async () => {
    const first = session();
    const second = session();
    first.startTransaction();
    second.startTransaction();
    await accounts().updateOne({ _id: 'ada' }, { $inc: { balance: -10 } }, { session: first });
    const conflicting = accounts().updateOne({ _id: 'ada' }, { $inc: { balance: -20 } }, { session: second });
    await expect(conflicting).rejects.toBeInstanceOf(MongoServerError);
    await expect(conflicting).rejects.toMatchObject(WRITE_CONFLICT);
    // The loser's transaction is over; the winner commits.
    await second.abortTransaction();
    await first.commitTransaction();
    expect(await accounts().findOne({ _id: 'ada' })).toMatchObject({ balance: 90 });
  });

  it('fails a write to a document committed by someone else after the snapshot', async () => {
    const late = session();
    late.startTransaction();
    expect(await accounts().findOne({ _id: 'lin' }, { session: late })).toMatchObject({ balance: 100 });
    await accounts().updateOne({ _id: 'lin' }, { $set: { balance: 5 } });
    await expect(
      accounts().updateOne({ _id: 'lin' }, { $inc: { balance: 1 } }, { session: late }),
    ).rejects.toMatchObject(WRITE_CONFLICT);
    await late.abortTransaction();
    expect(await accounts().findOne({ _id: 'lin' })).toMatchObject({ balance: 5 });
  });

  it('fails the second of two transactions inserting the same unique key at its insert', async () => {
    await accounts().createIndex({ email: 1 }, { unique: true, sparse: true });
    const first = session();
    const second = session();
    first.startTransaction();
    second.startTransaction();
    await accounts().insertOne({ _id: 'bo', balance: 0, email: 'bo@example.com' }, { session: first });
    await expect(
      accounts().insertOne({ _id: 'bo2', balance: 0, email: 'bo@example.com' }, { session: second }),
    ).rejects.toMatchObject(WRITE_CONFLICT);
    await second.abortTransaction();
    await first.commitTransaction();
    expect(await accounts().countDocuments({ email: 'bo@example.com' })).toBe(1);
  });

  it('lets withTransaction retry conflicting read-modify-write transfers until all of them apply', async () => {
    const transfer = async (amount: number) => {
      const s = session();
      let attempts = 0;
      await s.withTransaction(async () => {
        attempts += 1;
        const from = await accounts().findOne({ _id: 'ada' }, { session: s });
        const to = await accounts().findOne({ _id: 'lin' }, { session: s });
        await accounts().updateOne(
          { _id: 'ada' },
          { $set: { balance: from!.balance - amount } },
          { session: s },
        );
        await accounts().updateOne(
          { _id: 'lin' },
          { $set: { balance: to!.balance + amount } },
          { session: s },
        );
      });
      return attempts;
    };
    const attempts = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map(transfer));
    console.log(`${mongo.service.title}: attempts per concurrent transfer ${attempts.join(', ')}`);
    expect(await accounts().findOne({ _id: 'ada' })).toMatchObject({ balance: 100 - 36 });
    expect(await accounts().findOne({ _id: 'lin' })).toMatchObject({ balance: 100 + 36 });
    expect(Math.max(...attempts)).toBeGreaterThan(1); // some of them really conflicted
  });
});
