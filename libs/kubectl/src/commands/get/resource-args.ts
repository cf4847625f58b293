// How kubectl reads resource arguments (cli-runtime resource.Builder.ResourceTypeOrNameArgs): `pods`,
// `pods web db`, `deploy,rs`, `deploy,rs web`, `pod/web deploy/web`, and the `all` category. Shared by the
// read commands (get, describe).
import { resolveResource, type ResourceInfo } from '@podlab/kube';
import type { KubectlContext } from '../../command/command';
import { clientError, formatApiError, unknownResourceType } from '../../errors/kubectl-errors';
import { readManifests } from '../../manifest/manifest-reader';

/** One thing to fetch: a whole kind (name undefined) or one named object. */
export interface ResourceRequest {
  info: ResourceInfo;
  name?: string;
}

export interface ParsedResources {
  requests: ResourceRequest[];
  /** One object asked for by name: kubectl prints it bare (not a List) with -o yaml/json. */
  singleItemImplied: boolean;
  /** Several kinds (or `all`): NAME cells carry `kind.group/` prefixes. */
  multipleTypes: boolean;
  /** Whether any name was given. */
  named: boolean;
}

export type ParseResourcesResult = { ok: true; value: ParsedResources } | { ok: false; stderr: string };

/** The `all` category in kubectl's print order (jobs, cronjobs and HPAs are not simulated). */
export const ALL_CATEGORY = ['pods', 'services', 'daemonsets', 'deployments', 'replicasets', 'statefulsets'];

function resolveTypes(typed: string): { ok: true; infos: ResourceInfo[] } | { ok: false; stderr: string } {
  const infos: ResourceInfo[] = [];
  for (const t of typed.split(',')) {
    if (t === '') continue;
    if (t.toLowerCase() === 'all') {
      for (const name of ALL_CATEGORY) infos.push(resolveResource(name) as ResourceInfo);
      continue;
    }
    const info = resolveResource(t);
    if (!info) return { ok: false, stderr: unknownResourceType(t) };
    if (!infos.includes(info)) infos.push(info);
  }
  return { ok: true, infos };
}

export function parseResourceArgs(args: readonly string[]): ParseResourcesResult {
  const slashed = args.filter((a) => a.includes('/'));
  if (slashed.length) {
    if (slashed.length !== args.length) {
      return {
        ok: false,
        stderr: clientError(
          "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
        ),
      };
    }
    const requests: ResourceRequest[] = [];
    for (const arg of args) {
      const slash = arg.indexOf('/');
      const type = arg.slice(0, slash);
      const name = arg.slice(slash + 1);
      if (name === '')
        return {
          ok: false,
          stderr: clientError(`arguments in resource/name form must have a single resource and name`),
        };
      const info = resolveResource(type);
      if (!info || type.includes(',')) return { ok: false, stderr: unknownResourceType(type) };
      requests.push({ info, name });
    }
    const kinds = new Set(requests.map((r) => r.info.kind));
    return {
      ok: true,
      value: {
        requests,
        singleItemImplied: requests.length === 1,
        multipleTypes: kinds.size > 1,
        named: true,
      },
    };
  }
  const [typed, ...names] = args;
  if (typed === undefined)
    return {
      ok: true,
      value: { requests: [], singleItemImplied: false, multipleTypes: false, named: false },
    };
  const resolved = resolveTypes(typed);
  if (!resolved.ok) return resolved;
  const isAll = typed.split(',').some((t) => t.toLowerCase() === 'all');
  const requests: ResourceRequest[] = [];
  for (const info of resolved.infos) {
    if (names.length) for (const name of names) requests.push({ info, name });
    else requests.push({ info });
  }
  return {
    ok: true,
    value: {
      requests,
      singleItemImplied: resolved.infos.length === 1 && names.length === 1 && !isAll,
      multipleTypes: isAll || resolved.infos.length > 1,
      named: names.length > 0,
    },
  };
}

/**
 * A list request the API server rejected (bad label or field selector): cli-runtime's Selector visitor wraps the
 * server's BadRequest as `Unable to find "<group>/<version>, Resource=<resource>" that match label selector
 * "<l>", field selector "<f>": <cause>`.
 */
export function selectorListError(
  info: ResourceInfo,
  labelSelector: string,
  fieldSelector: string,
  cause: string,
): string {
  return (
    `Error from server (BadRequest): Unable to find "${info.group}/${info.version}, Resource=${info.resource}" ` +
    `that match label selector "${labelSelector}", field selector "${fieldSelector}": ${cause}\n`
  );
}

/** Requests for the objects named by `-f` manifests (kubectl's FilenameParam), and the reading errors as text. */
export function requestsFromFiles(
  ctx: Pick<KubectlContext, 'files' | 'stdin' | 'namespace'>,
  filenames: readonly string[],
  recursive: boolean,
): { requests: (ResourceRequest & { namespace?: string })[]; stderr: string } {
  const requests: (ResourceRequest & { namespace?: string })[] = [];
  let stderr = '';
  for (const item of readManifests(ctx, filenames, { defaultNamespace: ctx.namespace, recursive })) {
    if (item.ok) {
      requests.push({ info: item.value.info, name: item.value.name, namespace: item.value.namespace });
      continue;
    }
    const error = item.error;
    if (error.type === 'api') stderr += formatApiError(error.error);
    else if (error.type === 'raw')
      stderr += error.message.endsWith('\n') ? error.message : `${error.message}\n`;
    else stderr += clientError(error.message);
  }
  return { requests, stderr };
}
