import { type File as FileAttachment, type Message } from '@beseda/protocol';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../auth/session';
import { type MockReply, mockApi } from '../../test/api-mock';
import { buildMe, buildTokenPair } from '../../test/factories';
import { buildChat, buildFile, buildMessage, buildPerson } from './testing/chat-factories';
import { fakeUploads, localFile } from './testing/fake-upload';
import { renderChats } from './testing/render-chats';

const me = buildMe();
const chat = buildChat({ name: 'general', lastSeq: 1 });
const sendRoute = `POST /api/v1/chats/${chat.id}/messages`;

type Handler = MockReply | ((request: Request) => Promise<MockReply> | MockReply);

function chatRoutes(extra: Record<string, Handler> = {}) {
  return mockApi({
    'GET /api/v1/me': { status: 200, body: me },
    'GET /api/v1/chats': { status: 200, body: { items: [chat] } },
    [`GET /api/v1/chats/${chat.id}/messages`]: { status: 200, body: { items: [] } },
    [`GET /api/v1/users/${me.id}`]: { status: 200, body: buildPerson({ id: me.id, displayName: 'Me' }) },
    [`POST /api/v1/chats/${chat.id}/read`]: { status: 200, body: { lastReadSeq: 1 } },
    ...extra,
  });
}

/** Answers a send as the server does: the message stored, with the files it named. */
function storeMessage(files: FileAttachment[]): (request: Request) => Promise<MockReply> {
  return async (request) => {
    const body = (await request.clone().json()) as { clientId: string; text: string; attachments?: string[] };
    const message: Message = buildMessage({
      chatId: chat.id,
      seq: 2,
      authorId: me.id,
      clientId: body.clientId,
      text: body.text,
      attachments: (body.attachments ?? []).map((id) => files.find((file) => file.id === id)!),
    });
    return { status: 201, body: message };
  };
}

const composer = () => screen.getByTestId('composer') as HTMLTextAreaElement;
const sendButton = () => screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement;
const trayItems = () => within(screen.getByTestId('attachment-tray')).getAllByTestId('tray-item');

