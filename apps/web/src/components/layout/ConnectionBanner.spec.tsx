import { act, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { signIn } from '../../auth/session';
import { createI18n } from '../../i18n/i18n';
import { RealtimeConnection } from '../../realtime/connection';
import { RealtimeProvider } from '../../realtime/RealtimeProvider';
import { sessionAuth } from '../../realtime/session-auth';
import { fakeSockets, hello } from '../../realtime/testing/fake-socket';
import { buildTokenPair } from '../../test/factories';
import { ConnectionBanner } from './ConnectionBanner';

function renderBanner(language: 'ru' | 'en') {
  const sockets = fakeSockets();
  const createConnection = () =>
    new RealtimeConnection({
      url: 'ws://localhost/api/v1/ws',
      auth: sessionAuth,
      createSocket: sockets.create,
      random: () => 0.5,
      wakeups: () => () => undefined,
    });
  render(
    <I18nextProvider i18n={createI18n({ language })}>
      <RealtimeProvider createConnection={createConnection}>
        <ConnectionBanner graceMs={1_500} />
      </RealtimeProvider>
    </I18nextProvider>,
  );
  return sockets;
}

const banner = () => screen.queryByTestId('connection-banner');

describe('connection banner', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    signIn(buildTokenPair());
  });

  it('stays hidden while the first connection is quick', () => {
    const sockets = renderBanner('en');
    act(() => vi.advanceTimersByTime(1_000));
    act(() => {
      sockets.latest().accept();
      sockets.latest().receive(hello());
    });
    act(() => vi.advanceTimersByTime(5_000));

    expect(banner()).toBeNull();
  });

  it('appears when the connection has been lost for a moment, and goes once it is back', () => {
    const sockets = renderBanner('ru');
    act(() => {
      sockets.latest().accept();
      sockets.latest().receive(hello());
    });

    act(() => sockets.latest().drop(1006));
    expect(banner()).toBeNull();
    act(() => vi.advanceTimersByTime(1_500));
    expect(banner()?.textContent).toBe('Нет соединения — переподключаемся…');
    expect(banner()?.parentElement?.getAttribute('aria-live')).toBe('polite');

    act(() => {
      sockets.latest().accept();
      sockets.latest().receive(hello({ resumed: true }));
    });
    expect(banner()).toBeNull();
  });

  it('speaks English in an English interface', () => {
    const sockets = renderBanner('en');
    act(() => sockets.latest().drop(1006));
    act(() => vi.advanceTimersByTime(1_500));

    expect(banner()?.textContent).toBe('Connection lost — reconnecting…');
  });
});
