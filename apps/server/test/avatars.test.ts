import { readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, signedInAccount, type TestAccount } from './support/accounts.js';
import { pixelBomb, sidewaysPhoto, solid, svg } from './support/images.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
let alice: TestAccount;
let bob: TestAccount;

beforeAll(async () => {
  server = await startTestServer();
  alice = await signedInAccount(server);
  bob = await signedInAccount(server);
});

afterAll(async () => {
  await server?.close();
});

interface Me {
  id: string;
  avatarUrl: string | null;
}

function form(data: Buffer, filename: string, type: string, field = 'file'): FormData {
  const body = new FormData();
  body.append(field, new Blob([new Uint8Array(data)], { type }), filename);
  return body;
}

function upload(account: TestAccount | null, body: FormData | string, headers: Record<string, string> = {}) {
  const init: RequestInit = { method: 'PUT', body, headers };
  return server.request('/api/v1/me/avatar', account ? bearer(account.accessToken, init) : init);
}

async function uploaded(account: TestAccount, data: Buffer, filename: string, type: string): Promise<Me> {
  const response = await upload(account, form(data, filename, type));
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Me;
}

async function me(account: TestAccount): Promise<Me> {
  return (await (await server.request('/api/v1/me', bearer(account.accessToken))).json()) as Me;
}

async function errorCode(response: Response): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

/** The avatar files in the embedded store, by name. */
function storedAvatarFiles(): string[] {
  try {
    return readdirSync(path.join(server.config.dataDir, 'files', 'avatars'))
      .filter((name) => !name.includes('~'))
      .sort();
  } catch {
    return [];
  }
}

const keyOf = (url: string) => /^\/api\/v1\/avatars\/([0-9a-f-]{36})\/256$/.exec(url)![1]!;

describe('uploading a profile picture', () => {
  it('stores an upright, square, metadata-free WebP and serves it publicly, cacheable forever', async () => {
    const profile = await uploaded(alice, await sidewaysPhoto(), 'IMG_0001.jpg', 'image/jpeg');
    expect(profile.avatarUrl).toMatch(/^\/api\/v1\/avatars\/[0-9a-f-]{36}\/256$/);
    expect((await me(alice)).avatarUrl).toBe(profile.avatarUrl);

    const response = await server.request(profile.avatarUrl!); // no token: <img> cannot send one
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/webp');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const image = Buffer.from(await response.arrayBuffer());
    expect(Number(response.headers.get('content-length'))).toBe(image.length);

    const metadata = await sharp(image).metadata();
    expect(metadata).toMatchObject({ format: 'webp', width: 256, height: 256 });
    expect(metadata.exif).toBeUndefined();
    expect(metadata.orientation).toBeUndefined();
    expect(image.includes('Alice')).toBe(false);

    // Turned upright, the red left half of the stored pixels is on top: the square crop of the
    // portrait shows red above blue. Unrotated, red would be on the left.
    const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const isRed = (x: number, y: number) => {
      const [r, , b] = data.subarray((y * info.width + x) * info.channels);
      return r! > 200 && b! < 60;
    };
    expect([isRed(30, 30), isRed(225, 30), isRed(30, 225), isRed(225, 225)]).toEqual([
      true,
      true,
      false,
      false,
    ]);

    const small = await server.request(profile.avatarUrl!.replace(/256$/, '64'));
    expect(small.status).toBe(200);
    expect(await sharp(Buffer.from(await small.arrayBuffer())).metadata()).toMatchObject({
      format: 'webp',
      width: 64,
      height: 64,
    });
  });

  it('shows the picture on the public profile and records it in the activity history', async () => {
    const { avatarUrl } = await me(alice);
    const seen = await server.request(`/api/v1/users/${alice.id}`, bearer(bob.accessToken));
    expect(((await seen.json()) as Me).avatarUrl).toBe(avatarUrl);

    const history = (await (
      await server.request('/api/v1/me/activity', bearer(alice.accessToken))
    ).json()) as {
      items: Array<{ type: string; details: { fields?: string[] } }>;
    };
    expect(history.items[0]).toMatchObject({ type: 'profile.updated', details: { fields: ['avatar'] } });
  });

  it.each([
    ['PNG', 'png', 'image/png'],
    ['WebP', 'webp', 'image/webp'],
    ['GIF', 'gif', 'image/gif'],
  ] as const)('accepts a %s', async (_, format, type) => {
    const profile = await uploaded(bob, await solid(format), `picture.${format}`, type);
    const image = await server.request(profile.avatarUrl!);
    expect(await sharp(Buffer.from(await image.arrayBuffer())).metadata()).toMatchObject({
      format: 'webp',
      width: 256,
      height: 256,
    });
  });

  it('goes by the bytes, not the name or declared type: a PNG called .jpg is read as a PNG', async () => {
    const profile = await uploaded(bob, await solid('png'), 'photo.jpg', 'image/jpeg');
    expect((await server.request(profile.avatarUrl!)).status).toBe(200);
  });

  it('deletes the files of the picture it replaces', async () => {
    const first = await uploaded(bob, await solid('png'), 'a.png', 'image/png');
    const second = await uploaded(bob, await solid('webp'), 'b.webp', 'image/webp');
    expect(keyOf(second.avatarUrl!)).not.toBe(keyOf(first.avatarUrl!));

    const old = await server.request(first.avatarUrl!);
    expect(old.status).toBe(404);
    expect(await errorCode(old)).toBe('avatar.not_found');
    expect(old.headers.get('cache-control') ?? '').not.toContain('immutable');
    const key = keyOf(second.avatarUrl!);
    const aliceKey = keyOf((await me(alice)).avatarUrl!);
    expect(storedAvatarFiles()).toEqual(
      [`${aliceKey}-256.webp`, `${aliceKey}-64.webp`, `${key}-256.webp`, `${key}-64.webp`].sort(),
    );
  });
});

