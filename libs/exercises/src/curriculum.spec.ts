// Every exercise file of the curriculum: it validates against the schema, its solution passes every check,
// and each negative session fails exactly the checks it declares. Reads exercises/ (tests may do I/O).
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadExercises, parseExercise } from './loader/exercise-loader';
import type { Exercise } from './schema/exercise.schema';
import { runExerciseScript } from './runner/exercise-sandbox';
import { grade, hintsFor } from './grader/grade';

const root = join(__dirname, '../../../exercises');
const files = readdirSync(root)
  .filter((dir) => existsSync(join(root, dir, 'exercise.md')))
  .sort()
  .map((dir) => ({
    path: `exercises/${dir}/exercise.md`,
    text: readFileSync(join(root, dir, 'exercise.md'), 'utf8'),
  }));
const loaded = loadExercises(files);
// Each file on its own, so one broken file does not hide the others' results.
const exercises = files.flatMap((file) => {
  const result = parseExercise(file.path, file.text);
  return result.ok ? [result.exercise] : ([] as Exercise[]);
});

describe('curriculum', () => {
  it('every exercise file is valid', () => {
    expect(loaded.ok ? [] : loaded.errors).toEqual([]);
    expect(exercises.length).toBe(files.length);
  });

  describe.each(exercises.map((e) => [e.id, e] as const))('%s', (_id, exercise) => {
    it('the solution passes every check (and holds the objective)', () => {
      const { events, transcript } = runExerciseScript(exercise, exercise.solution);
      const report = grade(exercise, events);
      const failed = report.checks.filter((c) => !c.passed).map((c) => `${c.id}: ${c.message}`);
      expect({ failed, transcript: failed.length ? transcript : '' }).toEqual({ failed: [], transcript: '' });
      expect(report.score).toBeCloseTo(report.maxScore, 1);
      if (report.objective) expect(report.objective.share).toBe(1);
      // Same script, same history, same report: a second run is byte-identical.
      const again = runExerciseScript(exercise, exercise.solution);
      expect(JSON.stringify(grade(exercise, again.events))).toBe(JSON.stringify(report));
      // Every static hint is offered at the start.
      const statics = exercise.tasks.flatMap((t) => t.hints.filter((h) => !h.when).map((h) => h.text));
      const start = hintsFor(exercise, runExerciseScript(exercise, '').events).map((h) => h.text);
      expect(start).toEqual(expect.arrayContaining(statics));
    });

    it.each(exercise.negatives.map((n) => [n.name, n] as const))('negative: %s', (_name, negative) => {
      const { events, transcript } = runExerciseScript(exercise, negative.script);
      const report = grade(exercise, events);
      const failed = report.checks
        .filter((c) => !c.passed)
        .map((c) => c.id)
        .sort();
      expect({
        failed,
        transcript: failed.join() === [...negative.fails].sort().join() ? '' : transcript,
      }).toEqual({
        failed: [...negative.fails].sort(),
        transcript: '',
      });
      if (negative.objectiveBelow !== undefined)
        expect(report.objective!.share).toBeLessThan(negative.objectiveBelow);
    });
  });
});
