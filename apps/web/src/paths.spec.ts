import { paths, safeNext } from './paths';

describe('paths', () => {
  it('builds links with encoded ids', () => {
    expect(paths.replay('a b', { version: 12 })).toBe('/sandboxes/a%20b/replay?version=12');
    expect(paths.replay('s1')).toBe('/sandboxes/s1/replay');
    expect(paths.logIn('/cohorts/c1?x=1')).toBe('/login?next=%2Fcohorts%2Fc1%3Fx%3D1');
    expect(paths.logIn()).toBe('/login');
  });

  it('follows ?next= only to paths of this app (no open redirect)', () => {
    expect(safeNext('/cohorts/c1')).toBe('/cohorts/c1');
    expect(safeNext(null)).toBe('/exercises');
    expect(safeNext('https://evil.example/')).toBe('/exercises');
    expect(safeNext('//evil.example/')).toBe('/exercises');
    expect(safeNext('/\\evil.example/')).toBe('/exercises');
    expect(safeNext('/\t/evil.example/')).toBe('/exercises');
  });
});
