import { createHash } from 'node:crypto';
import { MlError } from './errors';
import type { TrainedPipeline } from './model';

/**
 * PWML, our model file: "PWML", a u16 format version, a u16 of zero, a u32 header length, the
 * header as UTF-8 JSON, then the payload — every typed array of the pipeline, little-endian, each
 * on an 8-byte boundary. In the header a typed array is {"$a": index} into `arrays`, which gives
 * each one's type, offset and length; `payloadSha256` guards the payload. The same pipeline always
 * gives the same bytes, so equal trainings can be compared by checksum.
 */
export const PWML_VERSION = 1;
const MAGIC = [0x50, 0x57, 0x4d, 0x4c];

const TYPES = {
  f64: Float64Array,
  f32: Float32Array,
  i32: Int32Array,
  u16: Uint16Array,
  u8: Uint8Array
} as const;
type TypeName = keyof typeof TYPES;
type AnyTyped = Float64Array | Float32Array | Int32Array | Uint16Array | Uint8Array;

interface ArrayEntry {
  type: TypeName;
  offset: number;
  length: number;
}

interface Header {
  format: 'pwml';
  version: number;
  pipeline: unknown;
  arrays: ArrayEntry[];
  payloadSha256: string;
}

function typeName(a: ArrayBufferView): TypeName {
  if (a instanceof Float64Array) return 'f64';
  if (a instanceof Float32Array) return 'f32';
  if (a instanceof Int32Array) return 'i32';
  if (a instanceof Uint16Array) return 'u16';
  if (a instanceof Uint8Array) return 'u8';
  throw new TypeError(`PWML cannot store ${a.constructor.name}.`);
}

export function serializeModel(pipeline: TrainedPipeline): Uint8Array {
  const arrays: AnyTyped[] = [];
  const entries: ArrayEntry[] = [];
  let offset = 0;
  const replacer = (_key: string, value: unknown): unknown => {
    if (ArrayBuffer.isView(value)) {
      const a = value as AnyTyped;
      entries.push({ type: typeName(a), offset, length: a.length });
      arrays.push(a);
      offset += align8(a.byteLength);
      return { $a: arrays.length - 1 };
    }
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new MlError(
        'bad_model',
        `The model holds a non-finite number (${value}) under "${_key}".`,
        'This is a bug in training; report it with the data shape.'
      );
    }
    return value;
  };
  const pipelineJson = JSON.parse(JSON.stringify(pipeline, replacer)) as unknown;
  const payload = new Uint8Array(offset);
  arrays.forEach((a, i) =>
    payload.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), entries[i]!.offset)
  );
  const header: Header = {
    format: 'pwml',
    version: PWML_VERSION,
    pipeline: pipelineJson,
    arrays: entries,
    payloadSha256: sha256(payload)
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const start = align8(12 + headerBytes.length);
  const out = new Uint8Array(start + payload.length);
  out.set(MAGIC, 0);
  const view = new DataView(out.buffer);
  view.setUint16(4, PWML_VERSION, true);
  view.setUint32(8, headerBytes.length, true);
  out.set(headerBytes, 12);
  // Header padding is spaces, so the header stays valid JSON text if read with its padding.
  out.fill(0x20, 12 + headerBytes.length, start);
  out.set(payload, start);
  return out;
}

/** Reads a PWML file; refuses a wrong magic, a newer version, a truncated or altered payload. */
export function deserializeModel(bytes: Uint8Array): TrainedPipeline {
  const bad = (why: string) =>
    new MlError(
      'bad_model',
      `This is not a readable model file: ${why}.`,
      'Retrain the model, or restore the file from storage.'
    );
  if (bytes.length < 12 || MAGIC.some((b, i) => bytes[i] !== b)) throw bad('it does not start with PWML');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version > PWML_VERSION)
    throw bad(`it is format version ${version}, newer than this engine's ${PWML_VERSION}`);
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > bytes.length) throw bad('its header is cut short');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))) as Header;
  } catch {
    throw bad('its header is not JSON');
  }
  const payload = bytes.subarray(align8(12 + headerLength));
  if (sha256(payload) !== header.payloadSha256) throw bad('its payload does not match its checksum');
  const arrays = header.arrays.map((e) => {
    const Type = TYPES[e.type];
    if (!Type || e.offset + e.length * Type.BYTES_PER_ELEMENT > payload.length)
      throw bad('an array lies outside the payload');
    // Copy so the arrays are aligned and independent of the caller's buffer.
    const copy = payload.slice(e.offset, e.offset + e.length * Type.BYTES_PER_ELEMENT);
    return new Type(copy.buffer, 0, e.length);
  });
  const revive = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(revive);
    if (value && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      if (typeof o.$a === 'number' && Object.keys(o).length === 1) {
        const a = arrays[o.$a];
        if (!a) throw bad('it refers to a missing array');
        return a;
      }
      return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, revive(v)]));
    }
    return value;
  };
  return revive(header.pipeline) as TrainedPipeline;
}

/** SHA-256 of a whole model file, for the caller to store beside it and check before loading. */
export function modelChecksum(bytes: Uint8Array): string {
  return sha256(bytes);
}

function sha256(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

function align8(n: number): number {
  return (n + 7) & ~7;
}
