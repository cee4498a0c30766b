import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { resetSession } from '../auth/session';

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup();
  resetSession();
  localStorage.clear();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  vi.useRealTimers();
});