describe('refusing what is not a picture', () => {
  let carol: TestAccount;
  let before: string | null;

  beforeAll(async () => {
    carol = await signedInAccount(server);
    before = (await uploaded(carol, await solid('png'), 'ok.png', 'image/png')).avatarUrl;
  });

  it.each([
    [
      'a text file named .png and declared image/png',
      Buffer.from('hello, I am text\n'.repeat(50)),
      'x.png',
      'image/png',
    ],
    ['an SVG (it can carry script)', svg, 'logo.svg', 'image/svg+xml'],
    ['an SVG that claims to be a PNG', svg, 'logo.png', 'image/png'],
    ['HTML', Buffer.from('<!doctype html><html><script>alert(1)</script></html>'), 'a.png', 'image/png'],
  ])('refuses %s with 415 file.unsupported_type', async (_, data, filename, type) => {
    const response = await upload(carol, form(data, filename, type));
    expect(response.status).toBe(415);
    expect(await errorCode(response)).toBe('file.unsupported_type');
  });

  it('refuses a format the image library could read but that is not accepted (TIFF)', async () => {
    const response = await upload(carol, form(await solid('tiff'), 'scan.png', 'image/png'));
    expect(response.status).toBe(415);
    expect(await errorCode(response)).toBe('file.unsupported_type');
  });

  it('refuses a file over 5 MiB with 413 request.payload_too_large', async () => {
    const big = Buffer.concat([await sidewaysPhoto(), Buffer.alloc(5 * 1024 * 1024)]);
    const response = await upload(carol, form(big, 'huge.jpg', 'image/jpeg'));
    expect(response.status).toBe(413);
    expect(await errorCode(response)).toBe('request.payload_too_large');
  });

  it('refuses a small file that declares too many pixels, without decoding it', async () => {
    const bomb = pixelBomb(20_000, 20_000);
    expect(bomb.length).toBeLessThan(200_000);
    const started = Date.now();
    const response = await upload(carol, form(bomb, 'bomb.png', 'image/png'));
    expect(response.status).toBe(422);
    expect(await errorCode(response)).toBe('file.image_too_large');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses a damaged image with 422 file.invalid_image', async () => {
    const truncated = (await sidewaysPhoto()).subarray(0, 2000);
    const response = await upload(carol, form(truncated, 'cut.jpg', 'image/jpeg'));
    expect(response.status).toBe(422);
    expect(await errorCode(response)).toBe('file.invalid_image');
  });

  it('refuses a body that is not a multipart form, or a form without the file field', async () => {
    const json = await upload(carol, JSON.stringify({ file: 'x' }), { 'content-type': 'application/json' });
    expect(json.status).toBe(415);
    expect(await errorCode(json)).toBe('request.unsupported_media_type');

    const wrongField = await upload(carol, form(await solid('png'), 'a.png', 'image/png', 'photo'));
    expect(wrongField.status).toBe(400);
    expect(await errorCode(wrongField)).toBe('validation.failed');

    const noBoundary = await upload(carol, 'garbage', { 'content-type': 'multipart/form-data' });
    expect(noBoundary.status).toBe(400);
    expect(await errorCode(noBoundary)).toBe('validation.failed');
  });

  it('left the previous picture in place through all of that', async () => {
    expect((await me(carol)).avatarUrl).toBe(before);
    expect((await server.request(before!)).status).toBe(200);
  });
});

