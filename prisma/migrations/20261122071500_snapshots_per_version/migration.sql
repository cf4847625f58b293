-- Keep every snapshot (one per N events), not only the newest per stream: time travel (sandboxAt) starts from the
-- nearest snapshot at or below its target version or time and folds only the tail. `time` is the instant the state
-- describes (a sandbox's simulated now), non-decreasing with the version.

-- AlterTable
ALTER TABLE "snapshots" DROP CONSTRAINT "snapshots_pkey",
ADD COLUMN     "time" DOUBLE PRECISION,
ADD CONSTRAINT "snapshots_pkey" PRIMARY KEY ("stream_id", "schema_version", "version");
