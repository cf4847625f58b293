// The simulated registry: resolves what a container spec names to an image with behaviour, or to the error a
// container runtime (containerd 1.7) reports when pulling it. Used by the kubelet and by kubectl.
import { hash32 } from '../rng/rng';
import type { ClusterView } from '../state/cluster-state';
import type { ImageBehaviour, ImageSpec } from '../state/image';
import { IMAGE_CATALOG, catalogTags, type CatalogImage } from './image-catalog';
import { normalizeRepository, parseImageReference, type ImageReference } from './image-reference';

export interface ResolvedImage {
  ref: ImageReference;
  behaviour: ImageBehaviour;
  sizeBytes: number;
  /** `sha256:<64 hex>`, stable per repository and tag. */
  digest: string;
  /** What containerStatuses[].imageID shows: `docker.io/library/nginx@sha256:…`. */
  imageID: string;
  /** The release the tag stands for (`1.25.5` for `nginx:1.25`), `''` when unknown. */
  version: string;
  /** Start-up lines (placeholders unexpanded, see image-catalog.ts). */
  startupLogs: string[];
  /** Catalog facts the kubelet uses to interpret commands (absent for exercise images). */
  catalog?: CatalogImage;
}

export type ImageLookup =
  | { ok: true; image: ResolvedImage }
  /** `InvalidImageName`: the reference does not parse; `ErrImagePull`: the registry cannot serve it. */
  | { ok: false; reason: 'InvalidImageName' | 'ErrImagePull'; message: string; ref?: ImageReference };

interface CatalogEntry {
  image: CatalogImage;
  tags: Map<string, string>;
}

// Built once: the catalog is constant data.
const CATALOG = new Map<string, CatalogEntry>(
  IMAGE_CATALOG.map((image) => [image.repository, { image, tags: catalogTags(image) }]),
);

/** Registries the simulated network can reach; any other host fails DNS, as on an offline cluster. */
const KNOWN_REGISTRIES = new Set([
  'docker.io',
  'registry.k8s.io',
  'k8s.gcr.io',
  'gcr.io',
  'quay.io',
  'ghcr.io',
  'mcr.microsoft.com',
  'public.ecr.aws',
]);

function hex64(...parts: string[]): string {
  let out = '';
  for (let i = 0; i < 8; i++)
    out += hash32(0x5eed, ...parts, i)
      .toString(16)
      .padStart(8, '0');
  return out;
}

export function imageDigest(repository: string, tag: string): string {
  return `sha256:${hex64(repository, tag)}`;
}

/** Every repository of the built-in catalog, normalized (for kubectl completions and docs). */
export function catalogRepositories(): string[] {
  return [...CATALOG.keys()].sort();
}

/** Resolves an image reference against exercise images, faults and the catalog. */
export function lookupImage(
  view: Pick<ClusterView, 'customImages' | 'brokenImages'>,
  image: string,
  options: { ignoreBroken?: boolean } = {},
): ImageLookup {
  // The common case (no exercise images, no faults) answers from a cache keyed by what the spec says.
  const plain = view.customImages.size === 0 && (options.ignoreBroken || view.brokenImages.size === 0);
  if (plain) {
    const hit = BY_NAME.get(image);
    if (hit) return hit;
  }
  const result = resolve(view, image, options);
  if (plain) {
    if (BY_NAME.size > 10_000) BY_NAME.clear();
    BY_NAME.set(image, result);
  }
  return result;
}

const BY_NAME = new Map<string, ImageLookup>();

function resolve(
  view: Pick<ClusterView, 'customImages' | 'brokenImages'>,
  image: string,
  options: { ignoreBroken?: boolean },
): ImageLookup {
  const parsed = parseImageReference(image);
  if (!parsed.ok) {
    return {
      ok: false,
      reason: 'InvalidImageName',
      message: `Failed to apply default image tag "${image}": couldn't parse image reference "${image}": ${parsed.message}`,
    };
  }
  const ref = parsed.ref;
  if (!options.ignoreBroken && isBroken(view, ref)) return pullError(ref, brokenMessage(ref));
  const custom = findCustom(view, ref);
  if (custom) {
    if (custom.tags.length && ref.tag && !custom.tags.includes(ref.tag)) return pullError(ref, notFound(ref));
    return { ok: true, image: resolved(ref, custom.behaviour, custom.sizeBytes ?? 25_000_000, '') };
  }
  const cached = RESOLVED.get(ref.full);
  if (cached) return cached;
  const result = lookupCatalog(ref);
  // Catalog answers never change: keep them (bounded, a learner's typos must not grow it without end).
  if (RESOLVED.size > 10_000) RESOLVED.clear();
  RESOLVED.set(ref.full, result);
  return result;
}

const RESOLVED = new Map<string, ImageLookup>();

