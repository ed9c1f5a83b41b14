import { describe, expect, test } from 'vitest';
import { presets } from '../../../../src/sim/index';
import { MAX_LINK_LENGTH, MAX_UNPACKED_BYTES, fromBase64Url, linkFits, packScenario, toBase64Url, unpackScenario } from '../../../../src/lib/share-link';

async function deflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('base64url', () => {
  test('round-trips every byte value without padding or URL-unsafe characters', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const text = toBase64Url(bytes);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(fromBase64Url(text)).toEqual(bytes);
  });

  test('refuses text that is not base64url', () => {
    expect(fromBase64Url('abc+/')).toBeNull();
    expect(fromBase64Url('a b')).toBeNull();
    expect(fromBase64Url('abcde')).toBeNull(); // a length of 4n + 1 cannot come from bytes
  });
});

describe('packScenario and unpackScenario', () => {
  test('a preset survives the round trip exactly, and packs far below the link limit', async () => {
    const scenario = presets['slow-search'];
    const packed = await packScenario(scenario);
    expect(packed).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(packed.length).toBeLessThan(JSON.stringify(scenario).length * 0.6);
    expect(packed.length).toBeLessThan(MAX_LINK_LENGTH);
    expect(await unpackScenario(packed)).toEqual({ ok: true, value: JSON.parse(JSON.stringify(scenario)) });
  });

  test('keeps text outside ASCII', async () => {
    const value = { name: 'Recherche lente — 検索', services: [] };
    expect(await unpackScenario(await packScenario(value))).toEqual({ ok: true, value });
  });

  test('says what is wrong with a damaged link, and never throws', async () => {
    const packed = await packScenario(presets.healthy);
    const results = await Promise.all([
      unpackScenario(''),
      unpackScenario('not base64!'),
      unpackScenario(packed.slice(0, Math.floor(packed.length / 2))),
      unpackScenario(toBase64Url(new TextEncoder().encode('plain text, not deflate'))),
      unpackScenario(toBase64Url(await deflateRaw(new TextEncoder().encode('{"name": '))) ),
      unpackScenario(toBase64Url(await deflateRaw(Uint8Array.from([0xff, 0xfe, 0xfd])))),
    ]);
    expect(results.map((r) => (r.ok ? 'ok' : r.problem))).toEqual([
      'empty',
      'damaged: it has characters a packed scenario never has, or was cut short',
      'damaged: it could not be unpacked, perhaps because the link was cut short',
      'damaged: it could not be unpacked, perhaps because the link was cut short',
      'damaged: it does not unpack to JSON',
      'damaged: it does not unpack to text',
    ]);
  });

  test('refuses a small link that unpacks into a huge text', async () => {
    const bomb = toBase64Url(await deflateRaw(new TextEncoder().encode(`"${' '.repeat(MAX_UNPACKED_BYTES + 10)}"`)));
    expect(bomb.length).toBeLessThan(MAX_LINK_LENGTH);
    const result = await unpackScenario(bomb);
    expect(result).toEqual({ ok: false, problem: 'too large: it unpacks to more than 1,000,000 bytes' });
  });

  test('refuses an overlong parameter before unpacking it', async () => {
    expect(await unpackScenario('A'.repeat(64_001))).toEqual({ ok: false, problem: 'too long to read (over 64,000 characters)' });
  });
});

describe('linkFits', () => {
  test('allows links up to 8,000 characters', () => {
    expect(MAX_LINK_LENGTH).toBe(8000);
    expect(linkFits(`https://example.org/?scenario=${'a'.repeat(8000 - 30)}`)).toBe(true);
    expect(linkFits(`https://example.org/?scenario=${'a'.repeat(8000 - 29)}`)).toBe(false);
  });

  test('a scenario of random (incompressible) text makes a link that does not fit', async () => {
    let seed = 7;
    const noise = Array.from({ length: 9000 }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return String.fromCharCode(33 + (seed % 90));
    }).join('');
    const packed = await packScenario({ name: 'big', description: noise });
    expect(linkFits(`https://example.org/simulator/?scenario=${packed}`)).toBe(false);
  });
});
