import { type RealtimeEvent } from '@beseda/protocol';
import { act } from '@testing-library/react';
import { RealtimeConnection } from '../../../realtime/connection';
import { fakeSession, fakeSockets, hello } from '../../../realtime/testing/fake-socket';

export interface LiveConnection {
  connection: RealtimeConnection;
  /** Delivers an event as the server would, numbered on from the previous one. */
  deliver(event: RealtimeEvent): void;
  resync(): void;
  stop(): void;
}

/** A real RealtimeConnection over a fake socket that has already said hello; tests push events through it. */
export function connectLive(): LiveConnection {
  const sockets = fakeSockets();
  const connection = new RealtimeConnection({
    url: 'ws://localhost/api/v1/ws',
    auth: fakeSession().auth,
    createSocket: sockets.create,
    wakeups: () => () => undefined,
  });
  connection.start();
  sockets.latest().accept();
  sockets.latest().receive(hello());
  let seq = 0;
  return {
    connection,
    deliver: (event) => act(() => sockets.latest().receive({ type: 'event', seq: (seq += 1), event })),
    resync: () => act(() => sockets.latest().receive({ type: 'resync', reason: 'buffer_gone' })),
    stop: () => connection.stop(),
  };
}
