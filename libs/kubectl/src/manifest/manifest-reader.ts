// Reading `-f` arguments the way kubectl's resource builder does: files from the sandbox (or stdin for `-`),
// directories by their .yaml/.yml/.json files, multi-document YAML, JSON, and `List` kinds flattened. Each
// document becomes either an object ready for the API or an error with kubectl's text. Decoding stops at a
// YAML syntax error in a stream (earlier documents stay usable), as kubectl's YAML decoder does.
import { parseAllDocuments } from 'yaml';
import { RESOURCES, type ApiError, type ResourceInfo } from '@podlab/kube';
import type { KubectlContext } from '../command/command';
import { checkFields, isObject, KNOWN_FIELDS, pruneUnknown, type FieldProblem } from './known-fields';

/** A failure as kubectl reports it: a client-side message, or an API status error. */
export type KubectlError =
  | { type: 'client'; message: string }
  | { type: 'api'; error: ApiError }
  /** Printed as it is (texts kubectl prints without the `error: ` prefix). */
  | { type: 'raw'; message: string };

export interface ManifestObject {
  /** The decoded document, namespace filled in for namespaced kinds. */
  object: Record<string, unknown> & { kind: string; apiVersion: string; metadata: Record<string, unknown> };
  info: ResourceInfo;
  name: string;
  namespace: string | undefined;
  /** The file name as typed (`web.yaml`) or `STDIN`. */
  source: string;
  /** Strict-decoding problems: the API server rejects the object with these when it is sent. */
  problems: FieldProblem[];
}

export type ManifestItem = { ok: true; value: ManifestObject } | { ok: false; error: KubectlError };

export interface ReadOptions {
  /** From `-n` when the user typed it: a manifest naming another namespace is an error. */
  explicitNamespace?: string;
  defaultNamespace: string;
  recursive?: boolean;
}

/** Reads every `-f` argument in order. An empty list of items with no error means "no objects passed". */
export function readManifests(
  ctx: Pick<KubectlContext, 'files' | 'stdin'>,
  filenames: readonly string[],
  options: ReadOptions,
): ManifestItem[] {
  const items: ManifestItem[] = [];
  for (const filename of filenames) {
    if (filename === '-') {
      items.push(...decodeStream(ctx.stdin ?? '', 'STDIN', options));
      continue;
    }
    if (/^https?:\/\//.test(filename)) {
      items.push(clientItem(`unable to read URL "${filename}": the sandbox has no network access`));
      continue;
    }
    const content = ctx.files.read(filename);
    if (content !== undefined) {
      items.push(...decodeStream(content, filename, options));
      continue;
    }
    const prefix = filename.endsWith('/') ? filename : `${filename}/`;
    const inDir = ctx.files
      .list()
      .filter((p) => p.startsWith(prefix))
      .filter((p) => options.recursive || !p.slice(prefix.length).includes('/'))
      .filter((p) => /\.(ya?ml|json)$/.test(p))
      .sort();
    if (!inDir.length && !ctx.files.list().some((p) => p.startsWith(prefix))) {
      items.push(clientItem(`the path "${filename}" does not exist`));
      continue;
    }
    for (const path of inDir) items.push(...decodeStream(ctx.files.read(path) ?? '', path, options));
  }
  return items;
}

export function decodeStream(text: string, source: string, options: ReadOptions): ManifestItem[] {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return decodeDocument(JSON.parse(text), source, options);
    } catch (e) {
      return [clientItem(`error parsing ${source}: ${(e as Error).message}`)];
    }
  }
  const items: ManifestItem[] = [];
  const documents = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false });
  // go-yaml counts lines from the start of each document (kubectl splits the stream at `---` first).
  const list = Array.isArray(documents) ? documents : [documents];
  for (const document of list) {
    const error = document.errors[0];
    if (error) {
      const line = lineOffset(text, error.pos[0]) + 1 - lineOffset(text, document.range[0]);
      if (error.code === 'DUPLICATE_KEY') {
        // go-yaml reports a repeated key while unmarshalling, with the key's name.
        const key =
          text
            .slice(error.pos[0])
            .match(/^[^:\n]+/)?.[0]
            ?.trim() ?? '';
        items.push(
          clientItem(
            `error parsing ${source}: error converting YAML to JSON: yaml: unmarshal errors:\n  line ${line}: key ${JSON.stringify(key)} already set in map`,
          ),
        );
        break;
      }
      items.push(
        clientItem(
          `error parsing ${source}: error converting YAML to JSON: yaml: line ${line}: ${goYamlMessage(error.code, error.message)}`,
        ),
      );
      break;
    }
    const value = document.toJS({ maxAliasCount: 100 }) as unknown;
    if (value === null || value === undefined) continue;
    items.push(...decodeDocument(value, source, options));
  }
  return items;
}