function lookupCatalog(ref: ImageReference): ImageLookup {
  const entry = CATALOG.get(ref.repository) ?? CATALOG.get(alias(ref.repository));
  if (!entry) return pullError(ref, unknownRepository(ref));
  let version: string | undefined;
  if (ref.digest) {
    for (const [tag, v] of entry.tags)
      if (imageDigest(entry.image.repository, tag) === ref.digest) version = v;
  } else if (ref.tag) version = entry.tags.get(ref.tag);
  if (version === undefined) return pullError(ref, notFound(ref));
  const tag = ref.tag ?? 'latest';
  const variant = tag.includes('alpine') || tag.includes('slim') ? 0.35 : 1;
  const jitter = 0.9 + (hash32(7, ref.repository, tag) % 2000) / 10000;
  const size = Math.round(entry.image.sizeBytes * variant * jitter);
  const logs = entry.image.logsFor ? entry.image.logsFor(version) : (entry.image.behaviour.startupLogs ?? []);
  return {
    ok: true,
    image: {
      ...resolved(ref, entry.image.behaviour, size, version),
      startupLogs: logs.map((line) => line.split('{version}').join(version)),
      catalog: entry.image,
    },
  };
}

function resolved(
  ref: ImageReference,
  behaviour: ImageBehaviour,
  sizeBytes: number,
  version: string,
): ResolvedImage {
  const digest = ref.digest ?? imageDigest(ref.repository, ref.tag ?? 'latest');
  return {
    ref,
    behaviour,
    sizeBytes,
    digest,
    imageID: `${ref.repository}@${digest}`,
    version,
    startupLogs: (behaviour.startupLogs ?? []).map((line) => line.split('{version}').join(version)),
  };
}

/** k8s.gcr.io was frozen and redirected to registry.k8s.io: the same images answer under both names. */
function alias(repository: string): string {
  return repository.startsWith('k8s.gcr.io/')
    ? `registry.k8s.io/${repository.slice('k8s.gcr.io/'.length)}`
    : repository;
}

function findCustom(view: Pick<ClusterView, 'customImages'>, ref: ImageReference): ImageSpec | undefined {
  const direct = view.customImages.get(ref.raw.split(/[:@]/)[0] ?? '');
  if (direct && normalizeRepository(direct.name) === ref.repository) return direct;
  // Registered names may be written in any normal form (`nginx`, `docker.io/library/nginx`).
  const names = [...view.customImages.keys()].sort();
  for (const name of names) {
    if (normalizeRepository(name) === ref.repository) return view.customImages.get(name);
  }
  return undefined;
}

function isBroken(view: Pick<ClusterView, 'brokenImages'>, ref: ImageReference): boolean {
  for (const broken of view.brokenImages) {
    const parsed = parseImageReference(broken);
    if (!parsed.ok) continue;
    const hasTag = /:[^/]+$/.test(broken) || broken.includes('@');
    if (hasTag ? parsed.ref.full === ref.full : parsed.ref.repository === ref.repository) return true;
  }
  return false;
}

function pullError(ref: ImageReference, message: string): ImageLookup {
  return { ok: false, reason: 'ErrImagePull', message, ref };
}

function prefix(ref: ImageReference): string {
  return `failed to pull and unpack image "${ref.full}": failed to resolve reference "${ref.full}"`;
}

function registryHost(ref: ImageReference): string {
  return ref.domain === 'docker.io' ? 'registry-1.docker.io' : ref.domain;
}

function manifestUrl(ref: ImageReference): string {
  return `https://${registryHost(ref)}/v2/${ref.path}/manifests/${ref.digest ?? ref.tag}`;
}

function notFound(ref: ImageReference): string {
  return `rpc error: code = NotFound desc = ${prefix(ref)}: ${ref.full}: not found`;
}

function unknownRepository(ref: ImageReference): string {
  if (!KNOWN_REGISTRIES.has(ref.domain)) {
    const host = ref.domain.split(':')[0] ?? ref.domain;
    return `rpc error: code = Unknown desc = ${prefix(ref)}: failed to do request: Head "${manifestUrl(ref)}": dial tcp: lookup ${host} on 172.18.0.1:53: no such host`;
  }
  if (ref.domain === 'docker.io') {
    return `rpc error: code = Unknown desc = ${prefix(ref)}: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
  }
  if (ref.domain === 'quay.io') {
    return `rpc error: code = Unknown desc = ${prefix(ref)}: unexpected status from HEAD request to ${manifestUrl(ref)}: 401 UNAUTHORIZED`;
  }
  return notFound(ref);
}

function brokenMessage(ref: ImageReference): string {
  return `rpc error: code = Unknown desc = ${prefix(ref)}: unexpected status from HEAD request to ${manifestUrl(ref)}: 503 Service Unavailable`;
}
