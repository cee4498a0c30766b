import { type ReactNode, useEffect, useMemo } from 'react';
import { useSession } from '../auth/useSession';
import { setActiveConnection } from './active-connection';
import { RealtimeConnection, realtimeUrl } from './connection';
import { RealtimeContext } from './realtime-context';
import { sessionAuth } from './session-auth';

function connectToGateway(): RealtimeConnection {
  return new RealtimeConnection({ url: realtimeUrl(window.location), auth: sessionAuth });
}

interface RealtimeProviderProps {
  children: ReactNode;
  /** False keeps the tab without a connection (unit tests have no gateway to talk to). */
  enabled?: boolean;
  /** How a connection is made (tests pass one over a fake socket); a new function means a new connection. */
  createConnection?: () => RealtimeConnection;
}

/**
 * Holds the tab's realtime connection while someone is signed in: one per session, so a
 * different account never inherits the previous one's event stream. Its id goes out with REST
 * mutations (see active-connection).
 */
export function RealtimeProvider({
  children,
  enabled = true,
  createConnection = connectToGateway,
}: RealtimeProviderProps) {
  const { status, sessionId } = useSession();
  const sessionKey = enabled && status === 'signedIn' ? sessionId : null;
  // Creating the object has no side effects; the effect below owns the socket's lifetime.
  const connection = useMemo(
    () => (sessionKey === null ? null : createConnection()),
    [sessionKey, createConnection],
  );

  useEffect(() => {
    if (!connection) return;
    const deactivate = setActiveConnection(connection);
    connection.start();
    return () => {
      deactivate();
      connection.stop();
    };
  }, [connection]);

  return <RealtimeContext value={connection}>{children}</RealtimeContext>;
}
