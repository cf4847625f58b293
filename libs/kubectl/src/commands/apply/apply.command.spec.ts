import { harness, WEB_YAML } from '../shared/kubectl-harness.fixture';
import { LAST_APPLIED } from './manifest-write';

describe('kubectl apply', () => {
  it('creates, then reports unchanged, then configured (spec B.5)', () => {
    const h = harness();
    h.files.set('web.yaml', WEB_YAML);
    expect(h.text('kubectl apply -f web.yaml')).toBe('deployment.apps/web created\n');
    expect(h.text('kubectl apply -f web.yaml')).toBe('deployment.apps/web unchanged\n');
    h.files.set('web.yaml', WEB_YAML.replace('replicas: 3', 'replicas: 4'));
    expect(h.text('k apply -f web.yaml')).toBe('deployment.apps/web configured\n');
    expect(h.cluster.get('Deployment', 'default', 'web')?.spec.replicas).toBe(4);
  });

  it('keeps the last-applied annotation as Go marshals it (sorted keys, namespace filled in, newline)', () => {
    const h = harness();
    h.run('kubectl apply -f -', WEB_YAML);
    const annotation = h.cluster.get('Deployment', 'default', 'web')?.metadata.annotations?.[LAST_APPLIED];
    expect(annotation).toBe(
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default"},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"image":"nginx:1.25","name":"nginx"}]}}}}\n',
    );
  });

  it('removes fields that were applied before and are gone now, keeps fields set by others', () => {
    const h = harness();
    h.run('kubectl apply -f -', WEB_YAML.replace('  replicas: 3\n', '  replicas: 3\n  minReadySeconds: 5\n'));
    h.run('kubectl annotate deployment web note=kept');
    expect(h.text('kubectl apply -f -', WEB_YAML)).toBe('deployment.apps/web configured\n');
    const d = h.cluster.get('Deployment', 'default', 'web')!;
    expect(d.spec.minReadySeconds).toBeUndefined();
    expect(d.metadata.annotations?.['note']).toBe('kept');
    expect(d.spec.revisionHistoryLimit).toBe(10);
  });

  it('merges containers by name: an added sidecar, an image change, a removed env var', () => {
    const h = harness();
    const withEnv = WEB_YAML.replace(
      'image: nginx:1.25\n',
      'image: nginx:1.25\n        env:\n        - name: A\n          value: "1"\n',
    );
    h.run('kubectl apply -f -', withEnv);
    const next = WEB_YAML.replace(
      'image: nginx:1.25\n',
      'image: nginx:1.26\n      - name: sidecar\n        image: busybox:1.36\n',
    );
    expect(h.text('kubectl apply -f -', next)).toBe('deployment.apps/web configured\n');
    const containers = h.cluster.get('Deployment', 'default', 'web')!.spec.template.spec.containers;
    expect(containers.map((c) => [c.name, c.image, c.env])).toEqual([
      ['nginx', 'nginx:1.26', undefined],
      ['sidecar', 'busybox:1.36', undefined],
    ]);
  });

  it('applies multi-document YAML and JSON Lists in order, with dry runs', () => {
    const h = harness();
    const svc =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n';
    expect(h.text('kubectl apply -f - --dry-run=client', `${WEB_YAML}---\n${svc}`)).toBe(
      'deployment.apps/web created (dry run)\nservice/web created (dry run)\n',
    );
    expect(h.cluster.get('Deployment', 'default', 'web')).toBeUndefined();
    expect(h.text('kubectl apply -f - --dry-run=server', WEB_YAML)).toBe(
      'deployment.apps/web created (server dry run)\n',
    );
    expect(h.cluster.get('Deployment', 'default', 'web')).toBeUndefined();
    const list = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' } }],
    });
    expect(h.text('kubectl apply -f -', list)).toBe('namespace/dev created\n');
    expect(h.text('kubectl apply -f - -o name', `${WEB_YAML}---\n${svc}`)).toBe(
      'deployment.apps/web\nservice/web\n',
    );
  });

  it('reports an unknown field with the server strict-decoding text and changes nothing for that document', () => {
    const h = harness();
    h.files.set('web.yaml', WEB_YAML.replace('replicas: 3', 'replica: 3'));
    expect(h.text('kubectl apply -f web.yaml')).toBe(
      'Error from server (BadRequest): error when creating "web.yaml": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"\n[exit 1]\n',
    );
    expect(h.cluster.get('Deployment', 'default', 'web')).toBeUndefined();
    h.files.set(
      'web.yaml',
      WEB_YAML.replace('image: nginx:1.25', 'image: nginx:1.25\n        imagePolicy: Always'),
    );
    expect(h.run('kubectl apply -f web.yaml').stderr).toContain(
      'strict decoding error: unknown field "spec.template.spec.containers[0].imagePolicy"',
    );
  });

  it('with --validate=warn drops unknown fields with a warning; with ignore, silently; bad values stay errors', () => {
    const h = harness();
    const typo = WEB_YAML.replace('replicas: 3', 'replica: 3');
    expect(h.run('kubectl apply -f - --validate=warn', typo)).toEqual({
      stdout: 'deployment.apps/web created\n',
      stderr: 'Warning: unknown field "spec.replica"\n',
      exitCode: 0,
    });
    expect(h.cluster.get('Deployment', 'default', 'web')!.spec.replicas).toBe(1);
    expect(h.text('kubectl create -f - --validate=false', typo.replace('name: web', 'name: api'))).toBe(
      'deployment.apps/api created\n',
    );
    expect(
      h.run('kubectl apply -f - --validate=ignore', WEB_YAML.replace('replicas: 3', 'replicas: x')).exitCode,
    ).toBe(1);
    expect(h.text('kubectl apply -f - --validate=maybe', WEB_YAML)).toBe(
      'error: invalid - validate option "maybe"; must be one of: strict (or true), warn, ignore (or false)\n[exit 1]\n',
    );
    expect(h.run('kubectl apply --server-side -f -', WEB_YAML).exitCode).toBe(1);
  });

  it('reports a wrong value type as the decoder does', () => {
    const h = harness();
    expect(h.text('kubectl apply -f -', WEB_YAML.replace('replicas: 3', 'replicas: "3"'))).toBe(
      'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32\n[exit 1]\n',
    );
  });

  it('reports unknown kinds and applies the valid documents around them', () => {
    const h = harness();
    const foo = 'apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n';
    h.files.set('web.yaml', `${foo}---\n${WEB_YAML}`);
    expect(h.text('kubectl apply -f web.yaml')).toBe(
      'deployment.apps/web created\nerror: resource mapping not found for name: "x" namespace: "" from "web.yaml": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first\n[exit 1]\n',
    );
  });

  it('prints decoding errors before the errors of sending, each on its own line', () => {
    const h = harness();
    const foo = 'apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n';
    const bad = WEB_YAML.replace('replicas: 3', 'replica: 3');
    expect(h.text('kubectl apply -f -', `${bad}---\n${foo}`)).toBe(
      'resource mapping not found for name: "x" namespace: "" from "STDIN": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first\n' +
        'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"\n[exit 1]\n',
    );
  });

  it('reports a Deployment in the wrong API version as a mapping error', () => {
    const h = harness();
    expect(h.run('kubectl apply -f -', WEB_YAML.replace('apps/v1', 'v1')).stderr).toBe(
      'error: resource mapping not found for name: "web" namespace: "" from "STDIN": no matches for kind "Deployment" in version "v1"\nensure CRDs are installed first\n',
    );
  });

  it('reports YAML syntax errors with the document line', () => {
    const h = harness();
    h.files.set('web.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n labels: x\n');
    expect(h.text('kubectl apply -f web.yaml')).toBe(
      'error: error parsing web.yaml: error converting YAML to JSON: yaml: line 5: did not find expected key\n[exit 1]\n',
    );
  });

  it('reports a repeated key as go-yaml does', () => {
    const h = harness();
    h.files.set('web.yaml', WEB_YAML.replace('  replicas: 3\n', '  replicas: 3\n  replicas: 4\n'));
    expect(h.text('kubectl apply -f web.yaml')).toBe(
      'error: error parsing web.yaml: error converting YAML to JSON: yaml: unmarshal errors:\n  line 7: key "replicas" already set in map\n[exit 1]\n',
    );
  });

  it('reports missing kind and apiVersion', () => {
    const h = harness();
    expect(h.run('kubectl apply -f -', 'metadata:\n  name: x\n').stderr).toBe(
      'error: error validating "STDIN": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false\n',
    );
  });

  it('prints Invalid errors in the API server form (spec C-06)', () => {
    const h = harness();
    const bad = WEB_YAML.replace(
      '  replicas: 3\n',
      '  replicas: 3\n  strategy:\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 0\n',
    );
    expect(h.text('kubectl apply -f -', bad)).toBe(
      'The Deployment "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0\n[exit 1]\n',
    );
  });

  it('errors on a missing file, no -f, and a namespace mismatch', () => {
    const h = harness();
    expect(h.text('kubectl apply -f nope.yaml')).toBe(
      'error: the path "nope.yaml" does not exist\n[exit 1]\n',
    );
    expect(h.text('kubectl apply')).toBe('error: must specify one of -f and -k\n[exit 1]\n');
    expect(
      h.text('kubectl apply -n dev -f -', WEB_YAML.replace('name: web', 'name: web\n  namespace: prod')),
    ).toBe(
      'error: the namespace from the provided object "prod" does not match the namespace "dev". You must pass \'--namespace=prod\' to perform this operation.\n[exit 1]\n',
    );
  });

  it('warns when the live object lacks the last-applied annotation', () => {
    const h = harness();
    h.run('kubectl create -f -', WEB_YAML);
    const out = h.run('kubectl apply -f -', WEB_YAML);
    expect(out.stdout).toBe('deployment.apps/web configured\n');
    expect(out.stderr).toBe(
      'Warning: resource deployments/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n',
    );
  });
});
