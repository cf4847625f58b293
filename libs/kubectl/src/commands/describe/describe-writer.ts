// kubectl's describe output machinery (kubectl@1.30 pkg/describe/describe.go): a PrefixWriter (two spaces per
// level) into one Go tabwriter (minwidth 0, padding 2) that is flushed only before the Events table, plus the
// shared multi-line printers (labels, annotations, tolerations, taints, events).
import type { KubeEvent, Taint, Toleration } from '@podlab/kube';
import { translateTimestampSince } from '../../printers/human-duration';
import { formatTabbed } from '../../printers/tabwriter';

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;

export class DescribeWriter {
  private readonly flushed: string[] = [];
  private current = '';

  /** Writes `text` after 2×level spaces (the prefix goes before the first line only, as in kubectl). */
  write(level: number, text: string): void {
    this.current += '  '.repeat(level) + text;
  }

  /** fmt.Fprintln: the text and a newline, no prefix. */
  writeLine(text = ''): void {
    this.current += `${text}\n`;
  }

  /** Formats what was written so far as its own tabwriter block set (kubectl flushes before Events). */
  flush(): void {
    if (this.current) this.flushed.push(formatTabbed(this.current, { minWidth: 0, padding: 2 }));
    this.current = '';
  }

  toString(): string {
    this.flush();
    return this.flushed.join('');
  }
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number) => String(n).padStart(2, '0');

/** Go's time.RFC1123Z in UTC: `Mon, 15 Jan 2024 10:00:00 +0000`; Go's zero time when unset. */
export function rfc1123z(timestamp: string | undefined | null): string {
  const t = timestamp ? Date.parse(timestamp) : NaN;
  if (Number.isNaN(t)) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  const d = new Date(t);
  return (
    `${DAYS[d.getUTCDay()]}, ${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`
  );
}

const sortedKeys = (map: Record<string, string> | undefined) =>
  Object.keys(map ?? {}).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** printLabelsMultilineWithIndent: `Labels:\tk=v` then `\tk2=v2` continuation lines, or `<none>`. */
export function printLabelsMultiline(
  w: DescribeWriter,
  title: string,
  labels: Record<string, string> | undefined,
  initialIndent = '',
  innerIndent = '\t',
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const keys = sortedKeys(labels);
  if (!keys.length) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}${innerIndent}`);
    w.write(LEVEL_0, `${key}=${labels?.[key] ?? ''}\n`);
  });
}

const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);
const MAX_ANNOTATION_LEN = 140;

const shorten = (s: string, max: number) => (s.length > max ? `${s.slice(0, max)}...` : s);

/** printAnnotationsMultilineWithIndent: `key: value`, long or multi-line values on their own lines. */
export function printAnnotationsMultiline(
  w: DescribeWriter,
  title: string,
  annotations: Record<string, string> | undefined,
  initialIndent = '',
  innerIndent = '\t',
  skip: ReadonlySet<string> = SKIP_ANNOTATIONS,
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const keys = sortedKeys(annotations).filter((k) => !skip.has(k));
  if (!keys.length) {
    w.writeLine('<none>');
    return;
  }
  const indent = initialIndent + innerIndent;
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, indent);
    const raw = annotations?.[key] ?? '';
    const value = raw.endsWith('\n') ? raw.slice(0, -1) : raw;
    if (value.length + key.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split('\n'))
        w.write(LEVEL_0, `${indent}  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

/** `node.kubernetes.io/not-ready:NoExecute op=Exists for 300s`, sorted by key. */
export function printTolerationsMultiline(
  w: DescribeWriter,
  title: string,
  tolerations: readonly Toleration[] | undefined,
  initialIndent = '',
  innerIndent = '\t',
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  if (!tolerations?.length) {
    w.writeLine('<none>');
    return;
  }
  const sorted = [...tolerations].sort((a, b) =>
    (a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0,
  );
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}${innerIndent}`);
    let text = t.key ?? '';
    if (t.value) text += `=${t.value}`;
    if (t.effect) text += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) text += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null)
      text += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, `${text}\n`);
  });
}

export function taintString(t: Taint): string {
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

/** Node taints sorted by `effect,key`. */
export function printTaintsMultiline(
  w: DescribeWriter,
  title: string,
  taints: readonly Taint[] | undefined,
): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (!taints?.length) {
    w.writeLine('<none>');
    return;
  }
  const key = (t: Taint) => `${t.effect},${t.key}`;
  const sorted = [...taints].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, `${taintString(t)}\n`);
  });
}

/** A list of names one per line under a title (`Used By:`), or `<none>`. */
export function printNamesMultiline(w: DescribeWriter, title: string, names: readonly string[]): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (!names.length) {
    w.writeLine('<none>');
    return;
  }
  names.forEach((name, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, `${name}\n`);
  });
}

/** The `2m (x3 over 10m)` age of an event. */
export function eventInterval(e: KubeEvent, now: number): string {
  const first = translateTimestampSince(e.firstTimestamp, now);
  if (e.count > 1) return `${translateTimestampSince(e.lastTimestamp, now)} (x${e.count} over ${first})`;
  return first;
}

const lastSeen = (e: KubeEvent) => Date.parse(e.lastTimestamp || e.firstTimestamp) || 0;

/** Events sorted by last timestamp (kubectl's SortableEvents), stable. */
export function sortEvents(events: readonly KubeEvent[]): KubeEvent[] {
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => lastSeen(a.e) - lastSeen(b.e) || a.i - b.i)
    .map((x) => x.e);
}

/** DescribeEvents: `Events:  <none>` or a table after a flush. */
export function describeEvents(w: DescribeWriter, events: readonly KubeEvent[], now: number): void {
  if (!events.length) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of sortEvents(events)) {
    w.write(
      LEVEL_1,
      `${e.type}\t${e.reason}\t${eventInterval(e, now)}\t${e.source?.component ?? ''}\t${e.message.trim()}\n`,
    );
  }
}
