import { matchesRequirements, parseLabelSelector } from './label-selector';

const matches = (selector: string, labels: Record<string, string>) => {
  const parsed = parseLabelSelector(selector);
  if (!parsed.ok) throw new Error(parsed.error);
  return matchesRequirements(parsed.requirements, labels);
};

describe('parseLabelSelector (apimachinery labels.Parse)', () => {
  it.each([
    ['app=web', { app: 'web' }, true],
    ['app==web', { app: 'web' }, true],
    ['app!=web', {}, true],
    ['app in (web, db)', { app: 'db' }, true],
    ['app notin (web)', {}, true],
    ['tier', { tier: 'x' }, true],
    ['!tier', { tier: 'x' }, false],
    ['app=web,tier', { app: 'web' }, false],
    ['replicas>2', { replicas: '3' }, true],
    ['replicas<2', { replicas: '3' }, false],
    ['env in (prod,in)', { env: 'in' }, true],
  ])('%s on %j → %s', (selector, labels, expected) => {
    expect(matches(selector, labels)).toBe(expected);
  });

  it.each([
    ['app=web,', "found '', expected: identifier after ','"],
    ['app in web', "unable to parse requirement: found 'web' expected: '('"],
    ['app in (web', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['app web', "unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, gt, lt"],
    ['=web', "found '=', expected: !, identifier, or 'end of string'"],
    ['a=b c', "found 'c', expected: ',' or 'end of string'"],
  ])('%j is rejected: %s', (selector, message) => {
    expect(parseLabelSelector(selector)).toEqual({ ok: false, error: message });
  });
});
