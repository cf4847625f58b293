// The stored report is read whichever shape it was stored in; what cannot be read counts as no checks.
import { gradedChecksOf } from './prisma-cohort-attempts';

describe('gradedChecksOf', () => {
  it("reads libs/exercises' GradeReport", () => {
    expect(
      gradedChecksOf({
        exercise: 'scale',
        gradedVersion: 42,
        score: 2,
        checks: [
          { id: 'replicas', task: 't', passed: false, evidence: [40, 12], message: 'm' },
          { id: 'used-scale', task: 't', passed: true, evidence: [] },
        ],
      }),
    ).toEqual({
      gradedVersion: 42,
      checks: [
        { id: 'replicas', passed: false, evidence: [40, 12] },
        { id: 'used-scale', passed: true, evidence: [] },
      ],
    });
  });

  it('reads the GraphQL GradeReport shape too', () => {
    expect(
      gradedChecksOf({ gradedAtVersion: 7, checks: [{ checkId: 'a', passed: true, evidence: [3, 'x'] }] }),
    ).toEqual({ gradedVersion: 7, checks: [{ id: 'a', passed: true, evidence: [3] }] });
  });

  it.each([[null], ['text'], [{ checks: [] }], [{ gradedVersion: 3 }]])('reads %j as no report', (json) => {
    expect(gradedChecksOf(json)).toBeNull();
  });

  it('skips unreadable checks', () => {
    expect(
      gradedChecksOf({ gradedVersion: 1, checks: [null, { id: 1, passed: true }, { id: 'b' }] }),
    ).toEqual({
      gradedVersion: 1,
      checks: [],
    });
  });
});
