// Reads the curriculum (exercises/*/exercise.md) once at start-up; @podlab/learning's catalog validates it.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** EXERCISES_DIR, else ./exercises of the working directory, else the repository's (next to dist/). */
export function exercisesDir(): string {
  const candidates = [
    process.env['EXERCISES_DIR'],
    resolve(process.cwd(), 'exercises'),
    resolve(__dirname, '../../../../../../exercises'),
  ].filter((dir): dir is string => !!dir);
  const found = candidates.find((dir) => existsSync(dir));
  if (!found)
    throw new Error(`no exercises directory (looked in ${candidates.join(', ')}); set EXERCISES_DIR`);
  return found;
}

export function readExerciseFiles(dir = exercisesDir()): { path: string; text: string }[] {
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'exercise.md')))
    .sort()
    .map((name) => ({
      path: `exercises/${name}/exercise.md`,
      text: readFileSync(join(dir, name, 'exercise.md'), 'utf8'),
    }));
}
