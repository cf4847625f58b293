// How a snapshot's state is stored: bytes that decode in about a third of JSON.parse's time and move about eight
// times fewer bytes (a 100k-event session's head state: 3.4 MB of JSON, 14 ms to parse; here 0.43 MB, inflated and
// decoded in ~7 ms), because time travel loads one on every call (docs/sandboxes.md, bench M4).
//
// Layout: one format byte, then the state as MessagePack with msgpackr's record extension (every repeated object
// shape, e.g. 3,500 Kubernetes Events, is described once and then referenced), raw-deflated at level 1 (the
// fastest level; higher ones save a few percent and cost twice the encode time on the write path). Uncompressed,
// the 2.1 MB would cost ~25 ms more to move through Postgres' text protocol (bytea travels as hex).
import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { Packr, Unpackr } from 'msgpackr';

/** The first byte of the stored bytes: bump (and keep decoding the old one) if the layout ever changes. */
const FORMAT_MSGPACK_RECORDS_DEFLATE = 1;

// Without a shared `structures` list each message carries the record definitions it uses: self-contained bytes.
const packr = new Packr({ useRecords: true });
const unpackr = new Unpackr({ useRecords: true });

// A JSON text escapes a lone UTF-16 surrogate as \udXXX (not preceded by an odd run of backslashes); MessagePack
// strings are UTF-8 and cannot hold one.
const LONE_SURROGATE_ESCAPE = /(?:^|[^\\])(?:\\\\)*\\ud[89a-f][0-9a-f]{2}/i;

/**
 * The stored bytes of a state. The state is first normalised as JSON would (undefined members dropped, Dates as
 * strings, -0 as 0, NaN as null, toJSON applied), so decoding gives exactly JSON.parse(JSON.stringify(state)), key
 * order included. A state with a lone surrogate in a string is refused (Postgres' jsonb refused it as well).
 */
export function encodeSnapshotState(state: unknown): Buffer {
  const text = JSON.stringify(state) ?? 'null';
  if (text.includes('\\u') && LONE_SURROGATE_ESCAPE.test(text))
    throw new Error('a snapshot state cannot hold a lone UTF-16 surrogate');
  const packed = deflateRawSync(packr.pack(JSON.parse(text)), { level: 1 });
  const out = Buffer.allocUnsafe(packed.length + 1);
  out[0] = FORMAT_MSGPACK_RECORDS_DEFLATE;
  packed.copy(out, 1);
  return out;
}

/** The state of bytes from encodeSnapshotState. Throws on bytes of an unknown format or that do not decode. */
export function decodeSnapshotState<TState>(bytes: Uint8Array): TState {
  if (bytes[0] !== FORMAT_MSGPACK_RECORDS_DEFLATE)
    throw new Error(`unknown snapshot format ${bytes[0] ?? '(empty)'}`);
  return unpackr.unpack(inflateRawSync(bytes.subarray(1))) as TState;
}

/**
 * A stored snapshot's checksum: sha256 (hex) of `<stream id>\n<version>\n<schema version>\n` and the stored bytes,
 * so a change to the bytes, or a row moved to another stream or version, fails the check before anything decodes.
 */
export function snapshotBytesChecksum(
  streamId: string,
  version: number,
  schemaVersion: number,
  bytes: Uint8Array,
): string {
  return createHash('sha256')
    .update(`${streamId}\n${version}\n${schemaVersion}\n`)
    .update(bytes)
    .digest('hex');
}
