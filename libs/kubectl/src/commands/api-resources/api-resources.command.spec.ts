import { readContext, runSpec } from '../../testing/read-context.fixture';
import { apiResourcesCommand } from './api-resources.command';

describe('kubectl api-resources', () => {
  it('prints NAME SHORTNAMES APIVERSION NAMESPACED KIND in discovery order', () => {
    const out = runSpec(apiResourcesCommand, readContext(), []);
    const lines = out.stdout.split('\n');
    expect(lines[0]).toBe('NAME                     SHORTNAMES   APIVERSION          NAMESPACED   KIND');
    expect(lines).toContain(
      'deployments              deploy       apps/v1             true         Deployment',
    );
    expect(lines).toContain(
      'storageclasses           sc           storage.k8s.io/v1   false        StorageClass',
    );
    expect(lines[1]?.startsWith('endpoints ')).toBe(true);
  });

  it('filters with --namespaced=false and prints names with -o name', () => {
    const ctx = readContext();
    expect(runSpec(apiResourcesCommand, ctx, ['--namespaced=false', '-o', 'name']).stdout).toBe(
      'namespaces\nnodes\npersistentvolumes\nstorageclasses.storage.k8s.io\n',
    );
    expect(
      runSpec(apiResourcesCommand, ctx, ['--api-group=apps', '--no-headers']).stdout.split('\n')[0],
    ).toMatch(/^controllerrevisions +apps\/v1 +true +ControllerRevision$/);
  });
});

describe('kubectl api-resources -o wide', () => {
  it('adds VERBS (comma-joined) and CATEGORIES', () => {
    const out = runSpec(apiResourcesCommand, readContext(), ['-o', 'wide']).stdout.split('\n');
    expect(out[0]).toMatch(/ KIND +VERBS +CATEGORIES$/);
    expect(out.find((l) => l.startsWith('pods '))).toMatch(
      / Pod +create,delete,deletecollection,get,list,patch,update,watch +all$/,
    );
  });
});
