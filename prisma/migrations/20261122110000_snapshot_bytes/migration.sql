-- Snapshot states as compact bytes (libs/event-store/src/snapshot-codec.ts: MessagePack records, deflated) instead
-- of jsonb: time travel loads one per call, and a 100k-event session's jsonb state (3.4 MB as text) cost ~45 ms to
-- detoast, print and parse. Rows written before keep their jsonb state and its checksum and are still served; a
-- new or rewritten row has `packed` and a checksum over those bytes, and no `state`.

-- AlterTable
ALTER TABLE "snapshots" ALTER COLUMN "state" DROP NOT NULL,
ADD COLUMN     "packed" BYTEA;

-- The bytes are compressed already: no second (pglz) compression attempt on write, no decompression on read.
ALTER TABLE "snapshots" ALTER COLUMN "packed" SET STORAGE EXTERNAL;