function lineOffset(text: string, start: number): number {
  let lines = 0;
  for (let i = 0; i < start && i < text.length; i++) if (text[i] === '\n') lines++;
  return lines;
}

/** go-yaml's wording for the syntax errors learners make (the `yaml` package words them differently). */
function goYamlMessage(code: string, message: string): string {
  switch (code) {
    case 'BAD_INDENT':
    case 'MULTILINE_IMPLICIT_KEY':
      return 'did not find expected key';
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'UNEXPECTED_TOKEN':
      return 'mapping values are not allowed in this context';
    case 'TAB_AS_INDENT':
      return 'found character that cannot start any token';
    case 'MISSING_CHAR':
      return "did not find expected ',' or ']'";
    case 'BAD_SCALAR_START':
      return 'found character that cannot start any token';
    default:
      return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  }
}

function decodeDocument(value: unknown, source: string, options: ReadOptions): ManifestItem[] {
  if (!isObject(value))
    return [
      clientItem(
        `unable to decode "${source}": json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type map[string]interface {}`,
      ),
    ];
  const kind = value['kind'];
  const apiVersion = value['apiVersion'];
  const missing = [
    ...(typeof apiVersion !== 'string' || !apiVersion ? ['apiVersion not set'] : []),
    ...(typeof kind !== 'string' || !kind ? ['kind not set'] : []),
  ];
  if (missing.length)
    return [
      clientItem(
        `error validating "${source}": error validating data: ${missing.length > 1 ? `[${missing.join(', ')}]` : missing[0]}; if you choose to ignore these errors, turn validation off with --validate=false`,
      ),
    ];
  if (typeof kind === 'string' && kind.endsWith('List') && Array.isArray(value['items'])) {
    return (value['items'] as unknown[]).flatMap((item) => decodeDocument(item, source, options));
  }
  const metadata = isObject(value['metadata']) ? value['metadata'] : {};
  const name = typeof metadata['name'] === 'string' ? metadata['name'] : '';
  const info = RESOURCES.find((r) => r.kind === kind && r.apiVersion === apiVersion);
  if (!info) {
    const ns = typeof metadata['namespace'] === 'string' ? metadata['namespace'] : '';
    return [
      clientItem(
        `resource mapping not found for name: "${name}" namespace: "${ns}" from "${source}": no matches for kind "${String(kind)}" in version "${String(apiVersion)}"\nensure CRDs are installed first`,
      ),
    ];
  }
  let namespace: string | undefined;
  if (info.namespaced) {
    const own =
      typeof metadata['namespace'] === 'string' && metadata['namespace'] ? metadata['namespace'] : undefined;
    if (own && options.explicitNamespace && own !== options.explicitNamespace)
      return [
        clientItem(
          `the namespace from the provided object "${own}" does not match the namespace "${options.explicitNamespace}". You must pass '--namespace=${own}' to perform this operation.`,
        ),
      ];
    namespace = own ?? options.defaultNamespace;
  }
  const object = {
    ...value,
    metadata: { ...metadata, ...(namespace ? { namespace } : {}) },
  } as ManifestObject['object'];
  if (!info.namespaced) delete object.metadata['namespace'];
  const problems = checkFields(value, KNOWN_FIELDS[info.kind] ?? {});
  return [{ ok: true, value: { object, info, name, namespace, source, problems } }];
}

