import { type RealtimeEvent } from '@beseda/protocol';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render, renderHook, screen } from '@testing-library/react';
import { type ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createI18n } from '../../i18n/i18n';
import { type RealtimeConnection } from '../../realtime/connection';
import { RealtimeContext } from '../../realtime/realtime-context';
import { peopleKeys } from './people.api';
import { buildMessage, buildPerson } from './testing/chat-factories';
import { TypingIndicator } from './TypingIndicator';
import { TYPING_SEND_INTERVAL_MS, TYPING_SHOW_MS, useTypingNotifier, useTypingPeople } from './typing';

const chatId = crypto.randomUUID();
const me = crypto.randomUUID();
const anna = buildPerson({ displayName: 'Anna' });
const boris = buildPerson({ displayName: 'Boris' });
const vera = buildPerson({ displayName: 'Vera' });

/** Just enough of a connection: requests are recorded, events are delivered by the test. */
function fakeConnection() {
  const handlers = new Map<string, Set<(data: unknown) => void>>();
  const request = vi.fn(async () => ({}));
  const connection = {
    request,
    on: (type: string, handler: (data: unknown) => void) => {
      const set = handlers.get(type) ?? new Set();
      set.add(handler);
      handlers.set(type, set);
      return () => set.delete(handler);
    },
    onResync: () => () => undefined,
    onStatusChange: () => () => undefined,
    status: 'online',
  } as unknown as RealtimeConnection;
  const emit = (event: RealtimeEvent) =>
    act(() => handlers.get(event.type)?.forEach((handler) => handler(event.data)));
  return { connection, request, emit };
}

const typingOf = (userId: string, inChat = chatId): RealtimeEvent => ({
  type: 'typing',
  data: { chatId: inChat, userId },
});

describe('typing', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends chat.typing at most once every 3 seconds while typing, and at once after a send', () => {
    const { connection, request } = fakeConnection();
    const { result } = renderHook(() => useTypingNotifier(chatId), {
      wrapper: ({ children }: { children: ReactNode }) => (
        <RealtimeContext value={connection}>{children}</RealtimeContext>
      ),
    });

    result.current.notify();
    expect(request).toHaveBeenCalledTimes(1);
    expect(request).toHaveBeenLastCalledWith('chat.typing', { chatId });
    for (let keystroke = 0; keystroke < 10; keystroke++) {
      vi.advanceTimersByTime(250);
      result.current.notify();
    }
    expect(request).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(TYPING_SEND_INTERVAL_MS - 2_500);
    result.current.notify();
    expect(request).toHaveBeenCalledTimes(2);

    result.current.reset();
    result.current.notify();
    expect(request).toHaveBeenCalledTimes(3);
  });

  it('shows each person for 5 seconds after their last typing event, not me or other chats', () => {
    const { connection, emit } = fakeConnection();
    const { result } = renderHook(() => useTypingPeople(chatId, me), {
      wrapper: ({ children }: { children: ReactNode }) => (
        <RealtimeContext value={connection}>{children}</RealtimeContext>
      ),
    });

    emit(typingOf(anna.id));
    emit(typingOf(me));
    emit(typingOf(boris.id, crypto.randomUUID()));
    expect(result.current).toEqual([anna.id]);

    act(() => vi.advanceTimersByTime(3_000));
    emit(typingOf(boris.id));
    emit(typingOf(anna.id));
    expect(result.current).toEqual([anna.id, boris.id]);

    act(() => vi.advanceTimersByTime(TYPING_SHOW_MS - 1));
    expect(result.current).toEqual([anna.id, boris.id]);
    act(() => vi.advanceTimersByTime(1));
    expect(result.current).toEqual([]);
  });

  it("clears a person's indicator when their message arrives", () => {
    const { connection, emit } = fakeConnection();
    const { result } = renderHook(() => useTypingPeople(chatId, me), {
      wrapper: ({ children }: { children: ReactNode }) => (
        <RealtimeContext value={connection}>{children}</RealtimeContext>
      ),
    });

    emit(typingOf(anna.id));
    emit(typingOf(boris.id));
    emit({ type: 'message.created', data: buildMessage({ chatId, authorId: anna.id }) });
    expect(result.current).toEqual([boris.id]);
    // Boris's timer still runs out as usual.
    act(() => vi.advanceTimersByTime(TYPING_SHOW_MS));
    expect(result.current).toEqual([]);
  });

  it('says who is typing: one, two, or several people', () => {
    const { connection, emit } = fakeConnection();
    const queryClient = new QueryClient();
    for (const person of [anna, boris, vera]) queryClient.setQueryData(peopleKeys.person(person.id), person);
    render(
      <I18nextProvider i18n={createI18n({ language: 'en' })}>
        <QueryClientProvider client={queryClient}>
          <RealtimeContext value={connection}>
            <TypingIndicator chatId={chatId} myId={me} />
          </RealtimeContext>
        </QueryClientProvider>
      </I18nextProvider>,
    );
    const indicator = screen.getByTestId('typing-indicator');
    expect(indicator.textContent).toBe('');

    emit(typingOf(anna.id));
    expect(indicator.textContent).toBe('Anna is typing…');
    emit(typingOf(boris.id));
    expect(indicator.textContent).toBe('Anna and Boris are typing…');
    emit(typingOf(vera.id));
    expect(indicator.textContent).toBe('Several people are typing…');

    act(() => vi.advanceTimersByTime(TYPING_SHOW_MS));
    expect(indicator.textContent).toBe('');
    queryClient.clear();
  });
});
