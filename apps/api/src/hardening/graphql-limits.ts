// Validation rules that refuse expensive documents before any resolver runs (R10): depth, cost, aliases, and
// introspection in production. They run in graphql's validation pass, whose result Mercurius caches per query.
import {
  GraphQLError,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  Kind,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
} from 'graphql';

export const MAX_QUERY_DEPTH = 6;
export const MAX_QUERY_COST = 10_000;
export const MAX_ALIASES = 30;
/** Assumed length of a list field without a literal `first`/`last`. */
export const DEFAULT_LIST_SIZE = 10;
/** Assumed length of a list field whose `first`/`last` is a variable (the API caps page sizes at 100). */
export const VARIABLE_LIST_SIZE = 100;

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

interface Measure {
  depth: number;
  cost: number;
}

function pageSize(field: FieldNode): number {
  for (const argument of field.arguments ?? []) {
    if (!['first', 'last', 'limit'].includes(argument.name.value)) continue;
    if (argument.value.kind === Kind.INT) return Math.max(1, Number(argument.value.value));
    if (argument.value.kind === Kind.VARIABLE) return VARIABLE_LIST_SIZE;
  }
  return DEFAULT_LIST_SIZE;
}

function fieldOf(
  type: GraphQLCompositeType | undefined,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (type && (isObjectType(type) || isInterfaceType(type))) return type.getFields()[name];
  return undefined;
}

/** Depth (fields nested, introspection subtrees ignored) and cost (each field 1, list fields multiply below). */
function measure(
  schema: GraphQLSchema,
  fragments: (name: string) => FragmentDefinitionNode | undefined | null,
  selectionSet: SelectionSetNode,
  parent: GraphQLCompositeType | undefined,
  visiting: Set<string>,
): Measure {
  let depth = 0;
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (INTROSPECTION_ROOTS.has(selection.name.value)) continue;
      const definition = fieldOf(parent, selection.name.value);
      let below: Measure = { depth: 0, cost: 0 };
      if (selection.selectionSet) {
        const named = definition ? getNamedType(definition.type) : undefined;
        below = measure(
          schema,
          fragments,
          selection.selectionSet,
          isCompositeType(named) ? named : undefined,
          visiting,
        );
      }
      const isList = definition !== undefined && isListType(getNullableType(definition.type));
      depth = Math.max(depth, 1 + below.depth);
      cost += 1 + (isList ? pageSize(selection) : 1) * below.cost;
    } else {
      let inner: SelectionSetNode | undefined;
      let typeName: string | undefined;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = selection.selectionSet;
        typeName = selection.typeCondition?.name.value;
      } else {
        const name = selection.name.value;
        const fragment = fragments(name);
        if (!fragment || visiting.has(name)) continue; // unknown or cyclic: the spec's own rules report it
        visiting.add(name);
        inner = fragment.selectionSet;
        typeName = fragment.typeCondition.name.value;
      }
      const conditionType = typeName ? schema.getType(typeName) : parent;
      const below = measure(
        schema,
        fragments,
        inner,
        isCompositeType(conditionType) ? conditionType : parent,
        visiting,
      );
      if (selection.kind === Kind.FRAGMENT_SPREAD) visiting.delete(selection.name.value);
      depth = Math.max(depth, below.depth);
      cost += below.cost;
    }
  }
  return { depth, cost };
}

function tooComplex(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX' } });
}

/** Refuses operations nested deeper than `maxDepth` fields, or costing more than `maxCost`. */
export function depthAndCostLimitRule(maxDepth = MAX_QUERY_DEPTH, maxCost = MAX_QUERY_COST): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const schema = context.getSchema();
      const root =
        operation.operation === 'query'
          ? schema.getQueryType()
          : operation.operation === 'mutation'
            ? schema.getMutationType()
            : schema.getSubscriptionType();
      const { depth, cost } = measure(
        schema,
        (name) => context.getFragment(name),
        operation.selectionSet,
        root ?? undefined,
        new Set(),
      );
      const name = operation.name ? `'${operation.name.value}'` : 'The operation';
      if (depth > maxDepth) {
        context.reportError(tooComplex(`${name} is nested ${depth} fields deep; the limit is ${maxDepth}.`));
      } else if (cost > maxCost) {
        context.reportError(tooComplex(`${name} costs ${cost}; the limit is ${maxCost}.`));
      }
      return false;
    },
  });
}

/** Refuses documents with more than `max` aliased fields (alias amplification: one request, many executions). */
export function aliasLimitRule(max = MAX_ALIASES): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    return {
      Field(field) {
        if (field.alias) aliases += 1;
      },
      Document: {
        leave() {
          if (aliases > max) {
            context.reportError(tooComplex(`The document uses ${aliases} aliases; the limit is ${max}.`));
          }
        },
      },
    };
  };
}

/** In production the schema is not for browsing: `__schema` and `__type` are refused (`__typename` stays). */
export const noIntrospectionRule: ValidationRule = (context) => ({
  Field(field) {
    if (INTROSPECTION_ROOTS.has(field.name.value)) {
      context.reportError(
        new GraphQLError('Introspection is disabled on this server.', {
          nodes: field,
          extensions: { code: 'INTROSPECTION_DISABLED' },
        }),
      );
    }
  },
});

export function graphqlValidationRules(production: boolean): ValidationRule[] {
  const rules = [depthAndCostLimitRule(), aliasLimitRule()];
  return production ? [...rules, noIntrospectionRule] : rules;
}