/** Lets what the test did (an answer to an upload) run through its promises and re-render. */
async function settle(action: () => void) {
  await act(async () => {
    action();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

/** The same file, as a form hands over a copy of it. */
function sameFile(file: File) {
  return expect.objectContaining({ name: file.name, size: file.size, type: file.type }) as unknown;
}

function pick(...files: File[]) {
  fireEvent.change(screen.getByTestId('attach-input'), { target: { files } });
}

async function bodyOf(request: Request): Promise<Record<string, unknown>> {
  return (await request.clone().json()) as Record<string, unknown>;
}

describe('attaching files', () => {
  beforeEach(() => signIn(buildTokenPair({ accessToken: 'token-of-anna' })));

  it('uploads picked files at once, shows their progress, and sends the message with their ids', async () => {
    const uploads = fakeUploads();
    const photo = buildFile({
      name: 'photo.png',
      kind: 'image',
      contentType: 'image/png',
      width: 800,
      height: 600,
    });
    const report = buildFile({ name: 'report.pdf' });
    const api = chatRoutes({ [sendRoute]: storeMessage([photo, report]) });
    renderChats(`/chats/${chat.id}`);
    await screen.findByTestId('composer');

    const photoFile = localFile('photo.png', 'image/png');
    pick(photoFile, localFile('report.pdf', 'application/pdf'));

    expect(uploads).toHaveLength(2);
    expect(uploads[0]!.method).toBe('POST');
    expect(new URL(uploads[0]!.url).pathname).toBe('/api/v1/files');
    expect(uploads[0]!.headers.Authorization).toBe('Bearer token-of-anna');
    expect(uploads[0]!.file).toEqual(sameFile(photoFile));
    expect(uploads[1]!.file.name).toBe('report.pdf');
    expect(trayItems().map((item) => item.getAttribute('data-status'))).toEqual(['uploading', 'uploading']);
    // Nothing to send until the files are there, even with text.
    fireEvent.change(composer(), { target: { value: 'Here you go' } });
    expect(sendButton().disabled).toBe(true);

    act(() => uploads[0]!.progress(300, 1000));
    const bar = within(trayItems()[0]!).getByRole('progressbar', { name: 'Uploading photo.png: 30%' });
    expect(bar.getAttribute('aria-valuenow')).toBe('30');

    await settle(() => uploads[0]!.respond(201, photo));
    expect(trayItems()[0]!.getAttribute('data-status')).toBe('done');
    expect(sendButton().disabled).toBe(true);
    await settle(() => uploads[1]!.respond(201, report));
    expect(sendButton().disabled).toBe(false);

    fireEvent.keyDown(composer(), { key: 'Enter' });

    await waitFor(() => expect(api.requestsTo(sendRoute)).toHaveLength(1));
    expect(await bodyOf(api.requestsTo(sendRoute)[0]!)).toEqual({
      clientId: expect.any(String),
      text: 'Here you go',
      attachments: [photo.id, report.id],
    });
    expect(screen.queryByTestId('attachment-tray')).toBeNull();
    expect(composer().value).toBe('');
    const sent = await screen.findByText('Here you go');
    const row = sent.closest<HTMLElement>('[data-testid="message"]')!;
    await waitFor(() => expect(row.getAttribute('data-pending')).toBeNull());
    expect(within(row).getAllByTestId('attachment-image')).toHaveLength(1);
    expect(within(row).getByTestId('attachment-file').textContent).toContain('report.pdf');
  });

  it('sends files without text, showing them on the message while it is on its way', async () => {
    const uploads = fakeUploads();
    const report = buildFile({ name: 'minutes.pdf' });
    let answer: () => void = () => undefined;
    const api = chatRoutes({
      [sendRoute]: (request) =>
        new Promise<MockReply>((resolve) => {
          answer = () => void storeMessage([report])(request).then(resolve);
        }),
    });
    renderChats(`/chats/${chat.id}`);
    await screen.findByTestId('composer');
    expect(sendButton().disabled).toBe(true);

    pick(localFile('minutes.pdf', 'application/pdf'));
    await settle(() => uploads[0]!.respond(201, report));
    fireEvent.click(sendButton());

    await waitFor(() => expect(api.requestsTo(sendRoute)).toHaveLength(1));
    expect(await bodyOf(api.requestsTo(sendRoute)[0]!)).toEqual({
      clientId: expect.any(String),
      text: '',
      attachments: [report.id],
    });
    const pending = within(screen.getByTestId('message-list')).getByTestId('message');
    expect(pending.getAttribute('data-pending')).toBe('sending');
    expect(within(pending).getByTestId('attachment-file').textContent).toContain('minutes.pdf');
    // No empty line of text above the file.
    expect(within(pending).queryByTestId('message-text')).toBeNull();

    answer();
    await waitFor(() =>
      expect(within(screen.getByTestId('message-list')).getByTestId('message').getAttribute('data-seq')).toBe(
        '2',
      ),
    );
    const stored = within(screen.getByTestId('message-list')).getByTestId('message');
    expect(stored.getAttribute('data-pending')).toBeNull();
    expect(within(stored).getByTestId('attachment-file').getAttribute('href')).toBe(report.url);
  });

  it('cancels an upload under way with ✕, aborting its request', async () => {
    const uploads = fakeUploads();
    chatRoutes();
    renderChats(`/chats/${chat.id}`);
    await screen.findByTestId('composer');

    pick(localFile('huge.mov', 'video/quicktime'));
    act(() => uploads[0]!.progress(10, 1000));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel uploading huge.mov' }));

    expect(uploads[0]!.aborted).toBe(true);
    expect(screen.queryByTestId('attachment-tray')).toBeNull();
    expect(sendButton().disabled).toBe(true);
  });

  it('says why the server refused a file, and removes it on request', async () => {
    const uploads = fakeUploads();
    chatRoutes();
    renderChats(`/chats/${chat.id}`);
    await screen.findByTestId('composer');

    pick(localFile('backup.zip', 'application/zip'));
    await settle(() =>
      uploads[0]!.respond(413, { error: { code: 'file.too_large', message: 'File too large', details: [] } }),
    );

    const item = trayItems()[0]!;
    expect(item.getAttribute('data-status')).toBe('failed');
    expect(within(item).getByRole('alert').textContent).toBe('The file is too large');
    // A refusal does not pass with a retry: no button for it.
    expect(within(item).queryByRole('button', { name: 'Try again' })).toBeNull();
    expect(sendButton().disabled).toBe(true);

    fireEvent.click(within(item).getByRole('button', { name: 'Remove backup.zip' }));
    expect(screen.queryByTestId('attachment-tray')).toBeNull();
  });

  it('says in Russian that a type is not allowed or the quota is used up', async () => {
    const uploads = fakeUploads();
    chatRoutes();
    renderChats(`/chats/${chat.id}`, { language: 'ru' });
    await screen.findByTestId('composer');

    pick(
      localFile('virus.exe', 'application/x-msdownload'),
      localFile('big.iso', 'application/octet-stream'),
    );
    await settle(() => {
      uploads[0]!.respond(415, { error: { code: 'file.type_not_allowed', message: 'No', details: [] } });
      uploads[1]!.respond(413, { error: { code: 'file.quota_exceeded', message: 'No', details: [] } });
    });

    const [first, second] = trayItems();
    expect(within(first!).getByRole('alert').textContent).toBe('Файлы такого типа прикреплять нельзя');
    expect(within(second!).getByRole('alert').textContent).toContain('Место для ваших файлов закончилось');
  });

  it('offers to retry an upload that got no answer, and the retry uploads the file again', async () => {
    const uploads = fakeUploads();
    const notes = buildFile({ name: 'notes.txt', contentType: 'text/plain' });
    chatRoutes();
    renderChats(`/chats/${chat.id}`);
    await screen.findByTestId('composer');

    pick(localFile('notes.txt', 'text/plain'));
    await settle(() => uploads[0]!.fail());
    expect(within(trayItems()[0]!).getByRole('alert').textContent).toContain('Cannot reach the server');

    fireEvent.click(within(trayItems()[0]!).getByRole('button', { name: 'Try again' }));
    expect(uploads).toHaveLength(2);
    expect(uploads[1]!.file.name).toBe('notes.txt');
    await settle(() => uploads[1]!.respond(201, notes));
    expect(trayItems()[0]!.getAttribute('data-status')).toBe('done');
    expect(sendButton().disabled).toBe(false);
  });

  it('takes files dropped on the conversation, with a drop zone while they are dragged over it', async () => {
    const uploads = fakeUploads();
    chatRoutes();
    renderChats(`/chats/${chat.id}`);
    await screen.findByTestId('composer');
    const conversation = screen.getByTestId('message-list');
    const dropped = localFile('plan.pdf', 'application/pdf');
    const dataTransfer = { types: ['Files'], files: [dropped], dropEffect: 'none' };

    // Dragged text is not a file: no drop zone for it.
    fireEvent.dragEnter(conversation, { dataTransfer: { types: ['text/plain'], files: [] } });
    expect(screen.queryByTestId('drop-zone')).toBeNull();

    fireEvent.dragEnter(conversation, { dataTransfer });
    expect(screen.getByTestId('drop-zone').textContent).toBe('Drop files here to attach them');
    fireEvent.dragOver(conversation, { dataTransfer });
    fireEvent.drop(conversation, { dataTransfer });

    expect(screen.queryByTestId('drop-zone')).toBeNull();
    expect(uploads).toHaveLength(1);
    expect(uploads[0]!.file).toEqual(sameFile(dropped));
    expect(trayItems()).toHaveLength(1);
  });

  it('hides the drop zone when the files are dragged away again', async () => {
    fakeUploads();
    chatRoutes();
    renderChats(`/chats/${chat.id}`);
    await screen.findByTestId('composer');
    const conversation = screen.getByTestId('message-list');
    const dataTransfer = { types: ['Files'], files: [] };

    fireEvent.dragEnter(conversation, { dataTransfer });
    fireEvent.dragEnter(composer(), { dataTransfer });
    fireEvent.dragLeave(conversation, { dataTransfer });
    expect(screen.getByTestId('drop-zone')).toBeDefined();
    fireEvent.dragLeave(composer(), { dataTransfer });
    expect(screen.queryByTestId('drop-zone')).toBeNull();
  });

  it('attaches a pasted image, while pasted text goes into the field as usual', async () => {
    const uploads = fakeUploads();
    chatRoutes();
    renderChats(`/chats/${chat.id}`);
    await screen.findByTestId('composer');

    const text = fireEvent.paste(composer(), { clipboardData: { files: [], types: ['text/plain'] } });
    expect(text).toBe(true);
    expect(uploads).toHaveLength(0);

    const screenshot = localFile('image.png', 'image/png');
    const image = fireEvent.paste(composer(), { clipboardData: { files: [screenshot], types: ['Files'] } });

    expect(image).toBe(false);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]!.file).toEqual(sameFile(screenshot));
    expect(trayItems()[0]!.textContent).toContain('image.png');
  });

  it('takes at most ten files for one message and says so', async () => {
    const uploads = fakeUploads();
    chatRoutes();
    renderChats(`/chats/${chat.id}`);
    await screen.findByTestId('composer');

    pick(...Array.from({ length: 12 }, (_, index) => localFile(`page-${index + 1}.pdf`, 'application/pdf')));

    expect(uploads).toHaveLength(10);
    expect(trayItems()).toHaveLength(10);
    expect(screen.getByText('At most 10 files per message: the rest were not added')).toBeDefined();
  });
});
