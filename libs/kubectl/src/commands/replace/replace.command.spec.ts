import { harness, WEB_YAML } from '../shared/kubectl-harness.fixture';

describe('kubectl replace', () => {
  it('replaces the whole object, errors when it is missing, re-creates with --force', () => {
    const h = harness();
    h.files.set('web.yaml', WEB_YAML);
    expect(h.text('kubectl replace -f web.yaml')).toBe(
      'Error from server (NotFound): error when replacing "web.yaml": deployments.apps "web" not found\n[exit 1]\n',
    );
    h.run('kubectl create -f web.yaml');
    h.run('kubectl annotate deployment web note=gone');
    h.files.set('web.yaml', WEB_YAML.replace('replicas: 3', 'replicas: 5'));
    expect(h.text('kubectl replace -f web.yaml')).toBe('deployment.apps/web replaced\n');
    const d = h.cluster.get('Deployment', 'default', 'web')!;
    expect([d.spec.replicas, d.metadata.annotations?.['note']]).toEqual([5, undefined]);
    expect(h.text('kubectl replace --force -f web.yaml')).toBe(
      'deployment.apps "web" deleted\ndeployment.apps/web replaced\n',
    );
    expect(h.text('kubectl replace')).toBe(
      "error: must specify --filename to replace\nSee 'kubectl replace -h' for help and examples\n[exit 1]\n",
    );
  });
});
