// Which GraphQL requests the sandbox query cache may answer: a query operation whose root fields are one
// `sandbox(id: …)` (aliased or not) and, optionally, `__typename`. Such an answer is a function of the document,
// the variables, the sandbox's record and its stream's head version (nothing else: no viewer-specific field, no
// clock), which is what lets an answer be kept per version. A document that fails validation (the schema and the
// depth, cost and alias limits) is not cacheable, so the cache reads nothing for a hostile document: Mercurius
// refuses it as before. An answer is only ever kept after Mercurius executed the very document and variables.
import { type DocumentNode, Kind, OperationTypeNode, getOperationAST, parse, type ValueNode } from 'graphql';

export interface CacheableQuery {
  /** The id of the sandbox the answer depends on, or undefined when the variables do not give one as a string. */
  sandboxId(variables: Readonly<Record<string, unknown>> | null | undefined): string | undefined;
}

/**
 * The cacheable shape of `source` (its `operationName` operation), or null when it is anything else: a mutation,
 * a subscription, another root field, a root directive, a fragment spread at the root, or not a document at all.
 */
export function cacheableQuery(
  source: string,
  operationName: string | null | undefined,
  maxTokens: number,
  isValid: (document: DocumentNode) => boolean = () => true,
): CacheableQuery | null {
  let document: DocumentNode;
  try {
    document = parse(source, { maxTokens, noLocation: true });
  } catch {
    return null;
  }
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation || operation.operation !== OperationTypeNode.QUERY || !isValid(document)) return null;
  let id: ValueNode | undefined;
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || (selection.directives?.length ?? 0) > 0) return null;
    if (selection.name.value === '__typename') continue;
    if (selection.name.value !== 'sandbox' || id) return null;
    id = selection.arguments?.find((argument) => argument.name.value === 'id')?.value;
    if (!id) return null;
  }
  if (id?.kind === Kind.STRING) {
    const literal = id.value;
    return { sandboxId: () => literal };
  }
  if (id?.kind === Kind.VARIABLE) {
    const name = id.name.value;
    return {
      sandboxId: (variables) => {
        const value = variables?.[name];
        return typeof value === 'string' ? value : undefined;
      },
    };
  }
  return null;
}
