import { readContext, runSpec } from '../../testing/read-context.fixture';
import { explainCommand, wrap } from './explain.command';

const explain = (...words: string[]) => runSpec(explainCommand, readContext(), words);

describe('kubectl explain', () => {
  it('a kind: GROUP/KIND/VERSION, DESCRIPTION, FIELDS with tab-separated types', () => {
    const out = explain('deployment').stdout;
    expect(
      out.startsWith(
        'GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nDESCRIPTION:\n    Deployment enables declarative updates for Pods and ReplicaSets.\n    \nFIELDS:\n  apiVersion\t<string>\n',
      ),
    ).toBe(true);
    expect(out).toContain(
      '\n  spec\t<DeploymentSpec>\n    Specification of the desired behavior of the Deployment.\n\n',
    );
    expect(explain('pods').stdout.startsWith('KIND:       Pod\nVERSION:    v1\n\n')).toBe(true);
  });

  it('a field path: FIELD line, required markers, nested arrays', () => {
    const spec = explain('deployment.spec').stdout;
    expect(spec).toContain('FIELD: spec <DeploymentSpec>\n\n\nDESCRIPTION:\n');
    expect(spec).toContain('\n  selector\t<LabelSelector> -required-\n');
    const containers = explain('pod.spec.containers').stdout;
    expect(containers).toContain('FIELD: containers <[]Container>\n');
    expect(containers).toContain('\n  image\t<string>\n');
    const replicas = explain('deploy.spec.replicas').stdout;
    expect(replicas).toBe(
      'GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: replicas <integer>\n\n\nDESCRIPTION:\n    Number of desired pods. Defaults to 1.\n    \n\n',
    );
    expect(replicas).not.toContain('FIELDS:');
  });

  it('enums: a short line in field lists, an ENUM block for the field itself', () => {
    expect(explain('deployment.spec.strategy').stdout).toContain(
      '\n  type\t<string>\n  enum: Recreate, RollingUpdate\n    Type of deployment',
    );
    expect(explain('deployment.spec.strategy.type').stdout).toContain(
      'FIELD: type <string>\nENUM:\n    Recreate\n    RollingUpdate\n\nDESCRIPTION:\n',
    );
  });

  it('errors for unknown fields and types', () => {
    expect(explain('deployment.spec.replica')).toEqual({
      stdout: '',
      stderr: 'error: field "replica" does not exist\n',
      exitCode: 1,
    });
    expect(explain('deploymnet').stderr).toBe(
      'error: the server doesn\'t have a resource type "deploymnet"\n',
    );
  });

  it('--recursive lists the tree without descriptions', () => {
    const out = explain('deployment.spec.strategy', '--recursive').stdout;
    expect(out).toContain(
      'FIELDS:\n  rollingUpdate\t<RollingUpdateDeployment>\n    maxSurge\t<IntOrString>\n    maxUnavailable\t<IntOrString>\n  type\t<string>\n',
    );
  });

  it('wraps at 76 columns', () => {
    const lines = wrap('word '.repeat(40).trim(), 76);
    expect(lines.every((l) => l.length <= 76)).toBe(true);
    expect(lines.join(' ')).toBe('word '.repeat(40).trim());
  });
});
