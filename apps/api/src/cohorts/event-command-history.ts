// The learners' commands of sandboxes' current streams, each up to a version, for the report's "commands that
// preceded a failing check": one query for the whole report. It reads only the metadata of the streams' events (the
// JSON payload only for command rows): each CommandExecuted gets the first version of its append (events sharing
// its correlation id: its own writes and, on stepped sandboxes, the controllers' answer), never earlier than right
// after the previous command (copied fork prefixes share one correlation id).
import type { LearnerCommand } from '@podlab/exercises';
import type { CohortCommandHistory } from '@podlab/learning';
import { streamIdOf } from '@podlab/sandbox';
import type { PrismaClient } from '../prisma/prisma-client';

interface Row {
  stream_id: string;
  version: number;
  first_version: number;
  line: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class EventCommandHistory implements CohortCommandHistory {
  constructor(private readonly prisma: PrismaClient) {}

  async learnerCommands(
    requests: readonly { readonly sandboxId: string; readonly toVersion: number }[],
  ): Promise<ReadonlyMap<string, readonly LearnerCommand[]>> {
    const toVersion = new Map(
      requests.filter((r) => UUID.test(r.sandboxId)).map((r) => [r.sandboxId, Math.floor(r.toVersion)]),
    );
    const result = new Map<string, LearnerCommand[]>();
    if (!toVersion.size) return result;
    const sandboxes = await this.prisma.sandbox.findMany({
      where: { id: { in: [...toVersion.keys()] } },
      select: { id: true, generation: true },
    });
    const sandboxOf = new Map(sandboxes.map((s) => [streamIdOf(s), s.id]));
    const streams = [...sandboxOf.keys()];
    const versions = streams.map((stream) => toVersion.get(sandboxOf.get(stream)!)!);
    if (!streams.length) return result;
    const rows = await this.prisma.$queryRaw<Row[]>`
      SELECT stream_id, version, GREATEST(first_version, COALESCE(previous_command, 0) + 1) AS first_version, line
      FROM (
        SELECT stream_id, version, first_version, line, actor,
               LAG(version) OVER (PARTITION BY stream_id ORDER BY version) AS previous_command
        FROM (
          SELECT e.stream_id,
                 e.stream_version AS version,
                 e.type,
                 e.metadata->>'actor' AS actor,
                 MIN(e.stream_version) OVER (
                   PARTITION BY e.stream_id,
                                COALESCE(e.metadata->>'correlation', 'version:' || e.stream_version::text)
                 ) AS first_version,
                 CASE WHEN e.type = 'CommandExecuted' THEN e.data->'data'->>'line' END AS line
          FROM events e
          JOIN unnest(${streams}::text[], ${versions}::int[]) AS wanted(stream_id, to_version)
            ON e.stream_id = wanted.stream_id AND e.stream_version <= wanted.to_version
        ) stream
        WHERE type = 'CommandExecuted'
      ) commands
      WHERE actor LIKE 'user:%'
      ORDER BY stream_id, version`;
    for (const row of rows) {
      const sandboxId = sandboxOf.get(row.stream_id);
      if (!sandboxId) continue;
      const list = result.get(sandboxId) ?? [];
      list.push({
        version: Number(row.version),
        firstVersion: Number(row.first_version),
        line: row.line ?? '',
      });
      result.set(sandboxId, list);
    }
    return result;
  }
}
