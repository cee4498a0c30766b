import { QueryClient } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppProviders } from '../../app/AppProviders';
import { createI18n } from '../../i18n/i18n';
import { type CallSession, type CallSnapshot } from './call/call-session';
import { CallControls, type CallPanel } from './CallControls';
import { FakeMediaStream, FakeTrack } from './testing/fake-media';
import { buildJoined, buildMeeting, buildParticipant } from './testing/meeting-factories';

type Device = { kind: string; deviceId: string; label: string; groupId: string };

const desk = { kind: 'audioinput', deviceId: 'audio-device-1', label: 'Desk microphone', groupId: '' };
const headset = { kind: 'audioinput', deviceId: 'audio-device-2', label: 'Headset', groupId: '' };
const camera = { kind: 'videoinput', deviceId: 'video-device-1', label: 'Desk camera', groupId: '' };
const usbCamera = { kind: 'videoinput', deviceId: 'video-device-2', label: 'USB camera', groupId: '' };

/** A browser whose device list the test changes, announcing it as the browser would. */
function installDevices(initial: Device[]) {
  let devices = initial;
  const media = new EventTarget();
  Object.assign(media, { enumerateDevices: async () => devices });
  Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: media });
  return {
    plugIn(device: Device) {
      devices = [...devices, device];
      media.dispatchEvent(new Event('devicechange'));
    },
  };
}

function snapshotOf(): CallSnapshot {
  const meeting = buildMeeting();
  const me = buildParticipant({ role: 'host' });
  const joined = buildJoined(meeting, me);
  // Fake tracks report `<kind>-device-1` as the device in use.
  const localStream = new FakeMediaStream([
    new FakeTrack('audio'),
    new FakeTrack('video'),
  ]) as unknown as MediaStream;
  return {
    meeting,
    myId: me.id,
    live: joined.live,
    localStream,
    audio: true,
    video: true,
    screen: null,
    handRaised: false,
    remotes: new Map(),
    activeSpeakerId: null,
    reactions: [],
    moderated: null,
    lobby: [],
    ended: null,
  };
}

function renderControls({
  switchDevice = vi.fn(async () => undefined),
  chatUnread = 0,
  panel = null,
}: {
  switchDevice?: CallSession['switchDevice'];
  chatUnread?: number;
  panel?: CallPanel | null;
} = {}) {
  const session = { switchDevice, setAudio: vi.fn(), setVideo: vi.fn() } as unknown as CallSession;
  render(
    <AppProviders i18n={createI18n({ language: 'en' })} queryClient={new QueryClient()}>
      <CallControls
        snapshot={snapshotOf()}
        session={session}
        layout="grid"
        onLayoutChange={() => undefined}
        panel={panel}
        onTogglePanel={() => undefined}
        lobbyCount={0}
        chatUnread={chatUnread}
      />
    </AppProviders>,
  );
  return { switchDevice };
}

describe('the device menus of the call controls', () => {
  beforeEach(() => {
    vi.stubGlobal('MediaStream', FakeMediaStream);
  });

  it('lists the microphones, marks the one in use and switches to another', async () => {
    installDevices([desk, headset, camera]);
    const { switchDevice } = renderControls();
    fireEvent.click(await screen.findByRole('button', { name: 'Choose a microphone' }));
    const menu = screen.getByRole('menu', { name: 'Choose a microphone' });
    const items = within(menu).getAllByRole('menuitemradio');
    expect(items.map((item) => item.textContent)).toEqual(['✓Desk microphone', 'Headset']);
    expect(items.map((item) => item.getAttribute('aria-checked'))).toEqual(['true', 'false']);

    fireEvent.click(within(menu).getByRole('menuitemradio', { name: 'Headset' }));
    expect(switchDevice).toHaveBeenCalledWith('audio', 'audio-device-2');
    await waitFor(() => expect(screen.queryByRole('menu')).toBeNull());
  });

  it('says so when the chosen camera cannot be used, and keeps the menu open', async () => {
    installDevices([desk, camera, usbCamera]);
    const switchDevice = vi.fn(async () => {
      throw new DOMException('busy', 'NotReadableError');
    });
    renderControls({ switchDevice });
    fireEvent.click(await screen.findByRole('button', { name: 'Choose a camera' }));
    fireEvent.click(screen.getByRole('menuitemradio', { name: 'USB camera' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'This device could not be used. It may be busy in another app.',
    );
    expect(switchDevice).toHaveBeenCalledWith('video', 'video-device-2');
    expect(screen.getByRole('menu', { name: 'Choose a camera' })).toBeTruthy();
  });

  it('follows devices plugged in during the call', async () => {
    const browser = installDevices([desk, camera]);
    renderControls();
    await screen.findByRole('button', { name: 'Choose a camera' });
    await act(async () => browser.plugIn(usbCamera));
    fireEvent.click(screen.getByRole('button', { name: 'Choose a camera' }));
    expect(
      within(screen.getByRole('menu'))
        .getAllByRole('menuitemradio')
        .map((item) => item.textContent),
    ).toEqual(['✓Desk camera', 'USB camera']);
  });

  it('offers no menu for a kind of device the computer does not have', async () => {
    installDevices([desk]);
    renderControls();
    await screen.findByRole('button', { name: 'Choose a microphone' });
    expect(screen.queryByRole('button', { name: 'Choose a camera' })).toBeNull();
  });
});

describe('the chat button of the call controls', () => {
  beforeEach(() => {
    vi.stubGlobal('MediaStream', FakeMediaStream);
    installDevices([]);
  });

  it('shows how many messages are unread while the chat panel is closed', () => {
    renderControls({ chatUnread: 3 });
    const button = screen.getByTestId('toggle-chat');
    expect(button.getAttribute('aria-label')).toBe('Chat, 3 unread messages');
    expect(within(button).getByTestId('chat-unread-badge').textContent).toBe('3');
  });

  it('shows no badge while the panel is open, nor when all is read', () => {
    renderControls({ chatUnread: 3, panel: 'chat' });
    expect(screen.queryByTestId('chat-unread-badge')).toBeNull();
    expect(screen.getByTestId('toggle-chat').getAttribute('aria-label')).toBe('Chat');
  });
});
