// (Named .spec.ts, not .int.spec.ts: it is pure and in-memory, so it belongs to the unit suite.)
// The read commands through the real entry point (runKubectl): flag parsing of their specs, registration, and
// outputs over a cluster driven by the real controllers.
import { Cluster, SECOND } from '@podlab/kube';
import { runKubectl } from '../../command/run-kubectl';
import { readContext } from '../../testing/read-context.fixture';

function given() {
  const cluster = Cluster.create({ seed: 7 });
  const ctx = readContext(cluster);
  const k = (line: string) => runKubectl({ ...ctx, line });
  expect(k('kubectl create deployment web --image=nginx:1.25 --replicas=3').exitCode).toBe(0);
  cluster.reconcile();
  cluster.settle(60 * SECOND);
  return { cluster, k };
}

describe('read commands through runKubectl', () => {
  it('get: wide, several kinds with a selector, labels, jsonpath, custom-columns', () => {
    const { k } = given();
    const wide = k('kubectl get pods -o wide');
    expect(wide.stdout.split('\n')[0]).toMatch(
      /^NAME +READY +STATUS +RESTARTS +AGE +IP +NODE +NOMINATED NODE +READINESS GATES$/,
    );
    expect(wide.stdout.split('\n').filter((l) => / Running /.test(l))).toHaveLength(3);
    const multi = k('k get deploy,rs -l app=web');
    const [header, row, blank, rsHeader] = multi.stdout.split('\n');
    expect(header).toBe('NAME                  READY   UP-TO-DATE   AVAILABLE   AGE');
    expect(row?.startsWith('deployment.apps/web   3/3     3            3           ')).toBe(true);
    expect(blank).toBe('');
    expect(rsHeader?.startsWith('NAME')).toBe(true);
    expect(rsHeader).toContain('DESIRED');
    expect(k("kubectl get deploy web -o jsonpath='{.spec.replicas}'").stdout).toBe('3');
    expect(
      k('kubectl get pods -o custom-columns=NAME:.metadata.name --no-headers').stdout.split('\n'),
    ).toHaveLength(4);
    expect(k('kubectl get pods -l app=web -L app').stdout.split('\n')[0]).toMatch(/ APP$/);
    expect(k('kubectl get pods --show-labels').stdout).toMatch(/app=web,pod-template-hash=\w+\n/);
  });

  it('get: errors and empty results keep kubectl texts and exit codes', () => {
    const { k } = given();
    expect(k('kubectl get deployment nope')).toEqual({
      stdout: '',
      stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n',
      exitCode: 1,
    });
    expect(k('kubectl get statefulsets')).toEqual({
      stdout: '',
      stderr: 'No resources found in default namespace.\n',
      exitCode: 0,
    });
    expect(k('kubectl get pods -n kube-system').stderr).toBe(
      'No resources found in kube-system namespace.\n',
    );
    expect(k('kubectl get deploymnet').stderr).toBe(
      'error: the server doesn\'t have a resource type "deploymnet"\n',
    );
  });

  it('describe, logs, explain, api-resources, version, cluster-info, events are registered', () => {
    const { k } = given();
    expect(k('kubectl describe deploy web').stdout).toMatch(/^Name: {19}web\n/);
    expect(k('kubectl describe deployment web').stdout).toMatch(
      /\nNewReplicaSet: {3}web-\w+ \(3\/3 replicas created\)\n/,
    );
    expect(k('kubectl logs deploy/web').exitCode).toBe(0);
    expect(k('kubectl explain deploy.spec.replicas').stdout).toContain('FIELD: replicas <integer>');
    expect(k('kubectl api-resources --namespaced=false -o name').stdout).toContain('nodes\n');
    expect(k('kubectl version --client').stdout).toBe(
      'Client Version: v1.30.0\nKustomize Version: v5.0.4-0.20230601165947-6ce0bf390ce3\n',
    );
    expect(k('kubectl cluster-info').stdout).toContain('Kubernetes control plane is running at https://');
    expect(k('kubectl events --for deployment/web').stdout).toMatch(
      /ScalingReplicaSet +Deployment\/web +Scaled up replica set web-\w+ from 0 to 3\n/,
    );
  });

  it('-w prints the current table in a stepped sandbox', () => {
    const { k } = given();
    expect(k('kubectl get pods -w')).toEqual(k('kubectl get pods'));
  });
});
