import { invalid, notFound, alreadyExists } from '@podlab/kube';
import {
  clientError,
  formatAggregatedApiError,
  formatApiError,
  suggestionsFor,
  unknownCommand,
  unknownFlag,
  unknownShorthand,
  withSource,
} from './kubectl-errors';

describe('kubectl error texts (spec B.6)', () => {
  it.each([
    [notFound('Deployment', 'x'), 'Error from server (NotFound): deployments.apps "x" not found\n'],
    [notFound('Pod', 'x'), 'Error from server (NotFound): pods "x" not found\n'],
    [notFound('Node', 'x'), 'Error from server (NotFound): nodes "x" not found\n'],
    [
      alreadyExists('Deployment', 'web'),
      'Error from server (AlreadyExists): deployments.apps "web" already exists\n',
    ],
  ])('formats a status error %#', (error, text) => {
    expect(formatApiError(error)).toBe(text);
  });

  it('prints Invalid with one cause on one line', () => {
    const error = invalid('Deployment', 'web', [
      {
        type: 'FieldValueInvalid',
        field: 'spec.template.metadata.labels',
        message:
          'Invalid value: map[string]string{"app":"nginx"}: `selector` does not match template `labels`',
      },
    ]);
    expect(formatApiError(error)).toBe(
      'The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"nginx"}: `selector` does not match template `labels`\n',
    );
  });

  it('prints Invalid with several causes as a header with a trailing space and one line per cause', () => {
    const error = invalid('Deployment', 'web', [
      {
        type: 'FieldValueRequired',
        field: 'spec.template.spec.containers[0].image',
        message: 'Required value',
      },
      {
        type: 'FieldValueInvalid',
        field: 'spec.replicas',
        message: 'Invalid value: -1: must be greater than or equal to 0',
      },
    ]);
    expect(formatApiError(error)).toBe(
      'The Deployment "web" is invalid: \n' +
        '* spec.template.spec.containers[0].image: Required value\n' +
        '* spec.replicas: Invalid value: -1: must be greater than or equal to 0\n',
    );
  });

  it('lists an Invalid error among several with its source and group-qualified kind', () => {
    const error = withSource(
      invalid('Deployment', 'web', [
        {
          type: 'FieldValueInvalid',
          field: 'spec.replicas',
          message: 'Invalid value: -1: must be greater than or equal to 0',
        },
      ]),
      'creating',
      'web.yaml',
    );
    expect(formatApiError(error)).toBe(
      'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n',
    );
    expect(formatAggregatedApiError(error)).toBe(
      'Error from server (Invalid): error when creating "web.yaml": Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n',
    );
  });

  it('adds the manifest source to status errors', () => {
    expect(formatApiError(withSource(notFound('Deployment', 'x'), 'creating', 'web.yaml'))).toBe(
      'Error from server (NotFound): error when creating "web.yaml": deployments.apps "x" not found\n',
    );
  });

  it('prefixes client errors once', () => {
    expect(clientError('unable to find container named "x"')).toBe(
      'error: unable to find container named "x"\n',
    );
    expect(clientError('error: already')).toBe('error: already\n');
  });

  it('prints the command-line errors', () => {
    expect(unknownCommand('foo', 'kubectl')).toBe(
      'error: unknown command "foo" for "kubectl"\nRun \'kubectl --help\' for usage.\n',
    );
    expect(unknownCommand('gett', 'kubectl', ['get', 'set'])).toBe(
      'error: unknown command "gett" for "kubectl"\n\nDid you mean this?\n\tget\n\tset\nRun \'kubectl --help\' for usage.\n',
    );
    expect(unknownFlag('foo', 'kubectl get')).toBe(
      "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n",
    );
    expect(unknownShorthand('z', '-z', 'kubectl get')).toBe(
      "error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage.\n",
    );
  });

  it('suggests like cobra', () => {
    expect(suggestionsFor('gett', ['apply', 'get', 'set', 'scale'])).toEqual(['get', 'set']);
    expect(suggestionsFor('roll', ['rollout', 'label'])).toEqual(['rollout']);
  });
});
