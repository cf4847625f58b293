// The Prisma repository's twin for unit tests (apps/api/src/cohorts/prisma-cohort.repository.int.spec.ts checks
// the real one for the same behaviours: unique join codes, idempotent joins, one assignment per exercise).
import type { AssignmentRecord, CohortRecord, CohortRepository, MemberRecord } from './cohort.ports';

export class InMemoryCohortRepository implements CohortRepository {
  private readonly cohorts = new Map<string, CohortRecord>();
  private readonly memberRows: MemberRecord[] = [];
  private readonly assignmentRows: AssignmentRecord[] = [];

  async insert(cohort: CohortRecord): Promise<'inserted' | 'join-code-taken'> {
    if ([...this.cohorts.values()].some((c) => c.joinCode === cohort.joinCode)) return 'join-code-taken';
    if (this.cohorts.has(cohort.id)) throw new Error(`cohort ${cohort.id} already exists`);
    this.cohorts.set(cohort.id, { ...cohort });
    return 'inserted';
  }

  async get(id: string): Promise<CohortRecord | null> {
    return this.cohorts.get(id) ?? null;
  }

  async getByJoinCode(joinCode: string): Promise<CohortRecord | null> {
    return [...this.cohorts.values()].find((c) => c.joinCode === joinCode) ?? null;
  }

  async listTaughtBy(instructorId: string): Promise<CohortRecord[]> {
    return [...this.cohorts.values()]
      .filter((c) => c.instructorId === instructorId)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || compare(a.id, b.id));
  }

  async listJoinedBy(userId: string): Promise<CohortRecord[]> {
    return this.memberRows
      .filter((m) => m.userId === userId)
      .sort(byJoining)
      .map((m) => this.cohorts.get(m.cohortId)!);
  }

  async addMember(member: MemberRecord): Promise<MemberRecord> {
    const existing = await this.getMember(member.cohortId, member.userId);
    if (existing) return existing;
    this.memberRows.push({ ...member });
    return member;
  }

  async getMember(cohortId: string, userId: string): Promise<MemberRecord | null> {
    return this.memberRows.find((m) => m.cohortId === cohortId && m.userId === userId) ?? null;
  }

  async members(cohortId: string): Promise<MemberRecord[]> {
    return this.memberRows.filter((m) => m.cohortId === cohortId).sort(byJoining);
  }

  async upsertAssignment(assignment: AssignmentRecord): Promise<AssignmentRecord> {
    const index = this.assignmentRows.findIndex(
      (a) => a.cohortId === assignment.cohortId && a.exerciseId === assignment.exerciseId,
    );
    if (index < 0) {
      this.assignmentRows.push({ ...assignment });
      return assignment;
    }
    const updated = { ...this.assignmentRows[index]!, dueAt: assignment.dueAt };
    this.assignmentRows[index] = updated;
    return updated;
  }

  async assignments(cohortId: string): Promise<AssignmentRecord[]> {
    return this.assignmentRows
      .filter((a) => a.cohortId === cohortId)
      .sort((a, b) => a.assignedAt.getTime() - b.assignedAt.getTime() || compare(a.id, b.id));
  }

  async instructorTeaches(instructorId: string, learnerId: string): Promise<boolean> {
    return this.memberRows.some(
      (m) => m.userId === learnerId && this.cohorts.get(m.cohortId)?.instructorId === instructorId,
    );
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byJoining = (a: MemberRecord, b: MemberRecord) =>
  a.joinedAt.getTime() - b.joinedAt.getTime() || compare(a.userId, b.userId);
