import { emitYaml, resolvesToNonString } from './yaml-emitter';

describe('emitYaml (go-yaml v2 layout)', () => {
  it('folds plain text at the first space once the line is past 80 columns, continuing 2 deeper', () => {
    const words = Array.from({ length: 20 }, () => 'word').join(' ');
    const out = emitYaml({ metadata: { message: words } });
    const [first, second] = out.split('\n').slice(1);
    // "  message: " is 11 columns; after 15 words the column is 85 > 80, so the next space breaks the line.
    expect(first).toBe(`  message: ${Array.from({ length: 15 }, () => 'word').join(' ')}`);
    expect(first?.length).toBe(85);
    expect(second).toBe(`    ${Array.from({ length: 5 }, () => 'word').join(' ')}`);
  });

  it('writes multi-line text as literal blocks with the right chomping', () => {
    expect(emitYaml({ a: 'x\ny\n' })).toBe('a: |\n  x\n  y\n');
    expect(emitYaml({ a: 'x\ny' })).toBe('a: |-\n  x\n  y\n');
    expect(emitYaml({ a: ['x\n'] })).toBe('a:\n- |\n  x\n');
  });

  it('quotes keys and values the resolver would read as other types', () => {
    expect(emitYaml({ n: 'y', on: 'off', port: '8080', ok: 'nginx:1.25' })).toBe(
      '"n": "y"\n"on": "off"\nport: "8080"\nok: nginx:1.25\n',
    );
  });

  it('lays out sequences of maps and nested sequences like kubectl', () => {
    expect(emitYaml({ items: [{ a: 1, b: [{ c: true }] }, [1, 2], [], {}] })).toBe(
      'items:\n- a: 1\n  b:\n  - c: true\n- - 1\n  - 2\n- []\n- {}\n',
    );
  });

  it.each([
    ['1', true],
    ['-1.5e3', true],
    ['0x1F', true],
    ['2024-01-15', true],
    ['2024-01-15T10:00:00Z', true],
    ['~', true],
    ['1:20', true],
    ['1.25.3', false],
    ['v1', false],
    ['-c', false],
  ])('resolver: %s → non-string %s', (text, expected) => {
    expect(resolvesToNonString(text)).toBe(expected);
  });
});
