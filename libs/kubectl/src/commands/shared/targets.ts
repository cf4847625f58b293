// The objects a command acts on, found the way kubectl's resource builder finds them: by `TYPE NAME…`,
// `TYPE/NAME…`, `-f FILE`, `TYPE -l selector` or `TYPE --all`. Missing objects are NotFound errors that the
// command reports after acting on the others (ContinueOnError).
import { notFound, type KubeObject } from '@podlab/kube';
import type { Invocation, KubectlContext } from '../../command/command';
import { readManifests, type KubectlError } from '../../manifest/manifest-reader';
import { NO_RESOURCES_ERROR, listObjects, parseLabelSelector, parseResourceArgs } from './resource-args';
import { apiError, clientErr } from './write-support';

export interface Targets {
  objects: KubeObject[];
  errors: KubectlError[];
  /** True when the user selected by type (selector/--all) and nothing matched: kubectl prints "No resources found". */
  emptySelection: boolean;
  /** Namespaced kinds were involved (for the "No resources found in X namespace." text). */
  namespaced: boolean;
}

export interface TargetOptions {
  /** The positional args that name resources (some commands take extra args after them). */
  args?: readonly string[];
  allowSelector?: boolean;
  allowAll?: boolean;
  /** A type without names selects every object of it (`kubectl rollout restart deployment`). */
  typeMeansAll?: boolean;
}

export type TargetResult = { ok: true; targets: Targets } | { ok: false; error: string };

export function findTargets(
  ctx: KubectlContext,
  invocation: Invocation,
  options: TargetOptions = {},
): TargetResult {
  const args = options.args ?? invocation.args;
  const filenames = (invocation.flags['filename'] as string[] | undefined) ?? [];
  const selector =
    typeof invocation.flags['selector'] === 'string' ? (invocation.flags['selector'] as string) : '';
  const all = invocation.flags['all'] === true;
  const allNamespaces = invocation.flags['all-namespaces'] === true;
  const targets: Targets = { objects: [], errors: [], emptySelection: false, namespaced: true };

  if (filenames.length) {
    if (args.length)
      return {
        ok: false,
        error:
          'Unexpected args: [' +
          args.join(' ') +
          "]\nSee 'kubectl " +
          'delete' +
          " -h' for help and examples",
      };
    const items = readManifests(ctx, filenames, {
      defaultNamespace: ctx.namespace,
      ...(invocation.explicit.has('namespace') ? { explicitNamespace: ctx.namespace } : {}),
    });
    for (const item of items) {
      if (!item.ok) {
        targets.errors.push(item.error);
        continue;
      }
      const { info, name, namespace } = item.value;
      const object = ctx.cluster.get(info.kind, namespace, name);
      if (object) targets.objects.push(object);
      else targets.errors.push(apiError(notFound(info.kind, name)));
    }
    return { ok: true, targets };
  }

  const parsed = parseResourceArgs(args);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  if (!parsed.refs.length && !parsed.types.length) return { ok: false, error: NO_RESOURCES_ERROR };

  for (const ref of parsed.refs) {
    if (selector && options.allowSelector)
      return { ok: false, error: 'name cannot be provided when a selector is specified' };
    const object = ctx.cluster.get(ref.info.kind, ctx.namespace, ref.name);
    if (object) targets.objects.push(object);
    else targets.errors.push(apiError(notFound(ref.info.kind, ref.name)));
  }
  if (parsed.types.length) {
    const bySelector = selector && options.allowSelector;
    const byAll = (all && options.allowAll) || (options.typeMeansAll && !selector);
    if (!bySelector && !byAll)
      return { ok: false, error: 'resource(s) were provided, but no name was specified' };
    const matcher = bySelector ? parseLabelSelector(selector) : undefined;
    if (matcher && !matcher.ok) return { ok: false, error: matcher.error };
    for (const info of parsed.types) {
      targets.namespaced = info.namespaced;
      targets.objects.push(
        ...listObjects(ctx, info.kind, {
          allNamespaces,
          ...(matcher?.ok ? { matches: matcher.matches } : {}),
        }),
      );
    }
    targets.emptySelection = targets.objects.length === 0;
  }
  return { ok: true, targets };
}

export { clientErr };
