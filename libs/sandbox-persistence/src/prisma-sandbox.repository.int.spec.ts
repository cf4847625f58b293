import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '@podlab/prisma-client';
import { PrismaSandboxRepository, type SandboxRow } from './prisma-sandbox.repository';

const url = process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/podlab_test';

// The whole suite twice: on Prisma alone, and with get/update on a pg pool (the apps' wiring): same behaviour.
describe.each(['Prisma only', 'pg hot paths'])('PrismaSandboxRepository (%s)', (mode) => {
  let prisma: PrismaClient;
  let pool: pg.Pool | undefined;
  let repo: PrismaSandboxRepository;
  let ownerId: string;

  beforeAll(async () => {
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 4 }) });
    pool = mode === 'pg hot paths' ? new pg.Pool({ connectionString: url, max: 2 }) : undefined;
    repo = new PrismaSandboxRepository(prisma, pool);
    const user = await prisma.user.create({
      data: { email: `sandbox-repo-${randomUUID()}@example.test`, passwordHash: 'x' },
    });
    ownerId = user.id;
  });

  afterAll(async () => {
    await prisma.sandbox.deleteMany({ where: { ownerId } });
    await prisma.user.delete({ where: { id: ownerId } });
    await prisma.$disconnect();
    await pool?.end();
  });

  const record = (overrides: Partial<SandboxRow> = {}): SandboxRow => ({
    id: randomUUID(),
    ownerId,
    title: 'Practice',
    exerciseId: null,
    clockMode: 'STEPPED',
    seed: 42,
    shape: { workers: 2, controlPlane: false },
    generation: 0,
    parentSandboxId: null,
    forkVersion: null,
    createdAt: new Date('2026-06-01T12:00:00.123Z'),
    deletedAt: null,
    degradedAt: null,
    degradedReason: null,
    nextTimerAt: null,
    lastActivityAt: new Date('2026-06-01T12:00:00.123Z'),
    ...overrides,
  });

  it('stores and reads back every field', async () => {
    const parent = record();
    await repo.insert(parent);
    const fork = record({
      clockMode: 'LIVE',
      exerciseId: 'rollouts-1',
      parentSandboxId: parent.id,
      forkVersion: 17,
      nextTimerAt: Date.parse('2026-06-01T12:00:05.500Z'),
      shape: { workers: 3, controlPlane: true },
    });
    await repo.insert(fork);
    expect(await repo.get(parent.id)).toEqual(parent);
    expect(await repo.get(fork.id)).toEqual(fork);
    expect(await repo.get(randomUUID())).toBeNull();
    expect(await repo.get('not-a-uuid')).toBeNull();
  });

  it('updates a patch, and advances the generation once per expected value', async () => {
    const sandbox = record({ degradedAt: new Date(), degradedReason: 'boom' });
    await repo.insert(sandbox);
    await repo.update(sandbox.id, {
      nextTimerAt: 1_800_000_000_000,
      lastActivityAt: new Date('2026-06-02T00:00:00Z'),
    });
    expect(await repo.get(sandbox.id)).toMatchObject({
      nextTimerAt: 1_800_000_000_000,
      lastActivityAt: new Date('2026-06-02T00:00:00Z'),
      title: 'Practice',
    });
    await repo.update(sandbox.id, { nextTimerAt: null });
    expect((await repo.get(sandbox.id))?.nextTimerAt).toBeNull();
    const [a, b] = await Promise.all([
      repo.advanceGeneration(sandbox.id, 0),
      repo.advanceGeneration(sandbox.id, 0),
    ]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect(await repo.get(sandbox.id)).toMatchObject({
      generation: 1,
      degradedAt: null,
      degradedReason: null,
    });
  });

  it('lists an owner’s sandboxes newest first in pages, without deleted ones', async () => {
    const owner = await prisma.user.create({
      data: { email: `pages-${randomUUID()}@example.test`, passwordHash: 'x' },
    });
    try {
      const base = Date.parse('2026-07-01T00:00:00Z');
      const made: SandboxRow[] = [];
      for (let i = 0; i < 7; i++) {
        // Two share a creation instant: the id breaks the tie.
        const r = record({ ownerId: owner.id, createdAt: new Date(base + Math.min(i, 5) * 1000) });
        await repo.insert(r);
        made.push(r);
      }
      await repo.update(made[2]!.id, { deletedAt: new Date() });
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page = await repo.listByOwner(owner.id, { first: 2, after });
        seen.push(...page.items.map((item) => item.id));
        if (!page.hasNextPage) break;
        after = page.items.at(-1)!.id;
      }
      const expected = made
        .filter((_, i) => i !== 2)
        .sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime() || (x.id < y.id ? 1 : -1))
        .map((r) => r.id);
      expect(seen).toEqual(expected);
    } finally {
      await prisma.sandbox.deleteMany({ where: { ownerId: owner.id } });
      await prisma.user.delete({ where: { id: owner.id } });
    }
  });

  it('lists active LIVE sandboxes with pending timers for the resync', async () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    const due = record({ clockMode: 'LIVE', nextTimerAt: now + 5_000, lastActivityAt: new Date(now) });
    const idle = record({
      clockMode: 'LIVE',
      nextTimerAt: now + 1_000,
      lastActivityAt: new Date(now - 3_600_000),
    });
    const noTimer = record({ clockMode: 'LIVE', lastActivityAt: new Date(now) });
    const degraded = record({
      clockMode: 'LIVE',
      nextTimerAt: now,
      lastActivityAt: new Date(now),
      degradedAt: new Date(now),
      degradedReason: 'poison',
    });
    const stepped = record({ nextTimerAt: now, lastActivityAt: new Date(now) });
    for (const r of [due, idle, noTimer, degraded, stepped]) await repo.insert(r);
    const listed = await repo.listWithPendingTimers({ activeSince: new Date(now - 60_000), limit: 10_000 });
    const mine = listed.filter((entry) =>
      [due, idle, noTimer, degraded, stepped].some((r) => r.id === entry.id),
    );
    expect(mine).toEqual([{ id: due.id, nextTimerAt: now + 5_000 }]);
  });
});
