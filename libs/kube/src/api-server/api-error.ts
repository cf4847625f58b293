// API errors as the API server returns them (metav1.Status); kubectl formats them (`Error from server (NotFound): …`,
// `The Deployment "web" is invalid: …`).
import { qualifiedResource, type Kind } from '../api/objects';

export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Invalid'
  | 'Conflict'
  | 'BadRequest'
  | 'Forbidden'
  | 'MethodNotAllowed'
  | 'InternalError';

export type CauseType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueForbidden'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueTooLong';

/** One validation failure: `field` is the API server's field path (`spec.template.metadata.labels`). */
export interface FieldCause {
  type: CauseType;
  field: string;
  /** The rendered error body after the field path: `Required value`, `Invalid value: 0: may not be 0 when …`. */
  message: string;
}

export interface ApiError {
  code: number;
  reason: StatusReason;
  message: string;
  details?: { kind?: string; name?: string; group?: string; causes?: FieldCause[] };
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: ApiError): Result<T> => ({ ok: false, error });

export function notFound(kind: Kind, name: string): ApiError {
  return {
    code: 404,
    reason: 'NotFound',
    message: `${qualifiedResource(kind)} "${name}" not found`,
    details: { kind, name },
  };
}

export function namespaceNotFound(namespace: string): ApiError {
  return {
    code: 404,
    reason: 'NotFound',
    message: `namespaces "${namespace}" not found`,
    details: { kind: 'namespaces', name: namespace },
  };
}

export function alreadyExists(kind: Kind, name: string): ApiError {
  return {
    code: 409,
    reason: 'AlreadyExists',
    message: `${qualifiedResource(kind)} "${name}" already exists`,
    details: { kind, name },
  };
}

export function conflict(kind: Kind, name: string): ApiError {
  return {
    code: 409,
    reason: 'Conflict',
    message: `Operation cannot be fulfilled on ${qualifiedResource(kind)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    details: { kind, name },
  };
}

/** 422 with the causes; the message is kubectl's one-line or multi-line form. */
export function invalid(kind: Kind, name: string, causes: FieldCause[]): ApiError {
  const head = `${kind} "${name}" is invalid`;
  const message =
    causes.length === 1
      ? `${head}: ${causes[0]!.field}: ${causes[0]!.message}`
      : `${head}: [${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}]`;
  return { code: 422, reason: 'Invalid', message, details: { kind, name, causes } };
}

export function badRequest(message: string): ApiError {
  return { code: 400, reason: 'BadRequest', message };
}

// Field error bodies, as apimachinery's field.Error renders them.
export const required = (field: string, detail?: string): FieldCause => ({
  type: 'FieldValueRequired',
  field,
  message: detail ? `Required value: ${detail}` : 'Required value',
});

export const invalidValue = (field: string, value: unknown, detail: string): FieldCause => ({
  type: 'FieldValueInvalid',
  field,
  message: `Invalid value: ${goValue(value)}: ${detail}`,
});

export const forbidden = (field: string, detail: string): FieldCause => ({
  type: 'FieldValueForbidden',
  field,
  message: `Forbidden: ${detail}`,
});

export const notSupported = (field: string, value: unknown, supported: string[]): FieldCause => ({
  type: 'FieldValueNotSupported',
  field,
  message: `Unsupported value: ${goValue(value)}: supported values: ${supported.map((s) => `"${s}"`).join(', ')}`,
});

/**
 * How field.Error prints a bad value: numbers and booleans plain, strings quoted, maps as Go's %#v
 * (`map[string]string{"app":"nginx"}`).
 */
export function goValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return 'null';
  if (
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  ) {
    const entries = Object.entries(value as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `map[string]string{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}
