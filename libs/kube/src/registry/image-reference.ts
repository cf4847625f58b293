// Image references normalized the way containerd and the docker CLI do it (distribution/reference
// ParseNormalizedNamed): `nginx` is `docker.io/library/nginx:latest`, `bitnami/redis` is on docker.io,
// a first component with a dot, a colon or `localhost` is a registry host.

export interface ImageReference {
  /** What the container spec says, e.g. `nginx:1.25`. */
  raw: string;
  /** Registry host, e.g. `docker.io`, `registry.k8s.io`. */
  domain: string;
  /** Repository path on that host, e.g. `library/nginx`. */
  path: string;
  /** `docker.io/library/nginx`. */
  repository: string;
  /** Tag; `latest` when neither a tag nor a digest was given. */
  tag?: string;
  digest?: string;
  /** `docker.io/library/nginx:1.25` (or `…@sha256:…`): what containerd prints in pull errors. */
  full: string;
}

export type ParsedReference = { ok: true; ref: ImageReference } | { ok: false; message: string };

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

export function parseImageReference(raw: string): ParsedReference {
  const invalid = (why = 'invalid reference format'): ParsedReference => ({ ok: false, message: why });
  if (!raw || raw !== raw.trim()) return invalid();
  let rest = raw;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return invalid();
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return invalid();
  }
  const parts = rest.split('/');
  let domain = 'docker.io';
  const first = parts[0] ?? '';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    domain = first;
    parts.shift();
  }
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && parts.length === 1) parts.unshift('library');
  if (parts.some((p) => p !== p.toLowerCase()))
    return invalid('invalid reference format: repository name must be lowercase');
  if (parts.length === 0 || parts.some((p) => !COMPONENT.test(p))) return invalid();
  const path = parts.join('/');
  const repository = `${domain}/${path}`;
  if (!tag && !digest) tag = 'latest';
  const full = digest ? `${repository}@${digest}` : `${repository}:${tag}`;
  return {
    ok: true,
    ref: { raw, domain, path, repository, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}), full },
  };
}

/** The repository part of a name as exercises and faults write it (`nginx`, `nginx:1.25`), normalized. */
export function normalizeRepository(name: string): string | undefined {
  const parsed = parseImageReference(name);
  return parsed.ok ? parsed.ref.repository : undefined;
}
