// `-o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[*].image` (cli-runtime customcolumn.go): a
// header row of the given names, one row per object, multiple results joined by commas, nothing → `<none>`.
import type { CommandOutput } from '../command/command';
import { evaluate, goSprint, JsonPathError, parsePath } from './jsonpath';
import { tabwrite } from './tabwriter';

export function printCustomColumns(items: unknown[], spec: string, noHeaders: boolean): CommandOutput {
  if (!spec) {
    return {
      stdout: '',
      stderr: 'error: custom-columns format specified but no custom columns given\n',
      exitCode: 1,
    };
  }
  const columns: { header: string; path: string }[] = [];
  for (const part of spec.split(',')) {
    const colon = part.indexOf(':');
    if (colon < 0) {
      return {
        stdout: '',
        stderr: `error: unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>\n`,
        exitCode: 1,
      };
    }
    columns.push({ header: part.slice(0, colon), path: part.slice(colon + 1) });
  }
  try {
    const parsed = columns.map((c) => {
      // RelaxedJSONPathExpression: `{.a}`, `.a` and `a` all mean `.a`.
      let expr = c.path.trim();
      if (expr.startsWith('{') && expr.endsWith('}')) expr = expr.slice(1, -1);
      if (!expr.startsWith('.') && !expr.startsWith('$') && !expr.startsWith('@')) expr = `.${expr}`;
      return parsePath(expr);
    });
    const rows = items.map((item) =>
      parsed.map((p) => {
        const values = evaluate(p.steps, [item], item);
        return values.length ? values.map(goSprint).join(',') : '<none>';
      }),
    );
    const header = columns.map((c) => c.header);
    return { stdout: tabwrite(noHeaders ? rows : [header, ...rows]), stderr: '', exitCode: 0 };
  } catch (error) {
    if (error instanceof JsonPathError)
      return { stdout: '', stderr: `error: ${error.message}\n`, exitCode: 1 };
    throw error;
  }
}
