// A small GraphQL-over-HTTP client for the end-to-end tests, and an operation builder for walking the schema.
import {
  type IntrospectionField,
  type IntrospectionInputTypeRef,
  type IntrospectionQuery,
  type IntrospectionType,
  type IntrospectionTypeRef,
  getIntrospectionQuery,
} from 'graphql';

export interface GraphqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  data: T | null | undefined;
  errors: GraphqlError[];
  text: string;
}

export async function graphql<T = Record<string, unknown>>(
  baseUrl: string,
  query: string | unknown,
  { token, variables }: { token?: string; variables?: Record<string, unknown> } = {},
): Promise<GraphqlResponse<T>> {
  const body = typeof query === 'string' ? JSON.stringify({ query, variables }) : JSON.stringify(query);
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body,
  });
  const text = await response.text();
  const parsed = JSON.parse(text) as { data?: T | null; errors?: GraphqlError[] };
  return { status: response.status, data: parsed.data, errors: parsed.errors ?? [], text };
}

export const codes = (response: GraphqlResponse<unknown>) => response.errors.map((e) => e.extensions?.code);

export async function introspect(baseUrl: string, token?: string): Promise<IntrospectionQuery> {
  const response = await graphql<IntrospectionQuery>(
    baseUrl,
    getIntrospectionQuery({ descriptions: true }),
    token === undefined ? {} : { token },
  );
  if (!response.data) throw new Error(`introspection failed: ${response.text}`);
  return response.data;
}

export interface RootField {
  operation: 'query' | 'mutation' | 'subscription';
  field: IntrospectionField;
  /** A syntactically and type-valid document calling the field with placeholder arguments. */
  document: string;
}

const PLACEHOLDER_SCALARS: Record<string, string> = {
  String: '"x"',
  ID: '"00000000-0000-4000-8000-000000000000"',
  Int: '1',
  Float: '1',
  Boolean: 'true',
  DateTime: '"2026-01-01T00:00:00Z"',
};

function named(types: Map<string, IntrospectionType>, ref: IntrospectionTypeRef): IntrospectionType {
  let current = ref;
  while (current.kind === 'NON_NULL' || current.kind === 'LIST') {
    current = (current as { ofType: IntrospectionTypeRef }).ofType;
  }
  const type = types.get((current as { name: string }).name);
  if (!type) throw new Error(`unknown type ${(current as { name: string }).name}`);
  return type;
}

function placeholder(
  types: Map<string, IntrospectionType>,
  ref: IntrospectionInputTypeRef,
  seen: Set<string>,
): string {
  if (ref.kind === 'NON_NULL') return placeholder(types, ref.ofType, seen);
  if (ref.kind === 'LIST') return `[${placeholder(types, ref.ofType, seen)}]`;
  const type = types.get(ref.name);
  if (!type) throw new Error(`unknown input type ${ref.name}`);
  switch (type.kind) {
    case 'SCALAR':
      return PLACEHOLDER_SCALARS[type.name] ?? '"x"';
    case 'ENUM':
      return type.enumValues[0]?.name ?? 'null';
    case 'INPUT_OBJECT': {
      if (seen.has(type.name)) return 'null';
      const inner = new Set(seen).add(type.name);
      const fields = type.inputFields
        .filter((field) => field.type.kind === 'NON_NULL' && field.defaultValue === null)
        .map((field) => `${field.name}: ${placeholder(types, field.type, inner)}`);
      return `{ ${fields.join(', ')} }`;
    }
    default:
      throw new Error(`${type.name} is not an input type`);
  }
}

/** Every root field of the schema, each with a document that calls it with placeholder arguments. */
export function rootFields(schema: IntrospectionQuery): RootField[] {
  const types = new Map(schema.__schema.types.map((type) => [type.name, type]));
  const roots = [
    ['query', schema.__schema.queryType?.name],
    ['mutation', schema.__schema.mutationType?.name],
    ['subscription', schema.__schema.subscriptionType?.name],
  ] as const;
  const found: RootField[] = [];
  for (const [operation, rootName] of roots) {
    const root = rootName ? types.get(rootName) : undefined;
    if (!root || root.kind !== 'OBJECT') continue;
    for (const field of root.fields) {
      const args = field.args
        .filter((arg) => arg.type.kind === 'NON_NULL' && arg.defaultValue === null)
        .map((arg) => `${arg.name}: ${placeholder(types, arg.type, new Set())}`);
      const result = named(types, field.type);
      const selection = ['OBJECT', 'INTERFACE', 'UNION'].includes(result.kind) ? ' { __typename }' : '';
      const call = `${field.name}${args.length > 0 ? `(${args.join(', ')})` : ''}${selection}`;
      found.push({ operation, field, document: `${operation} { ${call} }` });
    }
  }
  return found;
}