function clientItem(message: string): ManifestItem {
  return { ok: false, error: { type: 'client', message } };
}

/**
 * The API server's answer to a manifest with unknown fields or wrong types (strict field validation):
 * `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"`.
 */
export function strictDecodingError(item: ManifestObject): ApiError | undefined {
  const { problems, info } = item;
  if (!problems.length) return undefined;
  const head = `${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}`;
  const typeProblem = problems.find((p) => p.kind === 'type');
  if (typeProblem) {
    const goPath = typeProblem.path.replace(/\[\d+\]/g, '');
    const found = typeProblem.found === 'bool' ? 'bool' : typeProblem.found;
    return {
      code: 400,
      reason: 'BadRequest',
      message: `${head}: json: cannot unmarshal ${found} into Go struct field ${structName(info.kind, goPath)}.${goPath} of type ${typeProblem.expected}`,
    };
  }
  return {
    code: 400,
    reason: 'BadRequest',
    message: `${head}: strict decoding error: ${problems.map((p) => `unknown field "${p.path}"`).join(', ')}`,
  };
}

// Go names the struct that holds the field: DeploymentSpec for spec.replicas, Container for containers' fields.
function structName(kind: string, goPath: string): string {
  const parts = goPath.split('.');
  const parent = parts[parts.length - 2];
  switch (parent) {
    case undefined:
      return kind;
    case 'metadata':
      return 'ObjectMeta';
    case 'containers':
    case 'initContainers':
      return 'Container';
    case 'env':
      return 'EnvVar';
    case 'ports':
      return kind === 'Service' && parts.length === 3 ? 'ServicePort' : 'ContainerPort';
    case 'resources':
      return 'ResourceRequirements';
    case 'rollingUpdate':
      return 'RollingUpdateDeployment';
    case 'strategy':
      return 'DeploymentStrategy';
    case 'spec':
      return parts.length === 2 ? `${kind}Spec` : 'PodSpec';
    default:
      return parent.charAt(0).toUpperCase() + parent.slice(1);
  }
}

export function formatKubectlError(error: KubectlError): string {
  return error.type === 'api' ? error.error.message : error.message;
}

/** `--validate`: strict (or true) rejects unknown fields, warn drops them with a warning, ignore (or false) drops them. */
export type Validation = 'strict' | 'warn' | 'ignore';

export function validationOf(raw: unknown): { ok: true; value: Validation } | { ok: false; error: string } {
  switch (raw) {
    case undefined:
    case 'strict':
    case 'true':
      return { ok: true, value: 'strict' };
    case 'warn':
      return { ok: true, value: 'warn' };
    case 'ignore':
    case 'false':
      return { ok: true, value: 'ignore' };
    default:
      return {
        ok: false,
        error: `invalid - validate option ${JSON.stringify(String(raw))}; must be one of: strict (or true), warn, ignore (or false)`,
      };
  }
}

/**
 * What the API server does with a manifest's unknown fields under the field-validation mode: the error
 * (strict, or a wrong type in any mode), or the object without them plus the warnings to print (warn).
 */
export function validateFields(
  item: ManifestObject,
  mode: Validation,
): { ok: true; object: ManifestObject['object']; warnings: string } | { ok: false; error: ApiError } {
  const typeProblems = item.problems.filter((p) => p.kind === 'type');
  if (mode === 'strict' || typeProblems.length) {
    const error = strictDecodingError(mode === 'strict' ? item : { ...item, problems: typeProblems });
    if (error) return { ok: false, error };
    return { ok: true, object: item.object, warnings: '' };
  }
  const unknown = item.problems.filter((p) => p.kind === 'unknown');
  if (!unknown.length) return { ok: true, object: item.object, warnings: '' };
  const object = pruneUnknown(item.object, KNOWN_FIELDS[item.info.kind] ?? {}) as ManifestObject['object'];
  const warnings =
    mode === 'warn' ? unknown.map((p) => `Warning: unknown field ${JSON.stringify(p.path)}\n`).join('') : '';
  return { ok: true, object, warnings };
}
