// The snapshot bytes decode to exactly what JSON would have given: JSON.parse(JSON.stringify(state)), with the same
// keys in the same order (kubectl prints objects as stored), members that were undefined absent (not present with
// undefined), the same numbers and nested arrays. Checked on arbitrary JSON-like values and on real cluster
// snapshots of random sessions.
import fc from 'fast-check';
import { Cluster, type ObjectInput } from '@podlab/kube';
import {
  SnapshotSection,
  decodeSnapshotState,
  encodeSnapshotState,
  snapshotBytesChecksum,
} from './snapshot-codec';

/** Same JSON value, key order included, and no member present in one and absent in the other. */
function expectSameValue(actual: unknown, expected: unknown, path = '$'): void {
  if (expected === null || typeof expected !== 'object') {
    if (!Object.is(actual, expected))
      throw new Error(`${path}: ${String(actual)} (${typeof actual}) is not ${String(expected)}`);
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length)
      throw new Error(`${path}: not an array of ${expected.length}`);
    expected.forEach((item, i) => expectSameValue(actual[i], item, `${path}[${i}]`));
    return;
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual))
    throw new Error(`${path}: not an object`);
  if (Object.getPrototypeOf(actual) !== Object.prototype) throw new Error(`${path}: not a plain object`);
  const keys = Object.keys(expected);
  if (JSON.stringify(Object.keys(actual)) !== JSON.stringify(keys))
    throw new Error(`${path}: keys ${Object.keys(actual).join(',')} are not ${keys.join(',')}`);
  for (const key of keys)
    expectSameValue(
      (actual as Record<string, unknown>)[key],
      (expected as Record<string, unknown>)[key],
      `${path}.${key}`,
    );
}

const viaJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value) ?? 'null');
const roundTrip = (value: unknown): unknown => decodeSnapshotState(encodeSnapshotState(value));

