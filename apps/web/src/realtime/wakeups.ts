/**
 * Calls `wake` when retrying now is likely to succeed: the browser reports the network is back,
 * or the tab comes to the foreground (background tabs get their timers throttled, so a
 * scheduled retry may be minutes late). Returns the function that stops listening.
 */
export function browserWakeups(wake: () => void): () => void {
  const onVisibilityChange = () => {
    if (document.visibilityState === 'visible') wake();
  };
  window.addEventListener('online', wake);
  document.addEventListener('visibilitychange', onVisibilityChange);
  return () => {
    window.removeEventListener('online', wake);
    document.removeEventListener('visibilitychange', onVisibilityChange);
  };
}
