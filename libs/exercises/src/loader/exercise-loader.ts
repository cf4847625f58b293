// Exercise files → validated Exercise objects. Pure: the caller reads the files and passes their texts, so the
// same loader serves tests, the CLI and the backend. Errors name the file and the field path.
import { parse as parseYaml } from 'yaml';
import { exerciseSchema, type Exercise } from '../schema/exercise.schema';

export type LoadResult = { ok: true; exercise: Exercise } | { ok: false; errors: string[] };

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/** Parses `exercises/<id>/exercise.md` (YAML front matter + Markdown body). */
export function parseExercise(file: string, text: string): LoadResult {
  const match = FRONT_MATTER.exec(text);
  if (!match)
    return { ok: false, errors: [`${file}: missing YAML front matter (a first line "---" … "---")`] };
  let data: unknown;
  try {
    data = parseYaml(match[1]!);
  } catch (error) {
    return { ok: false, errors: [`${file}: front matter is not valid YAML: ${(error as Error).message}`] };
  }
  const parsed = exerciseSchema.safeParse(data);
  if (!parsed.success)
    return {
      ok: false,
      errors: parsed.error.issues.map(
        (issue) => `${file}: ${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`,
      ),
    };
  const expected = /(?:^|\/)([^/]+)\/exercise\.md$/.exec(file)?.[1];
  if (expected && expected !== parsed.data.id)
    return {
      ok: false,
      errors: [`${file}: id: "${parsed.data.id}" does not match its folder "${expected}"`],
    };
  const body = match[2]!.trim();
  if (!body)
    return { ok: false, errors: [`${file}: the Markdown body (the learner's introduction) is empty`] };
  return { ok: true, exercise: { ...parsed.data, body } };
}

/** Loads a whole curriculum; ids must be unique. */
export function loadExercises(
  files: readonly { path: string; text: string }[],
): { ok: true; exercises: Exercise[] } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const exercises: Exercise[] = [];
  const seen = new Map<string, string>();
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const result = parseExercise(file.path, file.text);
    if (!result.ok) {
      errors.push(...result.errors);
      continue;
    }
    const previous = seen.get(result.exercise.id);
    if (previous) errors.push(`${file.path}: id: "${result.exercise.id}" is already used by ${previous}`);
    seen.set(result.exercise.id, file.path);
    exercises.push(result.exercise);
  }
  return errors.length ? { ok: false, errors } : { ok: true, exercises };
}
