import { randomBytes } from 'node:crypto';
import { type File, type Message } from '@beseda/protocol';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStorage } from '../src/infra/storage/file-storage.js';
import { FilesCleanup } from '../src/modules/files/files-cleanup.js';
import { FileUrls } from '../src/modules/files/file-urls.js';
import { bearer, signedInAccount, type TestAccount } from './support/accounts.js';
import { chatClient, errorCode } from './support/chats.js';
import { pixelBomb, sidewaysPhoto, solid, svg } from './support/images.js';
import { type S3TestServer, startS3TestServer } from './support/s3-server.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const MAX_BYTES = 300_000;
const QUOTA_BYTES = 1_000_000;

function form(data: Buffer, filename: string, type: string, field = 'file'): FormData {
  const body = new FormData();
  body.append(field, new Blob([new Uint8Array(data)], { type }), filename);
  return body;
}

/** Zeros: no signature matches and they are not text, so they are stored as unknown bytes. */
const opaque = (size: number) => Buffer.alloc(size);

describe.each(['local', 's3'] as const)('files on %s storage', (storageKind) => {
  let s3: S3TestServer | undefined;
  let server: TestServer;
  let alice: TestAccount;
  let bob: TestAccount;
  let carol: TestAccount;
  let chatId: string;
  const { call, createChat, history } = chatClient(() => server);

  beforeAll(async () => {
    const env: Record<string, string> = {
      FILE_MAX_BYTES: String(MAX_BYTES),
      FILE_QUOTA_BYTES: String(QUOTA_BYTES),
    };
    if (storageKind === 's3') {
      s3 = await startS3TestServer();
      Object.assign(env, s3.env(await s3.createBucket()));
    }
    server = await startTestServer({ env });
    expect(server.app.get(FileStorage).kind).toBe(storageKind);
    [alice, bob, carol] = await Promise.all([
      signedInAccount(server),
      signedInAccount(server),
      signedInAccount(server),
    ]);
    chatId = (await createChat(alice, { type: 'private', name: 'Design', memberIds: [bob.id] })).id;
  });

  afterAll(async () => {
    await server?.close();
    await s3?.close();
  });

  const upload = (account: TestAccount, data: Buffer, filename: string, type: string) =>
    server.request(
      '/api/v1/files',
      bearer(account.accessToken, { method: 'POST', body: form(data, filename, type) }),
    );

  async function uploaded(account: TestAccount, data: Buffer, filename: string, type: string): Promise<File> {
    const response = await upload(account, data, filename, type);
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as File;
  }

  const sendWith = (account: TestAccount, attachments: string[], text = '') =>
    call(account, 'POST', `/api/v1/chats/${chatId}/messages`, {
      clientId: randomBytes(8).toString('hex'),
      text,
      attachments,
    });

  async function sent(account: TestAccount, attachments: string[], text = ''): Promise<Message> {
    const response = await sendWith(account, attachments, text);
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as Message;
  }

  /** Fetches like a browser: no Authorization header. */
  const fetchAnonymously = (url: string) => server.request(url);

  describe('uploading', () => {
    it('judges the type by the bytes: a PNG named report.pdf is a PNG image', async () => {
      const file = await uploaded(alice, await solid('png'), 'report.pdf', 'application/pdf');
      expect(file).toMatchObject({
        name: 'report.pdf',
        contentType: 'image/png',
        kind: 'image',
        width: 300,
        height: 200,
      });
    });

    it.each([
      ['a Windows program', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(2000)])],
      [
        'a Linux program',
        Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(2000)]),
      ],
    ])('refuses %s disguised as a JPEG with 415 file.type_not_allowed', async (_, bytes) => {
      const response = await upload(alice, bytes, 'holiday.jpg', 'image/jpeg');
      expect(response.status).toBe(415);
      expect(await errorCode(response)).toBe('file.type_not_allowed');
    });

    it('refuses a file over FILE_MAX_BYTES with 413 file.too_large', async () => {
      const response = await upload(alice, opaque(MAX_BYTES + 1), 'big.bin', 'application/octet-stream');
      expect(response.status).toBe(413);
      expect(await errorCode(response)).toBe('file.too_large');
    });

    it('refuses an upload past the quota with 413 file.quota_exceeded, counting only live files', async () => {
      const dave = await signedInAccount(server);
      for (let i = 0; i < 3; i++)
        await uploaded(dave, opaque(280_000), `part-${i}.bin`, 'application/octet-stream');
      const over = await upload(dave, opaque(280_000), 'part-3.bin', 'application/octet-stream');
      expect(over.status).toBe(413);
      expect(await errorCode(over)).toBe('file.quota_exceeded');
      // Others are not affected by Dave's usage.
      await uploaded(carol, opaque(1000), 'small.bin', 'application/octet-stream');
    });

    it('makes an upright, metadata-free WebP preview and thumbnail of a JPEG', async () => {
      const file = await uploaded(alice, await sidewaysPhoto(), 'IMG_0001.jpg', 'image/jpeg');
      // Stored sideways with EXIF orientation 6: shown 600 wide, 1000 high.
      expect(file).toMatchObject({ contentType: 'image/jpeg', kind: 'image', width: 600, height: 1000 });
      for (const [url, longest] of [
        [file.thumbnailUrl!, 320],
        [file.previewUrl!, 1000],
      ] as const) {
        const response = await fetchAnonymously(url);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('image/webp');
        const metadata = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
        expect(metadata.format).toBe('webp');
        expect(Math.max(metadata.width, metadata.height)).toBe(longest);
        expect(metadata.height).toBeGreaterThan(metadata.width);
        expect(metadata.exif).toBeUndefined();
        expect(metadata.orientation).toBeUndefined();
      }
    });

    it.each(['png', 'webp'] as const)('makes a thumbnail of a %s', async (format) => {
      const file = await uploaded(alice, await solid(format, 800, 400), `pic.${format}`, `image/${format}`);
      expect(file.contentType).toBe(`image/${format}`);
      const response = await fetchAnonymously(file.thumbnailUrl!);
      const metadata = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
      expect([metadata.width, metadata.height]).toEqual([320, 160]);
    });

    it('refuses a pixel bomb with 400 file.bad_image before decoding it', async () => {
      const response = await upload(alice, pixelBomb(20_000, 20_000), 'bomb.png', 'image/png');
      expect(response.status).toBe(400);
      expect(await errorCode(response)).toBe('file.bad_image');
    });

    it('keeps other files as they are, without preview', async () => {
      const data = Buffer.from('name,amount\nAlice,3\n');
      const file = await uploaded(alice, data, 'sums.csv', 'text/csv');
      expect(file).toMatchObject({
        contentType: 'text/plain',
        kind: 'file',
        size: data.length,
        previewUrl: null,
        thumbnailUrl: null,
      });
      const response = await fetchAnonymously(file.url);
      expect(Buffer.from(await response.arrayBuffer()).equals(data)).toBe(true);
    });
  });

  describe('sending and downloading', () => {
    it('sends files with or without text; members download by signed link, with safe headers', async () => {
      const photo = await uploaded(alice, await solid('png'), 'photo.png', 'image/png');
      const doc = await uploaded(
        alice,
        Buffer.from('%PDF-1.4\n%\u00e2\u00e3\n1 0 obj\n'),
        'Отчёт "Q3".pdf',
        'application/pdf',
      );
      const message = await sent(alice, [doc.id, photo.id]);
      expect(message.text).toBe('');
      expect(message.attachments.map((file) => file.id)).toEqual([doc.id, photo.id]);

      const [seen] = (await history(bob, chatId)).filter((item) => item.id === message.id);
      expect(seen!.attachments.map((file) => file.name)).toEqual(['Отчёт "Q3".pdf', 'photo.png']);
      const [docForBob, photoForBob] = seen!.attachments;

      const pdf = await fetchAnonymously(docForBob!.url);
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      expect(pdf.headers.get('content-disposition')).toBe(
        `attachment; filename="_____ _Q3_.pdf"; filename*=UTF-8''${encodeURIComponent('Отчёт "Q3".pdf')}`,
      );
      expect(pdf.headers.get('x-content-type-options')).toBe('nosniff');
      const image = await fetchAnonymously(photoForBob!.url);
      expect(image.headers.get('content-disposition')).toMatch(/^inline; /);
      expect(image.headers.get('content-type')).toBe('image/png');

      // API clients may use their token instead of a signature.
      const byToken = await server.request(`/api/v1/files/${photo.id}`, bearer(bob.accessToken));
      expect(byToken.status).toBe(200);
      const redirect = await server.request(
        `/api/v1/files/${photo.id}/thumbnail`,
        bearer(bob.accessToken, { redirect: 'manual' }),
      );
      expect(redirect.status).toBe(302);
      expect(redirect.headers.get('location')).toMatch(
        new RegExp(`^/api/v1/files/${photo.id}\\?v=thumbnail&exp=\\d+&sig=[\\w-]{43}$`),
      );
    });

    it('never shows SVG or HTML inline: they are downloads of plain text', async () => {
      for (const [data, name] of [
        [svg, 'logo.svg'],
        [Buffer.from('<!doctype html><script>alert(1)</script>'), 'page.html'],
      ] as const) {
        const file = await uploaded(alice, data, name, name.endsWith('svg') ? 'image/svg+xml' : 'text/html');
        const response = await fetchAnonymously(file.url);
        expect(response.headers.get('content-type')).not.toMatch(/svg|html/);
        expect(response.headers.get('content-disposition')).toMatch(/^attachment; /);
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      }
    });

    it('needs text or a file, and at most ten files', async () => {
      const empty = await sendWith(alice, []);
      expect(empty.status).toBe(400);
      const ids = Array.from({ length: 11 }, () => crypto.randomUUID());
      expect((await sendWith(alice, ids, 'many')).status).toBe(400);
    });

    it("refuses someone else's upload, or one already sent, with 400 file.invalid_attachment", async () => {
      const file = await uploaded(alice, await solid('png'), 'mine.png', 'image/png');
      const stolen = await sendWith(bob, [file.id], 'look what I found');
      expect(stolen.status).toBe(400);
      expect(await errorCode(stolen)).toBe('file.invalid_attachment');
      await sent(alice, [file.id], 'first');
      const again = await sendWith(alice, [file.id], 'again');
      expect(again.status).toBe(400);
      expect(await errorCode(again)).toBe('file.invalid_attachment');
      // The failed sends took no place in the chat.
      const texts = (await history(alice, chatId)).map((message) => message.text);
      expect(texts).not.toContain('again');
      expect(texts).not.toContain('look what I found');
    });

    it('gives a non-member nothing: not by token, not by guessing, not with an altered or expired link', async () => {
      const file = await uploaded(alice, await solid('png'), 'private.png', 'image/png');
      const message = await sent(alice, [file.id], 'for the team only');
      const url = new URL(message.attachments[0]!.url, server.url);
      const exp = Number(url.searchParams.get('exp'));
      const sig = url.searchParams.get('sig')!;
      const urls = server.app.get(FileUrls);

      const attempts = [
        server.request(`/api/v1/files/${file.id}`, bearer(carol.accessToken)),
        server.request(
          `/api/v1/files/${file.id}/thumbnail`,
          bearer(carol.accessToken, { redirect: 'manual' }),
        ),
        fetchAnonymously(`/api/v1/files/${file.id}`),
        fetchAnonymously(`/api/v1/files/${file.id}?v=original&exp=${exp + 3600}&sig=${sig}`),
        fetchAnonymously(`/api/v1/files/${file.id}?v=preview&exp=${exp}&sig=${sig}`),
        fetchAnonymously(`/api/v1/files/${file.id}?v=original&exp=${exp}&sig=${'A'.repeat(43)}`),
        fetchAnonymously(urls.signUntil(file.id, 'original', Math.floor(Date.now() / 1000) - 1)),
        // A real link for one file does not open another.
        fetchAnonymously(`/api/v1/files/${crypto.randomUUID()}?v=original&exp=${exp}&sig=${sig}`),
      ];
      for (const response of await Promise.all(attempts)) {
        expect(response.status).toBe(404);
        expect(await errorCode(response)).toBe('file.not_found');
      }
      expect((await fetchAnonymously(url.pathname + url.search)).status).toBe(200);
      // Links are signed only for those who may read the message.
      expect((await call(carol, 'GET', `/api/v1/chats/${chatId}/messages`)).status).toBe(404);
    });

    it("an upload not yet sent is only its uploader's", async () => {
      const file = await uploaded(alice, await solid('png'), 'draft.png', 'image/png');
      expect((await server.request(`/api/v1/files/${file.id}`, bearer(alice.accessToken))).status).toBe(200);
      expect((await server.request(`/api/v1/files/${file.id}`, bearer(bob.accessToken))).status).toBe(404);
    });

    it("takes a deleted message's files away at once, links included, and frees their storage", async () => {
      const file = await uploaded(alice, await solid('png'), 'oops.png', 'image/png');
      const message = await sent(alice, [file.id], 'wrong chat');
      expect((await fetchAnonymously(message.attachments[0]!.url)).status).toBe(200);

      expect((await call(alice, 'DELETE', `/api/v1/messages/${message.id}`)).status).toBe(204);
      expect((await fetchAnonymously(message.attachments[0]!.url)).status).toBe(404);
      expect((await fetchAnonymously(message.attachments[0]!.thumbnailUrl!)).status).toBe(404);
      const [tombstone] = (await history(bob, chatId)).filter((item) => item.id === message.id);
      expect(tombstone!.attachments).toEqual([]);

      const storage = server.app.get(FileStorage);
      expect(await storage.get(`files/${file.id}/original`)).not.toBeNull();
      await server.app.get(FilesCleanup).run();
      expect(await storage.get(`files/${file.id}/original`)).toBeNull();
      expect(await storage.get(`files/${file.id}/thumbnail.webp`)).toBeNull();
    });

    it('deletes uploads never attached within a day, and keeps those that were', async () => {
      const abandoned = await uploaded(alice, await solid('png'), 'abandoned.png', 'image/png');
      const kept = await uploaded(alice, await solid('png'), 'kept.png', 'image/png');
      const message = await sent(alice, [kept.id], 'kept');
      const cleanup = server.app.get(FilesCleanup);

      await cleanup.run(new Date(Date.now() + 23 * 3600_000));
      expect((await fetchAnonymously(abandoned.url)).status).toBe(200);
      await cleanup.run(new Date(Date.now() + 25 * 3600_000));
      expect((await fetchAnonymously(abandoned.url)).status).toBe(404);
      expect(await server.app.get(FileStorage).get(`files/${abandoned.id}/original`)).toBeNull();
      expect((await fetchAnonymously(message.attachments[0]!.url)).status).toBe(200);
      // Too late to attach it now.
      expect((await sendWith(alice, [abandoned.id], 'late')).status).toBe(400);
    });

    it('never writes a link signature to the log', async () => {
      const file = await uploaded(alice, await solid('png'), 'logged.png', 'image/png');
      await fetchAnonymously(file.url);
      const sig = new URL(file.url, server.url).searchParams.get('sig')!;
      expect(server.rawLogs()).not.toContain(sig);
    });
  });
});
