const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i;
const MAX_TOKEN_LENGTH = 4096;

/** The token of an `Authorization: Bearer …` header (or connection_init payload value); undefined when absent. */
export function bearerToken(header: unknown): string | undefined | null {
  if (header === undefined || header === null || header === '') return undefined;
  if (typeof header !== 'string' || header.length > MAX_TOKEN_LENGTH) return null;
  return BEARER.exec(header.trim())?.[1] ?? null;
}
