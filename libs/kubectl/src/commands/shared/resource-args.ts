// Resource arguments as kubectl's resource builder reads them: `deploy web api` (a type, then names),
// `deploy,svc web` (several types), `deployment/web pod/x` (type/name pairs), plus label selectors
// (`-l app=web,tier!=db,env in (a,b),!legacy`).
import { resolveResource, type Kind, type KubeObject, type ResourceInfo } from '@podlab/kube';
import type { KubectlContext } from '../../command/command';

export interface ResourceRef {
  info: ResourceInfo;
  name: string;
}

export type ResourceArgs =
  { ok: true; refs: ResourceRef[]; types: ResourceInfo[] } | { ok: false; error: string };

const SLASH_FORM_ERROR =
  "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'";

/** Splits args into (type, name) references; `types` are the kinds named without names (`delete pods -l …`). */
export function parseResourceArgs(args: readonly string[]): ResourceArgs {
  if (!args.length) return { ok: true, refs: [], types: [] };
  if (args.some((a) => a.includes('/'))) {
    if (!args.every((a) => a.includes('/'))) return { ok: false, error: SLASH_FORM_ERROR };
    const refs: ResourceRef[] = [];
    for (const arg of args) {
      const slash = arg.indexOf('/');
      const typed = arg.slice(0, slash);
      const name = arg.slice(slash + 1);
      const info = resolveResource(typed);
      if (!info) return { ok: false, error: `the server doesn't have a resource type "${typed}"` };
      if (!name)
        return { ok: false, error: `arguments in resource/name form must have a single resource and name` };
      refs.push({ info, name });
    }
    return { ok: true, refs, types: [] };
  }
  const [typeArg, ...names] = args;
  const types: ResourceInfo[] = [];
  for (const typed of typeArg!.split(',')) {
    if (!typed) continue;
    const info = resolveResource(typed);
    if (!info) return { ok: false, error: `the server doesn't have a resource type "${typed}"` };
    types.push(info);
  }
  const refs = types.flatMap((info) => names.map((name) => ({ info, name })));
  return { ok: true, refs, types: names.length ? [] : types };
}

export const NO_RESOURCES_ERROR =
  "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

// ---- label selectors ---------------------------------------------------------------------------------

type Requirement =
  | { op: '=' | '!='; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'exists' | '!'; key: string };

export type LabelPredicate = (labels: Record<string, string> | undefined) => boolean;

/** Parses a label selector string; returns kubectl's error text for a malformed one. */
export function parseLabelSelector(
  text: string,
): { ok: true; matches: LabelPredicate } | { ok: false; error: string } {
  const requirements: Requirement[] = [];
  for (const part of splitTopLevel(text)) {
    const p = part.trim();
    if (!p) continue;
    let m: RegExpMatchArray | null;
    if ((m = p.match(/^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/))) {
      requirements.push({
        op: m[2] as 'in' | 'notin',
        key: m[1]!,
        values: m[3]!.split(',').map((v) => v.trim()),
      });
    } else if ((m = p.match(/^([^\s!=]+)\s*!=\s*(\S*)$/))) {
      requirements.push({ op: '!=', key: m[1]!, value: m[2]! });
    } else if ((m = p.match(/^([^\s!=]+)\s*==?\s*(\S*)$/))) {
      requirements.push({ op: '=', key: m[1]!, value: m[2]! });
    } else if ((m = p.match(/^!\s*([^\s!=]+)$/))) {
      requirements.push({ op: '!', key: m[1]! });
    } else if ((m = p.match(/^([^\s!=(),]+)$/))) {
      requirements.push({ op: 'exists', key: m[1]! });
    } else {
      return {
        ok: false,
        error: `unable to parse requirement: found '${p}', expected: in, notin, =, ==, !=, gt, lt`,
      };
    }
  }
  const matches: LabelPredicate = (labels) => {
    const l = labels ?? {};
    return requirements.every((r) => {
      const has = Object.prototype.hasOwnProperty.call(l, r.key);
      switch (r.op) {
        case '=':
          return has && l[r.key] === r.value;
        case '!=':
          return !has || l[r.key] !== r.value;
        case 'in':
          return has && r.values.includes(l[r.key]!);
        case 'notin':
          return !has || !r.values.includes(l[r.key]!);
        case 'exists':
          return has;
        case '!':
          return !has;
      }
    });
  };
  return { ok: true, matches };
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

/** Objects of a kind in the command's namespace (all namespaces with -A), filtered by a selector. */
export function listObjects(
  ctx: KubectlContext,
  kind: Kind,
  options: { allNamespaces?: boolean; matches?: LabelPredicate },
): KubeObject[] {
  const namespaced = resolveResource(kind)?.namespaced ?? true;
  const objects = ctx.cluster
    .view()
    .objects.list(kind, namespaced && !options.allNamespaces ? ctx.namespace : undefined);
  return options.matches ? objects.filter((o) => options.matches!(o.metadata.labels)) : objects;
}

/** `No resources found in default namespace.` / `No resources found` */
export function noResourcesFound(namespaced: boolean, namespace: string, allNamespaces = false): string {
  return namespaced && !allNamespaces
    ? `No resources found in ${namespace} namespace.\n`
    : 'No resources found\n';
}
