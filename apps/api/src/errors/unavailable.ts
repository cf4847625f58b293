// Tells an outage of a backing service (Postgres unreachable, restarting, or a connection cut mid-query) from a bug,
// so clients get SERVICE_UNAVAILABLE ("try again shortly") instead of INTERNAL. Framework-free: the shapes are the
// `pg` driver's, Node's socket errors, and Prisma's (client codes and driver-adapter error kinds).

/** Node socket errors that mean "the server is not there (now)". */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
/** Prisma client codes: unreachable, timed out, connection closed, pool timeout, too many connections. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2037']);
/** @prisma/driver-adapter-utils error kinds with the same meaning. */
const ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
/** Messages of the pg driver when a connection dies or cannot be made. */
const MESSAGES =
  /^(Connection terminated( unexpectedly| due to connection timeout)?|Client has encountered a connection error and is not queryable|timeout exceeded when trying to connect|Can't reach database server)/;

/** Postgres SQLSTATEs: class 08 (connection exception), 57P01-57P03 (shutdown, crash, cannot connect now). */
function unavailableSqlState(code: string): boolean {
  return /^08[0-9A-Z]{3}$/.test(code) || code === '57P01' || code === '57P02' || code === '57P03';
}

export function isServiceUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 6 || typeof error !== 'object' || error === null) return false;
  const candidate = error as {
    code?: unknown;
    kind?: unknown;
    message?: unknown;
    cause?: unknown;
    originalError?: unknown;
    errors?: unknown;
    meta?: { driverAdapterError?: unknown };
  };
  const code = typeof candidate.code === 'string' ? candidate.code : undefined;
  if (code && (SOCKET_CODES.has(code) || PRISMA_CODES.has(code) || unavailableSqlState(code))) return true;
  if (typeof candidate.kind === 'string' && ADAPTER_KINDS.has(candidate.kind)) return true;
  if (candidate.kind === 'postgres' && typeof code === 'string' && unavailableSqlState(code)) return true;
  if (typeof candidate.message === 'string' && MESSAGES.test(candidate.message)) return true;
  const nested = [
    candidate.cause,
    candidate.originalError,
    candidate.meta?.driverAdapterError,
    ...(Array.isArray(candidate.errors) ? (candidate.errors as unknown[]) : []),
  ];
  return nested.some((inner) => inner !== error && isServiceUnavailable(inner, depth + 1));
}
