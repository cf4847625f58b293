// The one GraphQL operation of this page; a unit test validates it against apps/api/schema.graphql.
export const HEALTH_QUERY = /* GraphQL */ `
  query Health {
    health {
      status
      checkedAt
      dependencies {
        name
        status
        responseTimeMs
        message
      }
    }
  }
`;

export type HealthStatus = 'OK' | 'DEGRADED' | 'ERROR' | 'SHUTTING_DOWN';
export type DependencyStatus = 'UP' | 'DEGRADED' | 'DOWN';

export interface DependencyHealth {
  name: string;
  status: DependencyStatus;
  responseTimeMs: number | null;
  message: string | null;
}

export interface Health {
  status: HealthStatus;
  checkedAt: string;
  dependencies: DependencyHealth[];
}

interface GraphQLResponse {
  data?: { health?: Health } | null;
  errors?: { message: string }[];
}

/** Asks the API (same origin: Vite proxies /graphql) for its health; rejects with a readable message. */
export async function fetchHealth(signal?: AbortSignal): Promise<Health> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: HEALTH_QUERY, operationName: 'Health' }),
      signal: signal ?? null,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new Error('The API cannot be reached.');
  }
  if (!response.ok) throw new Error(`The API answered HTTP ${response.status}.`);
  const body = (await response.json()) as GraphQLResponse;
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  if (!body.data?.health) throw new Error('The API answered without health data.');
  return body.data.health;
}
