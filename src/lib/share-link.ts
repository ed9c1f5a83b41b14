/**
 * A whole scenario packed into one link parameter, so a learner can share what they built:
 * the JSON text, compressed with raw DEFLATE (`CompressionStream('deflate-raw')`), then written
 * in base64url (RFC 4648 §5: `A–Z a–z 0–9 - _`, no padding), which needs no escaping in a URL.
 *
 * Unpacking never throws: a damaged, cut-short or oversized parameter comes back as a sentence
 * that says what is wrong with it. Whether the JSON is a valid scenario is for the schema to say.
 */

/** The link parameter that carries a packed scenario. */
export const SCENARIO_PARAM = 'scenario';

/**
 * Longest share link offered, in characters. RFC 9110 (§4.1) asks every sender and recipient to
 * support request lines of at least 8,000 octets; browsers accept far longer addresses (Chromium
 * 2 MB), but web servers (Apache's default request-line limit is 8,190 bytes), proxies, chat apps
 * and mail clients may cut or refuse longer ones. Under 8,000 the link works wherever it is pasted.
 */
export const MAX_LINK_LENGTH = 8_000;

/** Longest parameter read; anything longer is refused before unpacking (far above what we write). */
export const MAX_PACKED_LENGTH = 64_000;

/** Largest unpacked JSON, bytes: a short link must not unpack into a text that fills the memory. */
export const MAX_UNPACKED_BYTES = 1_000_000;

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Bytes as base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** base64url (padding optional) as bytes, or null when the text is not base64url. */
export function fromBase64Url(text: string): Uint8Array | null {
  const trimmed = text.replace(/=+$/, '');
  if (!BASE64URL.test(trimmed) || trimmed.length % 4 === 1) return null;
  try {
    const binary = atob(trimmed.replaceAll('-', '+').replaceAll('_', '/'));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

class TooLarge extends Error {}

/** Pushes `bytes` through a (de)compression stream; stops with {@link TooLarge} past `limit` bytes out. */
async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, limit: number): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  // Errors surface on the readable side; these promises are only kept from going unhandled.
  writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new TooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** Packs a scenario (any JSON value) for the {@link SCENARIO_PARAM} parameter. */
export async function packScenario(value: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  return toBase64Url(await pipe(bytes, new CompressionStream('deflate-raw'), Number.POSITIVE_INFINITY));
}

/** The outcome of unpacking: the JSON value, or why the parameter cannot be read. */
export type UnpackResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: string };

/** Reads a packed scenario back. The problem is a phrase that can follow "the scenario in this link is …". */
export async function unpackScenario(packed: string): Promise<UnpackResult> {
  if (packed.length === 0) return { ok: false, problem: 'empty' };
  if (packed.length > MAX_PACKED_LENGTH) return { ok: false, problem: `too long to read (over ${MAX_PACKED_LENGTH.toLocaleString('en-US')} characters)` };
  const bytes = fromBase64Url(packed);
  if (bytes === null) return { ok: false, problem: 'damaged: it has characters a packed scenario never has, or was cut short' };
  let unpacked: Uint8Array;
  try {
    unpacked = await pipe(bytes, new DecompressionStream('deflate-raw'), MAX_UNPACKED_BYTES);
  } catch (error) {
    if (error instanceof TooLarge) return { ok: false, problem: `too large: it unpacks to more than ${MAX_UNPACKED_BYTES.toLocaleString('en-US')} bytes` };
    return { ok: false, problem: 'damaged: it could not be unpacked, perhaps because the link was cut short' };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(unpacked);
  } catch {
    return { ok: false, problem: 'damaged: it does not unpack to text' };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, problem: 'damaged: it does not unpack to JSON' };
  }
}

/** Whether a link is short enough to share (see {@link MAX_LINK_LENGTH}). */
export function linkFits(href: string): boolean {
  return href.length <= MAX_LINK_LENGTH;
}
