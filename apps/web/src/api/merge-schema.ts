// Used by apps/web/codegen.ts (build time only): the real API schema plus what it still lacks of a pending contract.
import { type DefinitionNode, type DocumentNode, Kind, concatAST } from 'graphql';

type Named = DefinitionNode & { name: { value: string } };
const isNamed = (d: DefinitionNode): d is Named => 'name' in d && d.name !== undefined;

/**
 * The real schema, plus whatever of the pending contract it does not define yet: pending types whose name the
 * real schema lacks, and the fields of pending `extend type` blocks that the real type (definition or extensions)
 * lacks. Real definitions always win. An extension of a type the real schema lacks becomes its definition.
 */
export function mergeSchema(
  real: DocumentNode,
  pending: DocumentNode | undefined,
): { schema: DocumentNode; pendingNames: string[] } {
  if (!pending) return { schema: real, pendingNames: [] };
  const fieldsOf = new Map<string, Set<string>>();
  for (const d of real.definitions) {
    if (!isNamed(d)) continue;
    const fields = fieldsOf.get(d.name.value) ?? new Set<string>();
    if ('fields' in d) for (const f of d.fields ?? []) fields.add(f.name.value);
    fieldsOf.set(d.name.value, fields);
  }
  const added: DefinitionNode[] = [];
  const pendingNames: string[] = [];
  for (const d of pending.definitions) {
    if (!isNamed(d)) continue;
    const have = fieldsOf.get(d.name.value);
    if (d.kind === Kind.OBJECT_TYPE_EXTENSION) {
      const fields = (d.fields ?? []).filter((f) => !have?.has(f.name.value));
      if (fields.length === 0) continue;
      added.push(
        have ? { ...d, fields } : { ...d, kind: Kind.OBJECT_TYPE_DEFINITION, fields, description: undefined },
      );
      fieldsOf.set(d.name.value, new Set([...(have ?? []), ...fields.map((f) => f.name.value)]));
      pendingNames.push(...fields.map((f) => `${d.name.value}.${f.name.value}`));
    } else if (!have) {
      added.push(d);
      pendingNames.push(d.name.value);
    }
  }
  return { schema: concatAST([real, { kind: Kind.DOCUMENT, definitions: added }]), pendingNames };
}
