// The cohort adapters against real Postgres ($TEST_DATABASE_URL, migrated by the test command): unique join codes,
// idempotent (and concurrent) joins, one assignment per exercise, the instructor-teaches-learner question of the
// sandbox access policy, and the learner commands read back from a real sandbox stream.
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore } from '@podlab/event-store';
import { SandboxService } from '@podlab/sandbox';
import { PrismaSandboxRepository } from '@podlab/sandbox-persistence';
import { createPrismaClient, type PrismaClient } from '../prisma/prisma-client';
import { EventCommandHistory } from './event-command-history';
import { PrismaCohortAccounts } from './prisma-cohort-accounts';
import { PrismaCohortRepository } from './prisma-cohort.repository';

const DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/podlab_test';

describe('cohort adapters on Postgres', () => {
  let prisma: PrismaClient;
  let pool: Pool;
  let repo: PrismaCohortRepository;
  const users: string[] = [];
  const tag = randomUUID().slice(0, 8);
  // Unique per run: the join_code column is unique across the shared test database.
  const code = (n: number) => `T${tag}-${n}`;

  async function account(role: 'LEARNER' | 'INSTRUCTOR' = 'LEARNER'): Promise<string> {
    const user = await prisma.user.create({
      data: { email: `cohort-${randomUUID()}@example.test`, passwordHash: 'x', role },
    });
    users.push(user.id);
    return user.id;
  }

  async function cohort(instructorId: string, joinCode: string, createdAt = new Date()) {
    const record = { id: randomUUID(), name: 'C', joinCode, instructorId, createdAt };
    expect(await repo.insert(record)).toBe('inserted');
    return record;
  }

  beforeAll(() => {
    prisma = createPrismaClient(DATABASE_URL);
    pool = new Pool({ connectionString: DATABASE_URL, max: 4 });
    repo = new PrismaCohortRepository(prisma);
  });

  afterAll(async () => {
    await prisma.cohort.deleteMany({ where: { instructorId: { in: users } } });
    await prisma.sandbox.deleteMany({ where: { ownerId: { in: users } } });
    await prisma.user.deleteMany({ where: { id: { in: users } } });
    await prisma.$disconnect();
    await pool.end();
  });

  it('stores a cohort, finds it by id and join code, and refuses a second cohort with the same code', async () => {
    const teacher = await account('INSTRUCTOR');
    const created = await cohort(teacher, code(1), new Date('2026-11-22T08:00:00.123Z'));
    expect(await repo.get(created.id)).toEqual(created);
    expect(await repo.getByJoinCode(code(1))).toEqual(created);
    expect(
      await repo.insert({
        ...created,
        id: randomUUID(),
        name: 'Other',
        instructorId: await account('INSTRUCTOR'),
      }),
    ).toBe('join-code-taken');
    expect(await repo.get('not-a-uuid')).toBeNull();
    expect(await repo.get(randomUUID())).toBeNull();
    expect(await repo.getByJoinCode('ZZZZ-ZZZZ')).toBeNull();
  });

  it('adds a member once, even when two joins race, and lists members and cohorts in joining order', async () => {
    const teacher = await account('INSTRUCTOR');
    const [ada, bob] = [await account(), await account()];
    const first = await cohort(teacher, code(2), new Date('2026-11-22T08:00:00Z'));
    const second = await cohort(teacher, code(3), new Date('2026-11-22T09:00:00Z'));
    const at = (s: number) => new Date(Date.UTC(2026, 10, 22, 10, 0, s));
    const joins = await Promise.all([
      repo.addMember({ cohortId: first.id, userId: ada, joinedAt: at(1) }),
      repo.addMember({ cohortId: first.id, userId: ada, joinedAt: at(2) }),
    ]);
    expect(joins[0]).toEqual(joins[1]);
    expect(await repo.addMember({ cohortId: first.id, userId: ada, joinedAt: at(9) })).toEqual(joins[0]);
    await repo.addMember({ cohortId: first.id, userId: bob, joinedAt: at(5) });
    await repo.addMember({ cohortId: second.id, userId: ada, joinedAt: at(0) });
    expect((await repo.members(first.id)).map((m) => m.userId)).toEqual([ada, bob]);
    expect((await repo.listJoinedBy(ada)).map((c) => c.id)).toEqual([second.id, first.id]);
    expect((await repo.listTaughtBy(teacher)).map((c) => c.id)).toEqual([first.id, second.id]);
    expect(await repo.getMember(first.id, randomUUID())).toBeNull();
  });

  it('keeps one assignment per exercise: assigning again moves the due date only', async () => {
    const teacher = await account('INSTRUCTOR');
    const c = await cohort(teacher, code(4));
    const assignedAt = new Date('2026-11-22T08:00:00Z');
    const first = await repo.upsertAssignment({
      id: randomUUID(),
      cohortId: c.id,
      exerciseId: 'deployment-rolling-update',
      dueAt: null,
      assignedAt,
    });
    const due = new Date('2026-11-29T17:00:00Z');
    const again = await repo.upsertAssignment({
      id: randomUUID(),
      cohortId: c.id,
      exerciseId: 'deployment-rolling-update',
      dueAt: due,
      assignedAt: new Date('2026-11-23T08:00:00Z'),
    });
    expect(again).toEqual({ ...first, dueAt: due });
    await repo.upsertAssignment({
      id: randomUUID(),
      cohortId: c.id,
      exerciseId: 'statefulset-ordinals',
      dueAt: null,
      assignedAt: new Date('2026-11-22T09:00:00Z'),
    });
    expect((await repo.assignments(c.id)).map((a) => a.exerciseId)).toEqual([
      'deployment-rolling-update',
      'statefulset-ordinals',
    ]);
  });

  it('answers whether an instructor teaches a learner: their own cohorts only', async () => {
    const [teacher, other] = [await account('INSTRUCTOR'), await account('INSTRUCTOR')];
    const [ada, eve] = [await account(), await account()];
    const mine = await cohort(teacher, code(5));
    const theirs = await cohort(other, code(6));
    await repo.addMember({ cohortId: mine.id, userId: ada, joinedAt: new Date() });
    await repo.addMember({ cohortId: theirs.id, userId: eve, joinedAt: new Date() });
    expect(await repo.instructorTeaches(teacher, ada)).toBe(true);
    expect(await repo.instructorTeaches(teacher, eve)).toBe(false);
    expect(await repo.instructorTeaches(other, ada)).toBe(false);
    expect(await repo.instructorTeaches(ada, teacher)).toBe(false);
    expect(await repo.instructorTeaches('x', ada)).toBe(false);
  });

  it('reads accounts by id', async () => {
    const ada = await account();
    const found = await new PrismaCohortAccounts(prisma).byIds([ada, ada, randomUUID()]);
    expect(found).toEqual([expect.objectContaining({ id: ada, role: 'LEARNER' })]);
    expect(await new PrismaCohortAccounts(prisma).byIds([])).toEqual([]);
  });

  it("reads back a sandbox's learner commands with the first version of each command's append", async () => {
    const owner = await account();
    const sandboxes = new SandboxService({
      events: new PostgresEventStore(pool),
      sandboxes: new PrismaSandboxRepository(prisma),
      clock: { now: () => Date.UTC(2026, 10, 22, 8, 0, 0) },
      queue: { requestReconcile: async () => undefined, requestReconcileAt: async () => undefined },
      newId: randomUUID,
    });
    const sandbox = await sandboxes.createSandbox({ ownerId: owner, clockMode: 'STEPPED', workers: 1 });
    const run = (line: string) =>
      sandboxes.runCommand({
        sandboxId: sandbox.id,
        line,
        user: owner,
        idempotencyKey: `cmd:${randomUUID()}`,
      });
    const get = await run('kubectl get pods');
    const create = await run('kubectl create deployment web --image=nginx --replicas=2');
    await sandboxes.advanceClock({ sandboxId: sandbox.id, durationMs: 30_000 });
    const scale = await run('kubectl scale deployment web --replicas=3');
    const history = new EventCommandHistory(prisma);
    const other = await sandboxes.createSandbox({ ownerId: owner, clockMode: 'STEPPED', workers: 1 });
    const elsewhere = await sandboxes.runCommand({
      sandboxId: other.id,
      line: 'kubectl get nodes',
      user: owner,
      idempotencyKey: `cmd:${randomUUID()}`,
    });
    const read = await history.learnerCommands([
      { sandboxId: sandbox.id, toVersion: scale.version },
      { sandboxId: other.id, toVersion: elsewhere.version },
      { sandboxId: randomUUID(), toVersion: 100 },
      { sandboxId: 'not-a-uuid', toVersion: 100 },
    ]);
    expect([...read.keys()].sort()).toEqual([sandbox.id, other.id].sort());
    const commands = read.get(sandbox.id)!;
    expect(commands).toEqual([
      { version: get.version, firstVersion: get.version, line: 'kubectl get pods' },
      {
        version: create.version,
        firstVersion: get.version + 1,
        line: 'kubectl create deployment web --image=nginx --replicas=2',
      },
      // The clock move between them is its own append: the scale began after it.
      {
        version: scale.version,
        firstVersion: expect.any(Number),
        line: 'kubectl scale deployment web --replicas=3',
      },
    ]);
    expect(commands[2]!.firstVersion).toBeGreaterThan(create.version + 1);
    expect(create.version - get.version).toBeGreaterThan(2);
    expect(read.get(other.id)).toEqual([
      { version: elsewhere.version, firstVersion: elsewhere.version, line: 'kubectl get nodes' },
    ]);
    // Up to a version: later commands are not read.
    const early = await history.learnerCommands([{ sandboxId: sandbox.id, toVersion: create.version }]);
    expect(early.get(sandbox.id)!.map((c) => c.version)).toEqual([get.version, create.version]);
    expect((await history.learnerCommands([])).size).toBe(0);
  });
});
