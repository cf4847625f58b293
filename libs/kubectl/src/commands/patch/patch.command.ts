// `kubectl patch (TYPE NAME | TYPE/NAME | -f FILE) -p PATCH [--type strategic|merge|json]`:
// `statefulset.apps/web patched`, or `patched (no change)` [kubectl@1.30 patch.go].
import { jsonEqual, type KubeObject } from '@podlab/kube';
import { parse as parseYaml } from 'yaml';
import type { CommandOutput, CommandSpec, Invocation, KubectlContext } from '../../command/command';
import { clientError } from '../../errors/kubectl-errors';
import type { KubectlError } from '../../manifest/manifest-reader';
import { threeWayMerge } from '../apply/three-way-merge';
import { findTargets } from '../shared/targets';
import { sendUpdate } from '../shared/templates';
import {
  DRY_RUN_FLAG,
  FILENAME_FLAG,
  OUTPUT_FLAG,
  apiError,
  deepClone,
  dryRunOf,
  finish,
  reply,
  writeOutputOf,
} from '../shared/write-support';

type Json = unknown;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** RFC 7386 JSON merge patch: objects merge, null deletes, everything else (lists too) replaces. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** Strategic merge patch: like apply's merge with no last-applied state (lists with merge keys merge by key). */
export function strategicMergePatch(target: Json, patch: Json): Json {
  return threeWayMerge(undefined, patch, target);
}

