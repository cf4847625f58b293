import { formatJson, formatYaml, toApiJson } from './serialize';
import { pod } from '../testing/objects.fixture';

describe('formatYaml (go-yaml v2 as kubectl uses it)', () => {
  it.each([
    ['true', '"true"'],
    ['', '""'],
    ['123', '"123"'],
    ['2024-01-01T00:00:00Z', '"2024-01-01T00:00:00Z"'],
    ['null', '"null"'],
    ['a: b', "'a: b'"],
    ['*x', "'*x'"],
    ['nginx:1.25', 'nginx:1.25'],
    ['25%', '25%'],
  ])('quotes %j as %s', (value, expected) => {
    expect(formatYaml({ v: value })).toBe(`v: ${expected}\n`);
  });

  it('keeps sequences at the key indentation, literal blocks for multi-line strings, empty maps inline', () => {
    expect(formatYaml({ a: ['x', 'y'], b: 'l1\nl2\n', c: {}, d: [] })).toBe(
      'a:\n- x\n- "y"\nb: |\n  l1\n  l2\nc: {}\nd: []\n',
    );
  });
});

describe('toApiJson', () => {
  it('drops the simulator-only sim field and sorts keys; JSON uses 4 spaces', () => {
    const json = toApiJson(pod('p', 0)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
    expect(formatJson({ b: 1, a: [] })).toBe('{\n    "b": 1,\n    "a": []\n}\n');
  });
});
