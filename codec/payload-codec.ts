// The payload codec: every payload Temporal stores is AES-256-GCM encrypted here, outside the workflow sandbox, by
// the client and the worker alike. Each encrypted payload names its key id in its metadata, so keys rotate: the
// first key encrypts, every key listed decrypts. Payloads without our encoding (histories from before the codec)
// pass through unchanged.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface PayloadKey {
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

const enc = new TextEncoder();
const dec = new TextDecoder();
const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');

/** A payload as bytes to encrypt: its metadata and data, base64 in JSON (no protobuf needed). */
function serialise(p: Payload): Buffer {
  const metadata = Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, b64(v ?? new Uint8Array())]));
  return Buffer.from(JSON.stringify({ metadata, data: b64(p.data ?? new Uint8Array()) }));
}

function deserialise(bytes: Buffer): Payload {
  const o = JSON.parse(bytes.toString('utf8')) as { metadata: Record<string, string>; data: string };
  return {
    metadata: Object.fromEntries(Object.entries(o.metadata).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
    data: new Uint8Array(Buffer.from(o.data, 'base64')),
  };
}

export class CodecError extends Error {
  override name = 'CodecError';
}

export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;

  constructor(private readonly keys: readonly PayloadKey[]) {
    if (keys.length === 0) throw new CodecError('the payload codec needs at least one key');
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keys[0];
    return payloads.map((p) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      // The key id is authenticated too: a payload cannot be passed off as another key's.
      cipher.setAAD(Buffer.from(id));
      const body = Buffer.concat([cipher.update(serialise(p)), cipher.final()]);
      return {
        metadata: { [METADATA_ENCODING_KEY]: enc.encode(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: enc.encode(id) },
        data: new Uint8Array(Buffer.concat([iv, cipher.getAuthTag(), body])),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      const encoding = p.metadata?.[METADATA_ENCODING_KEY];
      if (!encoding || dec.decode(encoding) !== ENCRYPTED_ENCODING) return p;
      const idBytes = p.metadata?.[KEY_ID_METADATA];
      const id = idBytes ? dec.decode(idBytes) : '';
      const key = this.byId.get(id);
      if (!key) throw new CodecError(`no payload key "${id}" is configured (PAYLOAD_KEYS)`);
      const data = Buffer.from(p.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES) throw new CodecError('an encrypted payload is too short');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(id));
      decipher.setAuthTag(data.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return deserialise(Buffer.concat([decipher.update(data.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]));
    });
  }
}

/** `id1:base64key,id2:base64key` → keys; each key 32 bytes. Throws with a message that never holds a key. */
export function parsePayloadKeys(raw: string): PayloadKey[] {
  const keys = raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((pair, i) => {
      const at = pair.indexOf(':');
      const id = pair.slice(0, at);
      const key = Buffer.from(pair.slice(at + 1), 'base64');
      if (at < 1 || !/^[\w.-]{1,64}$/.test(id)) throw new CodecError(`pair ${i + 1} is not id:base64key (an id of letters, digits, ".", "-", "_")`);
      if (key.length !== 32) throw new CodecError(`key "${id}" is not 32 bytes of base64`);
      return { id, key };
    });
  if (keys.length === 0) throw new CodecError('no id:base64key pair');
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new CodecError('a key id is listed twice');
  return keys;
}

/** Keys back into a `PAYLOAD_KEYS` value (to pass on to child processes). */
export const formatPayloadKeys = (keys: readonly PayloadKey[]): string => keys.map((k) => `${k.id}:${k.key.toString('base64')}`).join(',');

/** A fresh `PAYLOAD_KEYS` value of one key. */
export const newPayloadKeys = (id = `k${Date.now().toString(36)}`): string => `${id}:${randomBytes(32).toString('base64')}`;

/** What every Temporal client and worker of this project passes as `dataConverter`. */
export const dataConverterFor = (keys: readonly PayloadKey[]) => ({ payloadCodecs: [new AesGcmPayloadCodec(keys)] });
