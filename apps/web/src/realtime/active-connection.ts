/** The header a REST mutation carries so the server does not echo the change to this tab's socket. */
export const CONNECTION_ID_HEADER = 'X-Connection-Id';

let active: { readonly connectionId: string | null } | null = null;

/** Makes `connection` the one whose id REST calls report; returns the function that undoes it. */
export function setActiveConnection(connection: { readonly connectionId: string | null }): () => void {
  active = connection;
  return () => {
    if (active === connection) active = null;
  };
}

/** The id the server gave this tab's live socket, or null while there is none. */
export function activeConnectionId(): string | null {
  return active?.connectionId ?? null;
}
