import type { FlagSpec } from './command';
import { tokenize } from './command-line';
import { parseFlags } from './flags';

const specs: FlagSpec[] = [
  { name: 'replicas', type: 'int', description: '' },
  { name: 'force', type: 'bool', default: false, description: '' },
  { name: 'interactive', short: 'i', type: 'bool', default: false, description: '' },
  { name: 'tty', short: 't', type: 'bool', default: false, description: '' },
  { name: 'selector', short: 'l', type: 'string', description: '' },
  { name: 'filename', short: 'f', type: 'stringArray', description: '' },
  { name: 'timeout', type: 'duration', default: 0, description: '' },
  { name: 'dry-run', type: 'string', default: 'none', description: '' },
];

const parse = (line: string) => {
  const words = tokenize(line);
  if (!words.ok) throw new Error(words.error);
  return parseFlags(words.words, specs, 'kubectl scale');
};

describe('tokenize (shell rules)', () => {
  it.each([
    [`kubectl get pods`, ['kubectl', 'get', 'pods']],
    [`a 'b c' "d \\"e\\"" f\\ g`, ['a', 'b c', 'd "e"', 'f g']],
    [`patch -p '{"spec":{"replicas":2}}'`, ['patch', '-p', '{"spec":{"replicas":2}}']],
    [`label pod x a="" # comment`, ['label', 'pod', 'x', 'a=']],
    [`  spaced   out  `, ['spaced', 'out']],
  ])('%s', (line, words) => {
    expect(tokenize(line)).toEqual({ ok: true, words });
  });

  it('reports an unterminated quote', () => {
    expect(tokenize(`echo 'oops`).ok).toBe(false);
  });
});

describe('parseFlags (pflag rules)', () => {
  it('reads --flag=value, --flag value, -l value, -lvalue and -l=value', () => {
    const r = parse('--replicas=3 web -l app=web --timeout 30s');
    expect(r).toMatchObject({
      ok: true,
      invocation: { args: ['web'], flags: { replicas: 3, selector: 'app=web', timeout: 30000 } },
    });
    expect(parse('-lapp=web')).toMatchObject({ ok: true, invocation: { flags: { selector: 'app=web' } } });
    expect(parse('-l=app=web')).toMatchObject({ ok: true, invocation: { flags: { selector: 'app=web' } } });
  });

  it('combines boolean shorthands and keeps a bool from eating the next word', () => {
    const r = parse('-it --force web');
    expect(r).toMatchObject({
      ok: true,
      invocation: { args: ['web'], flags: { interactive: true, tty: true, force: true } },
    });
  });

  it('ends flags at --, applies defaults and remembers what was typed', () => {
    const r = parse('web -- --force');
    if (!r.ok) throw new Error(r.error);
    expect(r.invocation.args).toEqual(['web', '--force']);
    expect(r.invocation.flags['force']).toBe(false);
    expect(r.invocation.explicit.has('force')).toBe(false);
  });

  it('accumulates -f and splits commas', () => {
    expect(parse('-f a.yaml -f b.yaml,c.yaml')).toMatchObject({
      ok: true,
      invocation: { flags: { filename: ['a.yaml', 'b.yaml', 'c.yaml'] } },
    });
  });

  it('gives --dry-run alone its no-option default', () => {
    expect(parse('--dry-run')).toMatchObject({ ok: true, invocation: { flags: { 'dry-run': 'unchanged' } } });
  });

  it.each([
    ['--foo', "error: unknown flag: --foo\nSee 'kubectl scale --help' for usage.\n"],
    ['-z', "error: unknown shorthand flag: 'z' in -z\nSee 'kubectl scale --help' for usage.\n"],
    ['-iz', "error: unknown shorthand flag: 'z' in -iz\nSee 'kubectl scale --help' for usage.\n"],
    ['--replicas', "error: flag needs an argument: --replicas\nSee 'kubectl scale --help' for usage.\n"],
    ['-l', "error: flag needs an argument: 'l' in -l\nSee 'kubectl scale --help' for usage.\n"],
    [
      '--replicas=abc',
      'error: invalid argument "abc" for "--replicas" flag: strconv.ParseInt: parsing "abc": invalid syntax\nSee \'kubectl scale --help\' for usage.\n',
    ],
    [
      '--force=maybe',
      'error: invalid argument "maybe" for "--force" flag: strconv.ParseBool: parsing "maybe": invalid syntax\nSee \'kubectl scale --help\' for usage.\n',
    ],
  ])("rejects %s with kubectl's text", (line, error) => {
    expect(parse(line)).toEqual({ ok: false, error });
  });
});