describe('snapshot codec', () => {
  it('decodes any JSON-like value to exactly its JSON round trip (key order, absent undefined, numbers)', () => {
    // Objects of many different shapes (more than msgpackr's record slots), keys in any order (integer-like ones
    // too), undefined members and array items, -0, NaN, Infinity, Dates, large and fractional numbers.
    const leaf = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.constant(-0),
      fc.constant(2 ** 53),
      fc.constant(1767298820000),
      fc.date({ noInvalidDate: true }),
      fc.constantFrom('', 'é', '日本', '😀', 'a\u0000b', '\\ud800'),
    );
    const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('0', '10', '2', '__proto__x', 'kind'));
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 5 }),
      object: fc.dictionary(key, tie('value'), { maxKeys: 6 }),
    }));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 120 }), (values) => {
        expectSameValue(roundTrip(values), viaJson(values));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a state holding a lone surrogate, which UTF-8 bytes cannot carry', () => {
    expect(() => encodeSnapshotState({ name: 'a\ud800b' })).toThrow(/lone UTF-16 surrogate/);
    expect(() => encodeSnapshotState(['\udc00'])).toThrow(/lone UTF-16 surrogate/);
    // A well-formed pair and an escaped backslash before "ud800" are fine.
    expectSameValue(roundTrip({ a: '😀', b: '\\ud800', c: '\\\\' }), { a: '😀', b: '\\ud800', c: '\\\\' });
  });

  it('round-trips real cluster snapshots exactly (objects, Events, the expiry queue, lastWrite)', () => {
    const deployment = (name: string, replicas: number, image: string): ObjectInput =>
      ({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, labels: { app: name, tier: 'web' }, annotations: { note: 'x' } },
        spec: {
          replicas,
          selector: { matchLabels: { app: name } },
          template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image }] } },
        },
      }) as ObjectInput;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(
          fc.record({
            replicas: fc.integer({ min: 0, max: 6 }),
            image: fc.constantFrom('nginx:1.25', 'nginx:1.26', 'nginx:doesnotexist'),
            ms: fc.integer({ min: 0, max: 600_000 }),
            node: fc.constantFrom('worker-1', 'worker-2', undefined),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        (seed, steps) => {
          const cluster = Cluster.create({ seed, config: { eventTtlSeconds: 900 } });
          cluster.create(deployment('web', 2, 'nginx:1.25'));
          cluster.reconcile();
          for (const step of steps) {
            const current = cluster.get('Deployment', 'default', 'web');
            if (current) {
              const containers = [{ name: 'main', image: step.image }];
              const template = {
                ...current.spec.template,
                spec: { ...current.spec.template.spec, containers },
              };
              cluster.update({ ...current, spec: { ...current.spec, replicas: step.replicas, template } });
            }
            if (step.node) cluster.injectFault({ kind: 'node-down', node: step.node });
            cluster.reconcile();
            cluster.advance(step.ms);
            const snapshot = { ...cluster.snapshot(), sandboxFiles: [['web.yaml', 'kind: Pod\n']] };
            expectSameValue(roundTrip(snapshot), viaJson(snapshot));
            // And it restores: a cluster loaded from the decoded snapshot is the same cluster.
            const restored = Cluster.load([], {
              snapshot: decodeSnapshotState(encodeSnapshotState(snapshot)),
            });
            expectSameValue(viaJson(restored.snapshot()), viaJson(cluster.snapshot()));
            // As the sandboxes store it: the Events in a section of their own, decoded by the restored cluster
            // only when read (here by the snapshot).
            const sectioned = decodeSnapshotState<typeof snapshot>(
              encodeSnapshotState(snapshot, ['kubeEvents']),
            );
            expect(sectioned.kubeEvents).toBeInstanceOf(SnapshotSection);
            const lazy = Cluster.load([], { snapshot: sectioned });
            expect(lazy.view().objects.count('Pod')).toBe(cluster.view().objects.count('Pod'));
            expect((sectioned.kubeEvents as SnapshotSection).decoded).toBe(false);
            expectSameValue(viaJson(lazy.snapshot()), viaJson(cluster.snapshot()));
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('rejects bytes of another format, and the checksum covers the bytes and where they belong', () => {
    const bytes = encodeSnapshotState({ a: 1 });
    expect(() => decodeSnapshotState(Buffer.from([9, ...bytes.subarray(1)]))).toThrow(
      /unknown snapshot format/,
    );
    const sum = snapshotBytesChecksum('s', 5, 2, bytes);
    expect(sum).toMatch(/^[0-9a-f]{64}$/);
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 1]! ^= 1;
    expect(snapshotBytesChecksum('s', 5, 2, flipped)).not.toBe(sum);
    expect(snapshotBytesChecksum('s', 6, 2, bytes)).not.toBe(sum);
    expect(snapshotBytesChecksum('t', 5, 2, bytes)).not.toBe(sum);
    expect(snapshotBytesChecksum('s', 5, 3, bytes)).not.toBe(sum);
  });

  it('keeps sections apart: decoded only when read, equal to the JSON round trip, written again as the same bytes', () => {
    const json = fc.jsonValue() as fc.Arbitrary<unknown>;
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 5 }), json, { maxKeys: 5 }),
        fc.array(json, { maxLength: 3 }),
        fc.uniqueArray(fc.constantFrom('kubeEvents', 'other', 'absent'), { maxLength: 3 }),
        (rest, values, names) => {
          const state: Record<string, unknown> = { ...rest };
          // Each named member but 'absent' is a part { value } (in the state's key order after `rest`).
          for (const [i, name] of names.entries())
            if (name !== 'absent') state[name] = { value: values[i] ?? { n: i } };
          const bytes = encodeSnapshotState(state, names);
          const decoded = decodeSnapshotState<Record<string, unknown>>(bytes);
          const sections = names.filter((name) => name !== 'absent');
          expect(bytes[0]).toBe(sections.length > 0 ? 2 : 1);
          for (const name of sections) {
            const section = decoded[name];
            expect(section).toBeInstanceOf(SnapshotSection);
            expect((section as SnapshotSection).decoded).toBe(false);
          }
          // Undecoded sections are written again as the very bytes read (the rest encodes the same way).
          expect(Buffer.compare(encodeSnapshotState(decoded, names), bytes)).toBe(0);
          expectSameValue(viaJson(decoded), viaJson(state));
          for (const name of sections) expect((decoded[name] as SnapshotSection).decoded).toBe(true);
          expectSameValue(
            Object.fromEntries(sections.map((name) => [name, (decoded[name] as SnapshotSection).value])),
            viaJson(
              Object.fromEntries(sections.map((name) => [name, (state[name] as { value: unknown }).value])),
            ),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses sectioned bytes whose lengths do not add up, and a section member that is not a part', () => {
    const bytes = encodeSnapshotState({ a: 1, kubeEvents: { value: [1, 2, 3] } }, ['kubeEvents']);
    expect(() => decodeSnapshotState(bytes.subarray(0, bytes.length - 1))).toThrow(/do not add up/);
    expect(() => decodeSnapshotState(Buffer.concat([bytes, Buffer.from([0])]))).toThrow(/do not add up/);
    expect(() => encodeSnapshotState({ kubeEvents: [1] }, ['kubeEvents'])).toThrow(/not a part/);
  });
});