interface JsonPatchOp {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  return path
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** RFC 6902 JSON patch; returns the patched document or the error kubectl reports. */
export function jsonPatch(
  document: Json,
  ops: readonly JsonPatchOp[],
): { ok: true; value: Json } | { ok: false; error: string } {
  let doc = deepClone(document);
  const parentOf = (parts: string[]): { parent: unknown; key: string } | undefined => {
    let node: unknown = doc;
    for (const part of parts.slice(0, -1)) {
      if (Array.isArray(node)) node = node[Number(part)];
      else if (isObject(node)) node = node[part];
      else return undefined;
      if (node === undefined) return undefined;
    }
    return { parent: node, key: parts[parts.length - 1]! };
  };
  const get = (path: string): unknown => {
    let node: unknown = doc;
    for (const part of pointer(path)) {
      if (Array.isArray(node)) node = node[Number(part)];
      else if (isObject(node)) node = node[part];
      else return undefined;
    }
    return node;
  };
  const remove = (path: string): boolean => {
    const at = parentOf(pointer(path));
    if (!at) return false;
    if (Array.isArray(at.parent)) {
      const i = Number(at.key);
      if (!(i >= 0 && i < at.parent.length)) return false;
      at.parent.splice(i, 1);
    } else if (isObject(at.parent) && at.key in at.parent) delete at.parent[at.key];
    else return false;
    return true;
  };
  const add = (path: string, value: unknown, replace: boolean): boolean => {
    const parts = pointer(path);
    if (!parts.length) {
      doc = deepClone(value);
      return true;
    }
    const at = parentOf(parts);
    if (!at) return false;
    if (Array.isArray(at.parent)) {
      const i = at.key === '-' ? at.parent.length : Number(at.key);
      if (!(i >= 0 && i <= at.parent.length)) return false;
      if (replace) {
        if (i >= at.parent.length) return false;
        at.parent[i] = deepClone(value);
      } else at.parent.splice(i, 0, deepClone(value));
    } else if (isObject(at.parent)) {
      if (replace && !(at.key in at.parent)) return false;
      at.parent[at.key] = deepClone(value);
    } else return false;
    return true;
  };
  for (const op of ops) {
    let done = false;
    switch (op.op) {
      case 'add':
        done = add(op.path, op.value, false);
        break;
      case 'replace':
        done = add(op.path, op.value, true);
        break;
      case 'remove':
        done = remove(op.path);
        break;
      case 'test':
        done = jsonEqual(get(op.path) ?? null, op.value ?? null);
        if (!done) return { ok: false, error: `testing value ${op.path} failed: test failed` };
        break;
      case 'move':
      case 'copy': {
        const value = get(op.from ?? '');
        done =
          value !== undefined && (op.op === 'copy' || remove(op.from ?? '')) && add(op.path, value, false);
        break;
      }
      default:
        return { ok: false, error: `Unexpected kind: ${op.op}` };
    }
    if (!done)
      return {
        ok: false,
        error:
          op.op === 'remove' || op.op === 'replace'
            ? `jsonpatch ${op.op} operation does not apply: doc is missing key: ${op.path}`
            : `jsonpatch ${op.op} operation does not apply: doc is missing path: ${op.path}`,
      };
  }
  return { ok: true, value: doc };
}

function run(ctx: KubectlContext, invocation: Invocation): CommandOutput {
  const dryRun = dryRunOf(invocation);
  if (!dryRun.ok) return { stdout: '', stderr: dryRun.error, exitCode: 1 };
  const output = writeOutputOf(invocation);
  if (!output.ok) return { stdout: '', stderr: output.error, exitCode: 1 };
  const type = String(invocation.flags['type'] ?? 'strategic');
  if (!['json', 'merge', 'strategic'].includes(type))
    return {
      stdout: '',
      stderr: clientError(`--type must be one of [json merge strategic], not "${type}"`),
      exitCode: 1,
    };
  let text = invocation.flags['patch'] as string | undefined;
  const patchFile = invocation.flags['patch-file'] as string | undefined;
  if (patchFile) {
    if (text)
      return {
        stdout: '',
        stderr: clientError('cannot specify --patch and --patch-file together'),
        exitCode: 1,
      };
    text = ctx.files.read(patchFile);
    if (text === undefined)
      return {
        stdout: '',
        stderr: clientError(`unable to read patch file: open ${patchFile}: no such file or directory`),
        exitCode: 1,
      };
  }
  if (!text)
    return {
      stdout: '',
      stderr: clientError('must specify --patch or --patch-file containing the contents of the patch'),
      exitCode: 1,
    };
  let patch: unknown;
  try {
    patch = parseYaml(text);
  } catch (e) {
    return {
      stdout: '',
      stderr: clientError(`unable to parse "${text}": ${(e as Error).message.split('\n')[0]}`),
      exitCode: 1,
    };
  }
  if (type === 'json' ? !Array.isArray(patch) : !isObject(patch))
    return {
      stdout: '',
      stderr: clientError(
        type === 'json'
          ? `unable to parse "${text}": json: cannot unmarshal object into Go value of type jsonpatch.Patch`
          : `unable to parse "${text}": json: cannot unmarshal ${Array.isArray(patch) ? 'array' : typeof patch} into Go value of type map[string]interface {}`,
      ),
      exitCode: 1,
    };
  const found = findTargets(ctx, invocation);
  if (!found.ok) return { stdout: '', stderr: clientError(found.error), exitCode: 1 };
  const errors: KubectlError[] = [...found.targets.errors];
  let stdout = '';
  for (const object of found.targets.objects) {
    let patched: unknown;
    if (type === 'json') {
      const result = jsonPatch(object, patch as JsonPatchOp[]);
      if (!result.ok) {
        // The API server answers 422 without details; kubectl prints its generic Invalid text.
        void result.error;
        errors.push({
          type: 'raw',
          message: 'The request is invalid: the server rejected our request due to an error in our request',
        });
        continue;
      }
      patched = result.value;
    } else
      patched = type === 'merge' ? mergePatch(object, patch) : strategicMergePatch(deepClone(object), patch);
    const changed = patched as KubeObject;
    if (jsonEqual(changed, object)) {
      stdout += reply(ctx, object, 'patched (no change)', dryRun.value, output.value).stdout;
      continue;
    }
    const sent = sendUpdate(ctx, changed, 'patch', dryRun.value);
    if (!sent.ok) {
      errors.push(apiError(sent.error));
      continue;
    }
    stdout += reply(ctx, sent.value, 'patched', dryRun.value, output.value).stdout;
  }
  return finish(stdout, errors);
}

export const patchCommand: CommandSpec = {
  path: ['patch'],
  short: 'Update fields of a resource',
  usage: 'kubectl patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [options]',
  flags: [
    {
      name: 'patch',
      short: 'p',
      type: 'string',
      description: 'The patch to be applied to the resource JSON file.',
    },
    {
      name: 'patch-file',
      type: 'string',
      description: 'A file containing a patch to be applied to the resource.',
    },
    {
      name: 'type',
      type: 'string',
      default: 'strategic',
      description: 'The type of patch being provided; one of [json merge strategic]',
    },
    {
      name: 'local',
      type: 'bool',
      default: false,
      description: 'If true, patch will operate on the content of the file, not the server-side resource.',
    },
    FILENAME_FLAG,
    DRY_RUN_FLAG,
    OUTPUT_FLAG,
  ],
  run,
};
