// A small path syntax for checks: `spec.replicas`, `spec.template.spec.containers[0].image`,
// `status.conditions[type=Available].status`, `metadata.labels[app.kubernetes.io/name]` (a key with dots).

export type PathResult = { ok: true; found: boolean; value: unknown } | { ok: false; error: string };

type Segment = { key: string } | { index: number } | { where: [string, string] };

export function parsePath(path: string): Segment[] | string {
  const segments: Segment[] = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]|(\.)/g;
  let match: RegExpExecArray | null;
  let last = 0;
  while ((match = re.exec(path))) {
    if (match.index !== last) return `unexpected "${path.slice(last, match.index)}" in path "${path}"`;
    last = re.lastIndex;
    if (match[1] !== undefined) segments.push({ key: match[1] });
    else if (match[2] !== undefined) {
      const inner = match[2];
      const eq = inner.indexOf('=');
      if (/^\d+$/.test(inner)) segments.push({ index: Number(inner) });
      else if (eq > 0) segments.push({ where: [inner.slice(0, eq), inner.slice(eq + 1)] });
      else if (inner) segments.push({ key: inner });
      else return `empty [] in path "${path}"`;
    }
  }
  if (last !== path.length || !segments.length) return `invalid path "${path}"`;
  return segments;
}

export function getPath(object: unknown, path: string): PathResult {
  const segments = parsePath(path);
  if (typeof segments === 'string') return { ok: false, error: segments };
  let current: unknown = object;
  for (const segment of segments) {
    if (current === null || current === undefined) return { ok: true, found: false, value: undefined };
    if ('key' in segment) {
      if (typeof current !== 'object' || Array.isArray(current))
        return { ok: true, found: false, value: undefined };
      current = (current as Record<string, unknown>)[segment.key];
    } else if ('index' in segment) {
      if (!Array.isArray(current)) return { ok: true, found: false, value: undefined };
      current = current[segment.index];
    } else {
      if (!Array.isArray(current)) return { ok: true, found: false, value: undefined };
      const [key, value] = segment.where;
      current = current.find(
        (item) =>
          item && typeof item === 'object' && String((item as Record<string, unknown>)[key]) === value,
      );
    }
  }
  return { ok: true, found: current !== undefined, value: current };
}

/**
 * Partial match: every field of `expected` matches `actual`; an expected array matches when each of its
 * elements matches some element of the actual array (order-free, so `containers: [{name: web}]` works).
 * Returns the path of the first mismatch, or undefined.
 */
export function partialMismatch(actual: unknown, expected: unknown, at = ''): string | undefined {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return at || '(root)';
    for (let i = 0; i < expected.length; i++)
      if (!actual.some((item) => partialMismatch(item, expected[i]) === undefined)) return `${at}[${i}]`;
    return undefined;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return at || '(root)';
    for (const key of Object.keys(expected).sort()) {
      const mismatch = partialMismatch(
        (actual as Record<string, unknown>)[key],
        (expected as Record<string, unknown>)[key],
        at ? `${at}.${key}` : key,
      );
      if (mismatch !== undefined) return mismatch;
    }
    return undefined;
  }
  // Scalars compare loosely across string/number so `replicas: "3"` and 3 agree, as YAML authors expect.
  return actual === expected ||
    (actual !== undefined && actual !== null && String(actual) === String(expected))
    ? undefined
    : at || '(root)';
}