describe('who may change a picture', () => {
  it('needs a signed-in caller', async () => {
    const put = await upload(null, form(await solid('png'), 'a.png', 'image/png'));
    expect(put.status).toBe(401);
    expect(await errorCode(put)).toBe('auth.unauthenticated');
    const del = await server.request('/api/v1/me/avatar', { method: 'DELETE' });
    expect(del.status).toBe(401);
  });

  it("only ever changes the caller's own picture", async () => {
    const dave = await signedInAccount(server);
    const erin = await signedInAccount(server);
    const erinsUrl = (await uploaded(erin, await solid('png'), 'e.png', 'image/png')).avatarUrl;

    await uploaded(dave, await solid('webp'), 'd.webp', 'image/webp');
    expect((await me(erin)).avatarUrl).toBe(erinsUrl);
    const removed = await server.request('/api/v1/me/avatar', bearer(dave.accessToken, { method: 'DELETE' }));
    expect(((await removed.json()) as Me).id).toBe(dave.id);
    expect((await me(erin)).avatarUrl).toBe(erinsUrl);
    expect((await server.request(erinsUrl!)).status).toBe(200);

    // There is no route that names another user's picture.
    const other = await server.request(
      `/api/v1/users/${erin.id}/avatar`,
      bearer(dave.accessToken, { method: 'PUT', body: form(await solid('png'), 'a.png', 'image/png') }),
    );
    expect(other.status).toBe(404);
  });
});

describe('removing a picture', () => {
  it('clears avatarUrl and deletes the files', async () => {
    const frank = await signedInAccount(server);
    const { avatarUrl } = await uploaded(frank, await solid('png'), 'f.png', 'image/png');
    const key = keyOf(avatarUrl!);

    const response = await server.request(
      '/api/v1/me/avatar',
      bearer(frank.accessToken, { method: 'DELETE' }),
    );
    expect(response.status).toBe(200);
    expect(((await response.json()) as Me).avatarUrl).toBeNull();
    expect((await me(frank)).avatarUrl).toBeNull();
    expect((await server.request(avatarUrl!)).status).toBe(404);
    expect(storedAvatarFiles().filter((name) => name.startsWith(key))).toEqual([]);

    const again = await server.request('/api/v1/me/avatar', bearer(frank.accessToken, { method: 'DELETE' }));
    expect(again.status).toBe(200);
  });
});

describe('serving pictures', () => {
  it('answers 404 in the error envelope for a key that never existed, 400 for a size not offered', async () => {
    const unknown = await server.request('/api/v1/avatars/0192f0c8-0000-7000-8000-000000000000/256');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await errorCode(unknown)).toBe('avatar.not_found');

    const { avatarUrl } = await me(alice);
    expect((await server.request(avatarUrl!.replace(/256$/, '128'))).status).toBe(400);
    expect((await server.request('/api/v1/avatars/..%2F..%2Fpg/256')).status).toBe(400);
  });
});
