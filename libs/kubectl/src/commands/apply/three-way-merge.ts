// kubectl's client-side apply merge (strategic three-way merge) for the fields learners set: fields in the new
// manifest replace the live values; fields that were in the last applied manifest and are gone now are removed;
// fields nobody applied (defaults, controller-set values, status) stay. Lists with a merge key (containers by
// name, ports by containerPort, env by name …) merge item by item; other lists are replaced whole.

type Json = unknown;
type JsonObject = Record<string, unknown>;

/** Strategic-merge keys of the list fields the simulator serves (k8s.io/api `patchMergeKey` tags). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  ownerReferences: 'uid',
  conditions: 'type',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
  readinessGates: 'conditionType',
};

/** Ports merge by containerPort in containers and by port in Services. */
function mergeKeyFor(field: string, parentPath: string): string | undefined {
  if (field === 'ports')
    return parentPath.endsWith('spec') && !parentPath.includes('containers') ? 'port' : 'containerPort';
  return MERGE_KEYS[field];
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Merges `modified` (the new manifest) into `current` (the live object), knowing `original` (last applied). */
export function threeWayMerge(original: Json, modified: Json, current: Json, path = ''): Json {
  if (!isObject(modified) || !isObject(current)) return modified;
  const result: JsonObject = { ...current };
  const orig = isObject(original) ? original : {};
  for (const [key, value] of Object.entries(modified)) {
    const childPath = path ? `${path}.${key}` : key;
    if (value === null) {
      delete result[key];
      continue;
    }
    const live = current[key];
    if (isObject(value) && isObject(live)) {
      result[key] = threeWayMerge(orig[key], value, live, childPath);
    } else if (Array.isArray(value) && Array.isArray(live)) {
      const mergeKey = mergeKeyFor(key, path);
      result[key] = mergeKey ? mergeList(orig[key], value, live, mergeKey, childPath) : value;
    } else {
      result[key] = value;
    }
  }
  for (const key of Object.keys(orig)) {
    if (!(key in modified)) delete result[key];
  }
  return result;
}

function mergeList(
  original: Json,
  modified: Json[],
  current: Json[],
  mergeKey: string,
  path: string,
): Json[] {
  const keyOf = (item: Json) => (isObject(item) ? item[mergeKey] : undefined);
  const origItems = Array.isArray(original) ? original : [];
  const out: Json[] = [];
  const used = new Set<unknown>();
  for (const item of modified) {
    const key = keyOf(item);
    const live = current.find((c) => keyOf(c) === key);
    const orig = origItems.find((o) => keyOf(o) === key);
    out.push(key !== undefined && live !== undefined ? threeWayMerge(orig, item, live, path) : item);
    used.add(key);
  }
  // Items the server (or another client) added and that were never applied stay, after the applied ones.
  for (const item of current) {
    const key = keyOf(item);
    if (used.has(key)) continue;
    if (origItems.some((o) => keyOf(o) === key)) continue;
    out.push(item);
  }
  return out;
}
