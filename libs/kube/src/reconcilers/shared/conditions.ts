// Setting a condition the way the API types' helpers do: a changed status moves lastTransitionTime, an
// unchanged one keeps it; the list keeps insertion order and a re-set condition moves to the end.
import type { Condition } from '../../api/meta';

export function setCondition(
  conditions: readonly Condition[] | undefined,
  next: Condition,
  timestamp: string,
): Condition[] {
  const list = [...(conditions ?? [])];
  const index = list.findIndex((c) => c.type === next.type);
  const previous = index >= 0 ? list[index] : undefined;
  const merged: Condition = {
    ...next,
    lastTransitionTime:
      previous && previous.status === next.status ? (previous.lastTransitionTime ?? timestamp) : timestamp,
  };
  if (index >= 0) list.splice(index, 1);
  list.push(merged);
  return list;
}

export function getCondition(
  conditions: readonly Condition[] | undefined,
  type: string,
): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}
