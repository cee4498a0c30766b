import { File as NodeFile } from 'node:buffer';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { signIn } from '../../auth/session';
import { descriptionOf } from '../../test/accessibility';
import { apiError, mockApi } from '../../test/api-mock';
import { buildMe, buildTokenPair } from '../../test/factories';
import { renderRoute } from '../../test/render-route';

describe('profile settings', () => {
  beforeEach(() => signIn(buildTokenPair()));

  it('saves only the changed fields and switches the interface to the chosen language', async () => {
    const api = mockApi({
      'GET /api/v1/me': { status: 200, body: buildMe() },
      'PATCH /api/v1/me': { status: 200, body: buildMe({ displayName: 'Anna P.', language: 'ru' }) },
    });
    const { i18n } = renderRoute('/settings/profile', { language: 'en' });

    fireEvent.change(await screen.findByLabelText('Display name'), { target: { value: 'Anna P.' } });
    fireEvent.change(screen.getByLabelText('Account language'), { target: { value: 'ru' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));

    await waitFor(() => expect(i18n.resolvedLanguage).toBe('ru'));
    expect(await api.requestsTo('PATCH /api/v1/me')[0]?.json()).toEqual({
      displayName: 'Anna P.',
      language: 'ru',
    });
    expect(await screen.findByRole('button', { name: 'Сохранить профиль' })).toHaveProperty('disabled', true);
  });

  it('shows a taken username under its field', async () => {
    mockApi({
      'GET /api/v1/me': { status: 200, body: buildMe() },
      'PATCH /api/v1/me': apiError(409, 'auth.username_taken'),
    });
    renderRoute('/settings/profile', { language: 'en' });

    fireEvent.change(await screen.findByLabelText('Username'), { target: { value: 'boris' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));

    await waitFor(() =>
      expect(descriptionOf(screen.getByLabelText('Username'))).toMatch(/^This username is taken/),
    );
  });

  it('sets the presence as soon as it is picked', async () => {
    const api = mockApi({
      'GET /api/v1/me': { status: 200, body: buildMe() },
      'PUT /api/v1/me/status': { status: 200, body: buildMe({ presence: 'dnd' }) },
    });
    renderRoute('/settings/profile', { language: 'en' });

    fireEvent.click(await screen.findByRole('radio', { name: /Do not disturb/ }));

    await waitFor(() =>
      expect(screen.getByRole('radio', { name: /Do not disturb/ })).toHaveProperty('checked', true),
    );
    expect(await api.requestsTo('PUT /api/v1/me/status')[0]?.json()).toEqual({ presence: 'dnd' });
  });
});

describe('profile picture', () => {
  beforeEach(async () => {
    signIn(buildTokenPair());
    // jsdom's FormData and File do not survive the trip into Node's fetch (the bytes and the file
    // name are lost on the way), so the app gets Node's own pair here, as a browser has one.
    const nodeFormData = (await new Response(new URLSearchParams()).formData()).constructor;
    vi.stubGlobal('FormData', nodeFormData);
  });

  const avatarUrl = '/api/v1/avatars/9c2b7e4f-1a3d-4c5e-8f6a-7b8c9d0e1f2a/256';

  /** A File of Node's kind, to go with its FormData (see above). */
  function pictureFile(name: string, type: string, bytes: number): File {
    return new NodeFile([new Uint8Array(bytes)], name, { type }) as unknown as File;
  }

  function pick(file: File) {
    fireEvent.change(screen.getByTestId('avatar-input'), { target: { files: [file] } });
  }

  it('uploads the chosen file as multipart and shows the new picture in the page and the top bar', async () => {
    let uploaded: { contentType: string | null; file: unknown } | null = null;
    let finishUpload = () => {};
    const uploadFinished = new Promise<void>((resolve) => (finishUpload = resolve));
    const api = mockApi({
      'GET /api/v1/me': { status: 200, body: buildMe() },
      'PUT /api/v1/me/avatar': async (request) => {
        uploaded = {
          contentType: request.headers.get('Content-Type'),
          file: (await request.formData()).get('file'),
        };
        await uploadFinished;
        return { status: 200, body: buildMe({ avatarUrl }) };
      },
    });
    renderRoute('/settings/profile', { language: 'en' });
    const menu = screen.getByTestId('user-menu');
    await waitFor(() => expect(menu.textContent).toContain('AP'));

    pick(pictureFile('me.png', 'image/png', 2048));

    expect(await screen.findByText('Uploading…')).toBeDefined();
    expect(screen.getByRole('button', { name: 'Upload a picture' })).toHaveProperty('disabled', true);
    finishUpload();
    expect(await screen.findByText('Picture updated')).toBeDefined();
    expect(api.requestsTo('PUT /api/v1/me/avatar')).toHaveLength(1);
    expect(uploaded!.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(uploaded!.file).toMatchObject({ name: 'me.png', type: 'image/png', size: 2048 });

    const preview = screen.getByRole('img', { name: 'Your profile picture' });
    expect(preview.getAttribute('src')).toBe(avatarUrl);
    // The top bar shows the small stored copy instead of the initials.
    expect(menu.querySelector('img')?.getAttribute('src')).toBe(avatarUrl.replace(/256$/, '64'));
    expect(menu.textContent).not.toContain('AP');
    expect(screen.getByRole('button', { name: 'Remove picture' })).toBeDefined();
  });

  it('refuses a file over 5 MB without sending it', async () => {
    const api = mockApi({ 'GET /api/v1/me': { status: 200, body: buildMe() } });
    renderRoute('/settings/profile', { language: 'en' });
    await screen.findByRole('button', { name: 'Upload a picture' });

    pick(pictureFile('holiday.jpg', 'image/jpeg', 7.5 * 1024 * 1024));

    expect(screen.getByRole('alert').textContent).toBe('The file is 7.5 MB; the limit is 5 MB');
    expect(descriptionOf(screen.getByRole('button', { name: 'Upload a picture' }))).toContain(
      'The file is 7.5 MB',
    );
    expect(api.requestsTo('PUT /api/v1/me/avatar')).toHaveLength(0);
  });

  it('refuses a file that is not a picture, in Russian too', async () => {
    const api = mockApi({ 'GET /api/v1/me': { status: 200, body: buildMe({ language: 'ru' }) } });
    renderRoute('/settings/profile', { language: 'ru' });
    await screen.findByRole('button', { name: 'Загрузить фотографию' });

    pick(pictureFile('notes.txt', 'text/plain', 100));

    expect(screen.getByRole('alert').textContent).toBe('Выберите изображение JPEG, PNG, WebP или GIF');
    expect(api.requestsTo('PUT /api/v1/me/avatar')).toHaveLength(0);
  });

  it('takes a file dropped onto the picture and reports what the server found wrong with it', async () => {
    mockApi({
      'GET /api/v1/me': { status: 200, body: buildMe() },
      'PUT /api/v1/me/avatar': apiError(422, 'file.invalid_image'),
    });
    renderRoute('/settings/profile', { language: 'en' });

    fireEvent.drop(await screen.findByTestId('avatar-drop-zone'), {
      dataTransfer: { files: [pictureFile('broken.gif', 'image/gif', 64)], types: ['Files'] },
    });

    expect((await screen.findByRole('alert')).textContent).toBe(
      'The file could not be read as a picture. It may be damaged.',
    );
  });

  it('removes the picture and goes back to the initials', async () => {
    mockApi({
      'GET /api/v1/me': { status: 200, body: buildMe({ avatarUrl }) },
      'DELETE /api/v1/me/avatar': { status: 200, body: buildMe() },
    });
    renderRoute('/settings/profile', { language: 'en' });

    fireEvent.click(await screen.findByRole('button', { name: 'Remove picture' }));

    expect(await screen.findByText('Picture removed')).toBeDefined();
    expect(screen.queryByRole('img', { name: 'Your profile picture' })).toBeNull();
    expect(within(screen.getByTestId('avatar-section')).getByText('AP')).toBeDefined();
  });
});
