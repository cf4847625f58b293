import fc from 'fast-check';
import { threeWayMerge } from './three-way-merge';

// Manifests of nested objects, scalar values and container-like lists (merged by name).
const scalar = fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.boolean());
const key = fc.constantFrom('a', 'b', 'c', 'd', 'spec', 'image', 'replicas');
const { tree } = fc.letrec((tie) => ({
  tree: fc.dictionary(key, fc.oneof({ depthSize: 'small' }, scalar, tie('tree'), tie('containers')), {
    maxKeys: 4,
  }),
  containers: fc.uniqueArray(
    fc.record({ name: fc.constantFrom('nginx', 'sidecar', 'log'), image: fc.string({ maxLength: 4 }) }),
    { selector: (c) => c.name, maxLength: 3 },
  ),
}));
const manifest = tree.map(
  (t) => JSON.parse(JSON.stringify(t).replace(/"c":\[/g, '"containers":[')) as Record<string, unknown>,
);

describe('threeWayMerge (property)', () => {
  it('re-applying what was applied changes nothing, whatever the server added', () => {
    fc.assert(
      fc.property(
        manifest,
        fc.dictionary(fc.constantFrom('status', 'uid', 'x-server'), scalar),
        (applied, extra) => {
          const live = { ...applied, ...extra };
          expect(threeWayMerge(applied, applied, live)).toEqual(live);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('applying to an empty object gives the manifest', () => {
    fc.assert(
      fc.property(manifest, (m) => {
        expect(threeWayMerge(undefined, m, {})).toEqual(m);
      }),
      { numRuns: 300 },
    );
  });

  it('a field applied before and gone now is removed', () => {
    fc.assert(
      fc.property(manifest, scalar, (m, value) => {
        const before = { ...m, removed: value };
        expect(threeWayMerge(before, m, before)).not.toHaveProperty('removed');
      }),
      { numRuns: 300 },
    );
  });
});
