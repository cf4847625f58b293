/**
 * JSON with object keys sorted (UTF-16 order, as RFC 8785) and no whitespace, after JSON's own normalisation
 * (undefined dropped, Dates as strings): the same value always gives the same text, whichever order its keys
 * were built in or however Postgres' jsonb reordered them.
 */
export function canonicalJson(value: unknown): string {
  const text = JSON.stringify(value);
  return serialize(text === undefined ? null : (JSON.parse(text) as unknown));
}

function serialize(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(serialize).join(',')}]`;
  const record = value as Record<string, unknown>;
  const fields = Object.keys(record)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${serialize(record[key])}`);
  return `{${fields.join(',')}}`;
}
