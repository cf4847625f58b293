// How a snapshot's state is stored: bytes that decode in about a third of JSON.parse's time and move about eight
// times fewer bytes (a 100k-event session's head state: 3.4 MB of JSON, 14 ms to parse; here 0.43 MB, inflated and
// decoded in ~7 ms), because time travel loads one on every call (docs/sandboxes.md, bench M4).
//
// Layout (format 1): one format byte, then the state as MessagePack with msgpackr's record extension (every
// repeated object shape, e.g. 3,500 Kubernetes Events, is described once and then referenced), raw-deflated at
// level 1 (the fastest level; higher ones save a few percent and cost twice the encode time on the write path).
// Uncompressed, the 2.1 MB would cost ~25 ms more to move through Postgres' text protocol (bytea travels as hex).
//
// Sections (format 2): top-level members of the state named by the writer, each a part `{ value }` whose value is
// stored apart as format-1 bytes of its own and decoded only when `value` is first read (a SnapshotSection), so a
// reader that never needs it (time travel never reads Kubernetes Events, ~80% of a long session's state) pays
// neither its inflate nor its decode. A section read and never decoded is written again as the very same bytes.
// Layout: format byte 2, the number of sections (u32), each section's length (u32), then the format-1 bytes of
// [section names, the state with each section's member null], then each section's bytes, in that order.
import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { Packr, Unpackr } from 'msgpackr';

/** The first byte of the stored bytes: bump (and keep decoding the old one) if the layout ever changes. */
const FORMAT_MSGPACK_RECORDS_DEFLATE = 1;
const FORMAT_WITH_SECTIONS = 2;

// Without a shared `structures` list each message carries the record definitions it uses: self-contained bytes.
const packr = new Packr({ useRecords: true });
const unpackr = new Unpackr({ useRecords: true });

// A JSON text escapes a lone UTF-16 surrogate as \udXXX (not preceded by an odd run of backslashes); MessagePack
// strings are UTF-8 and cannot hold one.
const LONE_SURROGATE_ESCAPE = /(?:^|[^\\])(?:\\\\)*\\ud[89a-f][0-9a-f]{2}/i;

/**
 * A part of a stored state kept as its own bytes: `value` decodes them on first read (then keeps the value). Made
 * by decodeSnapshotState for each section; encodeSnapshotState writes an undecoded one's bytes again as they are.
 * JSON sees it as `{ value }`.
 */
export class SnapshotSection<T = unknown> {
  private decodedValue: T | undefined;
  private isDecoded = false;

  private constructor(private readonly bytes: Uint8Array) {}

  /** A section over stored bytes (format 1), decoded on first read of `value`. */
  static fromBytes<T>(bytes: Uint8Array): SnapshotSection<T> {
    if (bytes[0] !== FORMAT_MSGPACK_RECORDS_DEFLATE)
      throw new Error(`unknown snapshot section format ${bytes[0] ?? '(empty)'}`);
    return new SnapshotSection<T>(bytes);
  }

  get value(): T {
    if (!this.isDecoded) {
      this.decodedValue = decodeSnapshotState<T>(this.bytes);
      this.isDecoded = true;
    }
    return this.decodedValue as T;
  }

  /** Whether `value` was read (so decoded) yet. */
  get decoded(): boolean {
    return this.isDecoded;
  }

  /** The stored bytes, as read. */
  storedBytes(): Uint8Array {
    return this.bytes;
  }

  toJSON(): { value: T } {
    return { value: this.value };
  }
}

/**
 * The stored bytes of a state. The state is first normalised as JSON would (undefined members dropped, Dates as
 * strings, -0 as 0, NaN as null, toJSON applied), so decoding gives exactly JSON.parse(JSON.stringify(state)), key
 * order included. A state with a lone surrogate in a string is refused (Postgres' jsonb refused it as well).
 *
 * `sections`: members of the state (a plain object) that are parts `{ value }`, each stored apart (see the top of
 * this file); a SnapshotSection as decoded from stored bytes is written again as those bytes. Decoding gives
 * SnapshotSections there, whose `value` is the JSON round trip of the part's.
 */
export function encodeSnapshotState(state: unknown, sections: readonly string[] = []): Buffer {
  const present =
    state !== null && typeof state === 'object' && !Array.isArray(state)
      ? sections.filter((name) => Object.prototype.hasOwnProperty.call(state, name))
      : [];
  if (present.length === 0) return encodeWhole(state);
  const main: Record<string, unknown> = { ...(state as Record<string, unknown>) };
  const parts = present.map((name) => {
    const part = main[name];
    main[name] = null;
    if (part instanceof SnapshotSection) return part.storedBytes();
    if (part === null || typeof part !== 'object' || !('value' in part))
      throw new Error(`snapshot section ${name} is not a part { value }`);
    return encodeWhole((part as { value: unknown }).value);
  });
  const head = encodeWhole([present, main]);
  const out = Buffer.allocUnsafe(
    1 + 4 * (parts.length + 2) + head.length + parts.reduce((n, p) => n + p.length, 0),
  );
  out[0] = FORMAT_WITH_SECTIONS;
  let offset = out.writeUInt32BE(parts.length, 1);
  offset = out.writeUInt32BE(head.length, offset);
  for (const part of parts) offset = out.writeUInt32BE(part.length, offset);
  offset += head.copy(out, offset);
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * The state of bytes from encodeSnapshotState (sections as undecoded SnapshotSections). Throws on bytes of an
 * unknown format or that do not decode; a section's own bytes are decoded only when its `value` is read.
 */
export function decodeSnapshotState<TState>(bytes: Uint8Array): TState {
  if (bytes[0] === FORMAT_MSGPACK_RECORDS_DEFLATE)
    return unpackr.unpack(inflateRawSync(bytes.subarray(1))) as TState;
  if (bytes[0] !== FORMAT_WITH_SECTIONS) throw new Error(`unknown snapshot format ${bytes[0] ?? '(empty)'}`);
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.readUInt32BE(1);
  const lengths: number[] = [];
  for (let i = 0; i <= count; i++) lengths.push(view.readUInt32BE(5 + 4 * i));
  let offset = 5 + 4 * (count + 1);
  if (offset + lengths.reduce((n, length) => n + length, 0) !== bytes.length)
    throw new Error('snapshot sections do not add up to the stored bytes');
  const [names, main] = decodeSnapshotState<[string[], Record<string, unknown>]>(
    bytes.subarray(offset, (offset += lengths[0]!)),
  );
  if (!Array.isArray(names) || names.length !== count) throw new Error('snapshot section names do not match');
  names.forEach((name, i) => {
    main[name] = SnapshotSection.fromBytes(bytes.subarray(offset, (offset += lengths[i + 1]!)));
  });
  return main as TState;
}

function encodeWhole(state: unknown): Buffer {
  const text = JSON.stringify(state) ?? 'null';
  if (text.includes('\\u') && LONE_SURROGATE_ESCAPE.test(text))
    throw new Error('a snapshot state cannot hold a lone UTF-16 surrogate');
  const packed = deflateRawSync(packr.pack(JSON.parse(text)), { level: 1 });
  const out = Buffer.allocUnsafe(packed.length + 1);
  out[0] = FORMAT_MSGPACK_RECORDS_DEFLATE;
  packed.copy(out, 1);
  return out;
}

/**
 * A stored snapshot's checksum: sha256 (hex) of `<stream id>\n<version>\n<schema version>\n` and the stored bytes
 * (sections included), so a change to the bytes, or a row moved to another stream or version, fails the check
 * before anything decodes.
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
