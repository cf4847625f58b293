import type { Container } from '../../api/pod';
import { lookupImage, type ResolvedImage } from '../../registry/image-registry';
import { containerProgram } from './container-program';

function image(name: string): ResolvedImage {
  const lookup = lookupImage({ customImages: new Map(), brokenImages: new Set() }, name);
  if (!lookup.ok) throw new Error(lookup.message);
  return lookup.image;
}

function program(img: string, spec: Partial<Container>, env: Record<string, string> = {}) {
  const container = { name: 'c', image: img, ...spec };
  for (const e of container.env ?? []) env[e.name] = e.value ?? '';
  return containerProgram(container, image(img), { env, podName: 'pod-1' });
}

describe('containerProgram', () => {
  it.each([
    [['sleep', '3600'], 3_600_000, 0, undefined],
    [['sleep', 'infinity'], undefined, 0, undefined],
    [['sh', '-c', 'echo hi'], 0, 0, undefined],
    [['sh', '-c', 'exit 1'], 0, 1, undefined],
    [['false'], 0, 1, undefined],
    [['/bin/sh', '-c', 'echo waiting for db; sleep 2'], 2000, 0, undefined],
    [['sh', '-c', 'sleep 2; exit 3'], 2000, 3, undefined],
    [['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'], undefined, 0, 0],
    [['tail', '-f', '/dev/null'], undefined, 0, undefined],
  ])('busybox %j: runs %s ms, exits %s, stops after SIGTERM in %s ms', (command, runMs, exitCode, stopMs) => {
    const p = program('busybox:1.36', { command });
    expect({ runMs: p.runMs, exitCode: p.exitCode, stopMs: p.stopMs }).toEqual({ runMs, exitCode, stopMs });
  });

  it('a while loop prints every period; a for loop unrolls', () => {
    const loop = program('busybox:1.36', {
      command: ['sh', '-c', 'while true; do echo tick; sleep 5; done'],
    });
    expect(loop.loop).toEqual({ startMs: 0, periodMs: 5000, lines: [{ offset: 0, text: 'tick' }] });
    expect(loop.runMs).toBeUndefined();
    const unrolled = program('busybox:1.36', {
      command: ['sh', '-c', 'for i in 1 2 3; do echo "n=$i"; sleep 1; done'],
    });
    expect(unrolled.lines.map((l) => [l.offset, l.text])).toEqual([
      [0, 'n=1'],
      [1000, 'n=2'],
      [2000, 'n=3'],
    ]);
    expect(unrolled.runMs).toBe(3000);
  });

  it('images keep their server unless the command replaces it', () => {
    expect(program('nginx:1.25', {})).toMatchObject({ serves: true, stopMs: 1000, ports: [80] });
    expect(program('nginx:1.25', { command: ['nginx', '-g', 'daemon off;'] })).toMatchObject({
      serves: true,
    });
    expect(program('nginx:1.25', { args: ['sleep', '10'] })).toMatchObject({ serves: false, runMs: 10_000 });
    expect(program('hashicorp/http-echo', { args: ['-text=hello'] })).toMatchObject({
      serves: true,
      ports: [5678],
    });
    expect(program('busybox', {})).toMatchObject({ runMs: 0, exitCode: 0 });
    expect(program('mysql:8.4', {})).toMatchObject({ runMs: 0, exitCode: 1 });
    const configured = program('mysql:8.4', {}, { MYSQL_ROOT_PASSWORD: 'x' });
    expect(configured.serves).toBe(true);
    expect(configured.runMs).toBeUndefined();
  });

  it('echo expands variables, $(hostname) and $(date)', () => {
    const p = program('busybox:1.36', {
      command: ['sh', '-c', 'echo "$GREETING from $(hostname) at $(date)"'],
      env: [{ name: 'GREETING', value: 'hello' }],
    });
    expect(p.lines[0]?.text).toBe('hello from pod-1 at {date}');
  });

  it('a script that ends in a command it does not know runs the image program after its output', () => {
    const custom = program('myapp:1.0', { command: ['/app/server', '--port=8080'] });
    expect(custom).toMatchObject({ serves: true, ports: [8080] });
    const wrapped = program('nginx:1.25', {
      command: ['sh', '-c', "echo configuring; sleep 1; exec nginx -g 'daemon off;'"],
    });
    expect(wrapped.serves).toBe(true);
    expect(wrapped.readyMs).toBe(1000);
    expect(wrapped.lines[0]).toEqual({ offset: 0, text: 'configuring' });
    expect(wrapped.lines[1]?.offset).toBe(1000);
    expect(program('busybox:1.36', { command: ['sh', '-c', 'cd /tmp && ls'] })).toMatchObject({
      runMs: 0,
      exitCode: 0,
    });
  });

  it('python -m http.server serves on its port', () => {
    const p = program('python:3.12', { command: ['python', '-m', 'http.server', '8080'] });
    expect(p).toMatchObject({ serves: true, ports: [8080], stopMs: 0 });
    expect(p.runMs).toBeUndefined();
    expect(p.lines[0]?.text).toBe('Serving HTTP on 0.0.0.0 port 8080 (http://0.0.0.0:8080/) ...');
  });
});
