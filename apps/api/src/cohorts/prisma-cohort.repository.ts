// Cohorts, members and assignments on Prisma (low-rate CRUD), and the CohortMembership port of the sandbox access
// policy: "does this instructor teach a cohort this learner belongs to?" is one indexed query.
import type { AssignmentRecord, CohortRecord, CohortRepository, MemberRecord } from '@podlab/learning';
import type { CohortMembership } from '../auth/sandbox-access.policy';
import { Prisma, type PrismaClient } from '../prisma/prisma-client';

const UNIQUE_VIOLATION = 'P2002';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids typed by callers reach queries only when they can be UUIDs (Postgres would refuse the cast). */
const isUuid = (id: string) => UUID.test(id);

const cohortFields = { id: true, name: true, joinCode: true, instructorId: true, createdAt: true } as const;
const memberFields = { cohortId: true, userId: true, joinedAt: true } as const;
const assignmentFields = {
  id: true,
  cohortId: true,
  exerciseId: true,
  dueAt: true,
  assignedAt: true,
} as const;

const isUniqueViolation = (error: unknown) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === UNIQUE_VIOLATION;

export class PrismaCohortRepository implements CohortRepository, CohortMembership {
  constructor(private readonly prisma: PrismaClient) {}

  async insert(cohort: CohortRecord): Promise<'inserted' | 'join-code-taken'> {
    try {
      await this.prisma.cohort.create({ data: { ...cohort } });
      return 'inserted';
    } catch (error) {
      if (isUniqueViolation(error)) return 'join-code-taken';
      throw error;
    }
  }

  async get(id: string): Promise<CohortRecord | null> {
    if (!isUuid(id)) return null;
    return this.prisma.cohort.findUnique({ where: { id }, select: cohortFields });
  }

  getByJoinCode(joinCode: string): Promise<CohortRecord | null> {
    return this.prisma.cohort.findUnique({ where: { joinCode }, select: cohortFields });
  }

  listTaughtBy(instructorId: string): Promise<CohortRecord[]> {
    return this.prisma.cohort.findMany({
      where: { instructorId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: cohortFields,
    });
  }

  async listJoinedBy(userId: string): Promise<CohortRecord[]> {
    const rows = await this.prisma.cohortMember.findMany({
      where: { userId },
      orderBy: [{ joinedAt: 'asc' }, { cohortId: 'asc' }],
      select: { cohort: { select: cohortFields } },
    });
    return rows.map((row) => row.cohort);
  }

  /** INSERT … ON CONFLICT DO NOTHING, then read: two concurrent joins both answer the first row. */
  async addMember(member: MemberRecord): Promise<MemberRecord> {
    await this.prisma.cohortMember.createMany({ data: [{ ...member }], skipDuplicates: true });
    const stored = await this.getMember(member.cohortId, member.userId);
    if (!stored) throw new Error(`cohort ${member.cohortId}: membership of ${member.userId} vanished`);
    return stored;
  }

  async getMember(cohortId: string, userId: string): Promise<MemberRecord | null> {
    if (!isUuid(cohortId) || !isUuid(userId)) return null;
    return this.prisma.cohortMember.findUnique({
      where: { cohortId_userId: { cohortId, userId } },
      select: memberFields,
    });
  }

  members(cohortId: string): Promise<MemberRecord[]> {
    return this.prisma.cohortMember.findMany({
      where: { cohortId },
      orderBy: [{ joinedAt: 'asc' }, { userId: 'asc' }],
      select: memberFields,
    });
  }

  async upsertAssignment(assignment: AssignmentRecord): Promise<AssignmentRecord> {
    const write = () =>
      this.prisma.assignment.upsert({
        where: {
          cohortId_exerciseId: { cohortId: assignment.cohortId, exerciseId: assignment.exerciseId },
        },
        create: { ...assignment },
        update: { dueAt: assignment.dueAt },
        select: assignmentFields,
      });
    try {
      return await write();
    } catch (error) {
      // Two first assignments at once: one inserted, the other now finds the row and updates it.
      if (isUniqueViolation(error)) return write();
      throw error;
    }
  }

  assignments(cohortId: string): Promise<AssignmentRecord[]> {
    return this.prisma.assignment.findMany({
      where: { cohortId },
      orderBy: [{ assignedAt: 'asc' }, { id: 'asc' }],
      select: assignmentFields,
    });
  }

  async instructorTeaches(instructorId: string, learnerId: string): Promise<boolean> {
    if (!isUuid(instructorId) || !isUuid(learnerId)) return false;
    const row = await this.prisma.cohortMember.findFirst({
      where: { userId: learnerId, cohort: { instructorId } },
      select: { cohortId: true },
    });
    return row !== null;
  }
}
