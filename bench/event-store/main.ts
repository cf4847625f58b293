// Benchmark "event-store": the Postgres event store's appends against raw Postgres writes of identical rows into
// an identical table, both measured in this run, in alternating rounds (median of three).
//   M1 batched append (100 streams, 50 events per append, concurrency 4) vs COPY of the same batches.
//   M2 single-event appends with the version check, concurrency 8, vs single-row INSERT (autocommit) at 8.
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { PostgresEventStore, type NewEvent } from '@podlab/event-store';
import { BenchReport, median } from '../lib/report';

const url = process.env['BENCH_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/podlab_bench';
const ROUNDS = 3;
const M1 = { streams: 100, appendsPerStream: 10, eventsPerAppend: 50, concurrency: 4 };
const M2 = { writers: 8, appendsPerWriter: 1500 };

const payload = (stream: number, n: number): NewEvent => ({
  type: 'ContainerStarted',
  data: { pod: `web-${stream}`, container: 'nginx', image: 'nginx:1.27', restartCount: n % 5, ready: true },
  metadata: { actor: 'user:bench', cause: `command-${n}`, correlation: `corr-${stream}` },
});

async function main(): Promise<void> {
  const report = new BenchReport('event-store');
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const store = new PostgresEventStore(pool);
  const run = randomUUID().slice(0, 8);
  try {
    // The baseline's tables: same columns, defaults and indexes as events, each with a sequence of its own.
    for (const table of ['bench_copy_events', 'bench_insert_events']) {
      await pool.query(`DROP TABLE IF EXISTS ${table}`);
      await pool.query(`CREATE TABLE ${table} (LIKE events INCLUDING ALL)`);
      await pool.query(`CREATE SEQUENCE ${table}_seq OWNED BY ${table}.global_position`);
      await pool.query(
        `ALTER TABLE ${table} ALTER COLUMN global_position SET DEFAULT nextval('${table}_seq')`,
      );
    }

    report.progress('M1: batched append vs COPY');
    const m1Ours: number[] = [];
    const m1Copy: number[] = [];
    const m1Total = M1.streams * M1.appendsPerStream;
    for (let round = 0; round < ROUNDS; round++) {
      const prefix = `bench-m1-${run}-${round}`;
      // Append i goes to stream i % 100: every stream gets its batches in order, four at a time across streams.
      const ours = await report.runConcurrent(
        `round ${round + 1} append`,
        m1Total,
        M1.concurrency,
        async (i) => {
          const stream = i % M1.streams;
          const batch = Math.floor(i / M1.streams);
          const events = Array.from({ length: M1.eventsPerAppend }, (_, k) =>
            payload(stream, batch * 50 + k),
          );
          await store.append(`${prefix}-${stream}`, batch * M1.eventsPerAppend, events);
        },
      );
      m1Ours.push(ours.opsPerSecond * M1.eventsPerAppend);
      const copy = await report.runConcurrent(
        `round ${round + 1} COPY`,
        m1Total,
        M1.concurrency,
        async (i) => {
          const stream = i % M1.streams;
          const batch = Math.floor(i / M1.streams);
          const lines = Array.from({ length: M1.eventsPerAppend }, (_, k) => {
            const event = payload(stream, batch * 50 + k);
            const version = batch * M1.eventsPerAppend + k + 1;
            return [
              `${prefix}-${stream}`,
              version,
              event.type,
              JSON.stringify(event.data),
              JSON.stringify(event.metadata),
            ]
              .map((v) => copyText(String(v)))
              .join('\t');
          });
          const client = await pool.connect();
          try {
            await pipeline(
              Readable.from([`${lines.join('\n')}\n`]),
              client.query(
                copyFrom(
                  'COPY bench_copy_events (stream_id, stream_version, type, data, metadata) FROM STDIN',
                ),
              ),
            );
          } finally {
            client.release();
          }
        },
      );
      m1Copy.push(copy.opsPerSecond * M1.eventsPerAppend);
    }
    report.add({
      metric: 'M1 batched append (50/append, c=4) vs COPY',
      ours: median(m1Ours),
      baseline: median(m1Copy),
      target: 0.6,
      unit: 'events/s',
    });

    report.progress('M2: single-event append with version check vs INSERT');
    const m2Ours: number[] = [];
    const m2Insert: number[] = [];
    const m2Total = M2.writers * M2.appendsPerWriter;
    for (let round = 0; round < ROUNDS; round++) {
      const prefix = `bench-m2-${run}-${round}`;
      const versions = new Array<number>(M2.writers).fill(0);
      const ours = await report.runConcurrent(
        `round ${round + 1} append`,
        m2Total,
        M2.writers,
        async (_, writer) => {
          const version = versions[writer] as number;
          await store.append(`${prefix}-${writer}`, version, [payload(writer, version)]);
          versions[writer] = version + 1;
        },
      );
      m2Ours.push(ours.opsPerSecond);
      const inserted = new Array<number>(M2.writers).fill(0);
      const insert = await report.runConcurrent(
        `round ${round + 1} INSERT`,
        m2Total,
        M2.writers,
        async (_, writer) => {
          const version = (inserted[writer] as number) + 1;
          const event = payload(writer, version);
          await pool.query({
            name: 'bench_insert_event',
            text: `INSERT INTO bench_insert_events (stream_id, stream_version, type, data, metadata)
                 VALUES ($1, $2, $3, $4, $5)`,
            values: [
              `${prefix}-${writer}`,
              version,
              event.type,
              JSON.stringify(event.data),
              JSON.stringify(event.metadata),
            ],
          });
          inserted[writer] = version;
        },
      );
      m2Insert.push(insert.opsPerSecond);
    }
    report.add({
      metric: 'M2 single-event append (c=8) vs INSERT',
      ours: median(m2Ours),
      baseline: median(m2Insert),
      target: 0.8,
      unit: 'appends/s',
    });

    report.finish();
  } finally {
    await pool.end();
  }
}

/** COPY text format: backslash, tab, newline and carriage return are escaped. */
function copyText(value: string): string {
  return value.replace(
    /[\\\t\n\r]/g,
    (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c] as string,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
