// The learner's commands of a sandbox's current stream up to a version, for the report's "commands that preceded
// a failing check". One query reads only the metadata of the stream's events (the JSON payload only for command
// rows): each CommandExecuted gets the first version of its append (events sharing its correlation id: its own
// writes and, on stepped sandboxes, the controllers' answer), never earlier than right after the previous command.
import type { CohortCommandHistory } from '@podlab/learning';
import type { LearnerCommand } from '@podlab/exercises';
import { streamIdOf } from '@podlab/sandbox';
import type { PrismaClient } from '../prisma/prisma-client';

interface Row {
  version: number;
  first_version: number;
  line: string | null;
}

export class EventCommandHistory implements CohortCommandHistory {
  constructor(private readonly prisma: PrismaClient) {}

  async learnerCommands(sandboxId: string, toVersion: number): Promise<LearnerCommand[]> {
    const sandbox = await this.prisma.sandbox.findUnique({
      where: { id: sandboxId },
      select: { id: true, generation: true },
    });
    if (!sandbox) return [];
    const rows = await this.prisma.$queryRaw<Row[]>`
      SELECT version, GREATEST(first_version, COALESCE(previous_command, 0) + 1) AS first_version, line
      FROM (
        SELECT version, first_version, line, actor,
               LAG(version) OVER (ORDER BY version) AS previous_command
        FROM (
          SELECT stream_version AS version,
                 type,
                 metadata->>'actor' AS actor,
                 MIN(stream_version) OVER (
                   PARTITION BY COALESCE(metadata->>'correlation', 'version:' || stream_version::text)
                 ) AS first_version,
                 CASE WHEN type = 'CommandExecuted' THEN data->'data'->>'line' END AS line
          FROM events
          WHERE stream_id = ${streamIdOf(sandbox)} AND stream_version <= ${toVersion}
        ) stream
        WHERE type = 'CommandExecuted'
      ) commands
      WHERE actor LIKE 'user:%'
      ORDER BY version`;
    return rows.map((row) => ({
      version: Number(row.version),
      firstVersion: Number(row.first_version),
      line: row.line ?? '',
    }));
  }
}
