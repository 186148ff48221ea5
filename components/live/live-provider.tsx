'use client';

import { createContext, useContext, useEffect, useMemo, useRef, useSyncExternalStore, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';

/**
 * `live`: connected to the realtime sidecar, pages refresh on its events. `connecting`: not yet
 * (or reconnecting). `offline`: given up for now (refused, or the session ended); pages poll.
 */
export type LiveState = 'connecting' | 'live' | 'offline';

type Handler = (payload: unknown) => void;

interface LiveHub {
  /** How often pages refetch while the connection is not live. */
  fallbackMs: number;
  /** Calls `handler` on each `event` from the sidecar; returns the unsubscribe. */
  on(event: string, handler: Handler): () => void;
  /** Calls `handler` after every (re)connect and every `realtime:resync`: time to catch up. */
  onCatchUp(handler: () => void): () => void;
  /**
   * Joins the ticket's room (again after every reconnect) while at least one caller holds it;
   * `onJoined` runs once the sidecar answered this caller's join.
   */
  joinTicket(ticketNumber: string, onJoined?: () => void): () => void;
  /** The connection's state now, and a subscription to its changes (no re-render: see useLiveRefetch). */
  state: () => LiveState;
  onState: (handler: (state: LiveState) => void) => () => void;
}

const LiveContext = createContext<LiveHub | null>(null);

/** A page without the provider (signed out): never live, so its fallback poll runs. */
const OFFLINE_HUB: LiveHub = {
  fallbackMs: 20_000,
  on: () => () => {},
  onCatchUp: () => () => {},
  joinTicket: () => () => {},
  state: () => 'offline',
  onState: () => () => {},
};

/**
 * One socket.io connection to the realtime sidecar per tab, shared by every live piece of the page
 * (it lives in the root layout, so it survives client-side navigation). The handshake is
 * authenticated by the session cookie (sent with `withCredentials`); `url` null means this
 * page's own origin (behind nginx, which routes /socket.io/ to the sidecars).
 *
 * Events are hints: a listener refetches what it shows through its own read. A refused handshake
 * (signed out, foreign origin) is tried again after `fallbackMs`; meanwhile pages poll.
 */
export function LiveProvider({ url, fallbackMs, children }: { url: string | null; fallbackMs: number; children: ReactNode }) {
  // The state is not a context value: a context change above a streamed part of the page that is
  // not hydrated yet makes React render that part on the client and leave the streamed copy hidden
  // in the document. Components subscribe to it instead (useLiveState).
  const stateRef = useRef<LiveState>('connecting');
  const stateListeners = useRef(new Set<(state: LiveState) => void>());
  const setState = (next: LiveState) => {
    stateRef.current = next;
    for (const l of stateListeners.current) l(next);
  };
  const handlers = useRef(new Map<string, Set<Handler>>());
  const catchUps = useRef(new Set<() => void>());
  // The rooms the page wants, each with its holders' `onJoined` (a holder without one: a no-op).
  const tickets = useRef(new Map<string, Set<() => void>>());
  const socketRef = useRef<Socket | null>(null);

  useEffect(() => {
    const socket = io(url ?? undefined, { withCredentials: true, reconnectionDelayMax: 10_000 });
    socketRef.current = socket;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const join = (ticket_number: string) => new Promise<void>((resolve) => socket.timeout(5_000).emit('ticket:join', { ticket_number }, () => resolve()));
    const catchUp = () => {
      for (const h of catchUps.current) h();
    };
    socket.on('connect', () => {
      setState('live');
      // Catch up once back in the rooms: what is said from then on arrives as events.
      void Promise.all(
        [...tickets.current].map(([ticket, holders]) => join(ticket).then(() => holders.forEach((onJoined) => onJoined()))),
      ).then(catchUp);
    });
    socket.on('realtime:resync', catchUp);
    socket.on('disconnect', () => setState(socket.active ? 'connecting' : 'offline'));
    socket.on('connect_error', () => {
      if (socket.active) return setState('connecting');
      // Refused by the sidecar (not a network error): it will not retry by itself.
      setState('offline');
      clearTimeout(retry);
      retry = setTimeout(() => socket.connect(), fallbackMs);
    });
    socket.onAny((event: string, payload: unknown) => {
      for (const h of handlers.current.get(event) ?? []) h(payload);
    });
    return () => {
      clearTimeout(retry);
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
    };
  }, [url, fallbackMs]);

  const hub = useMemo<LiveHub>(
    () => ({
      fallbackMs,
      on(event, handler) {
        const set = handlers.current.get(event) ?? new Set();
        set.add(handler);
        handlers.current.set(event, set);
        return () => void set.delete(handler);
      },
      state: () => stateRef.current,
      onState: (handler) => {
        stateListeners.current.add(handler);
        return () => void stateListeners.current.delete(handler);
      },
      onCatchUp(handler) {
        catchUps.current.add(handler);
        return () => void catchUps.current.delete(handler);
      },
      joinTicket(ticketNumber, onJoined) {
        const holder = () => onJoined?.();
        const holders = tickets.current.get(ticketNumber) ?? new Set();
        holders.add(holder);
        tickets.current.set(ticketNumber, holders);
        const socket = socketRef.current;
        // (Joining again is a no-op on the sidecar: each caller gets its own answer.)
        if (socket?.connected) socket.timeout(5_000).emit('ticket:join', { ticket_number: ticketNumber }, holder);
        return () => {
          holders.delete(holder);
          if (holders.size > 0) return;
          tickets.current.delete(ticketNumber);
          if (socketRef.current?.connected) socketRef.current.emit('ticket:leave', { ticket_number: ticketNumber }, () => {});
        };
      },
    }),
    [fallbackMs],
  );

  return (
    <LiveContext.Provider value={hub}>
      {children}
    </LiveContext.Provider>
  );
}

export function useLive(): LiveHub {
  return useContext(LiveContext) ?? OFFLINE_HUB;
}

export function useLiveState(): LiveState {
  const live = useLive();
  return useSyncExternalStore(live.onState, live.state, () => 'connecting');
}

/**
 * Keeps something current: `refetch` runs (coalesced: at most one at a time, and one more if asked
 * meanwhile) on every `events` event that `matches`, after each reconnect, and every
 * `fallbackMs` (and when the tab comes back) while the connection is not live. A connect within a
 * second of mounting does not refetch: what was just rendered is that fresh (`catchUpOnJoin`
 * closes that gap for a ticket's room, where a refetch is cheap).
 */
export function useLiveRefetch(p: {
  events: string[];
  refetch: () => unknown;
  matches?: (event: string, payload: unknown) => boolean;
  ticket?: string;
  /** Refetch once the ticket's room is joined (what was said between the render and the join). */
  catchUpOnJoin?: boolean;
}) {
  const live = useLive();
  const latest = useRef(p);
  useEffect(() => {
    latest.current = p;
  });
  const runner = useRef<{ running: boolean; again: boolean; timer?: ReturnType<typeof setTimeout> }>({ running: false, again: false });
  const mountedAt = useRef(0);

  const schedule = useRef(() => {
    const r = runner.current;
    if (r.running) return void (r.again = true);
    clearTimeout(r.timer);
    // A burst of events (one action changes two items) becomes one refetch.
    const run = async () => {
      r.running = true;
      try {
        await latest.current.refetch();
      } catch {
        // Offline for a moment: the next event, reconnect or poll tries again.
      } finally {
        r.running = false;
        if (r.again) {
          r.again = false;
          schedule.current();
        }
      }
    };
    r.timer = setTimeout(() => void run(), 150);
  });

  const eventsKey = p.events.join(' ');
  useEffect(() => {
    mountedAt.current = Date.now();
    const offs = eventsKey.split(' ').map((event) =>
      live.on(event, (payload) => {
        if (!latest.current.matches || latest.current.matches(event, payload)) schedule.current();
      }),
    );
    offs.push(
      live.onCatchUp(() => {
        if (Date.now() - mountedAt.current > 1_000) schedule.current();
      }),
    );
    return () => offs.forEach((off) => off());
  }, [live, eventsKey]);

  const catchUpOnJoin = !!p.catchUpOnJoin;
  useEffect(() => (p.ticket ? live.joinTicket(p.ticket, catchUpOnJoin ? () => schedule.current() : undefined) : undefined), [live, p.ticket, catchUpOnJoin]);

  // The fallback poll follows the connection through a subscription, not a context value: a
  // context change reaching a page whose streamed part is not hydrated yet makes React render that
  // part on the client, and the streamed copy then stays in the document, hidden.
  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined;
    const tick = () => {
      if (document.visibilityState === 'visible') schedule.current();
    };
    const follow = (state: LiveState) => {
      clearInterval(timer);
      timer = state === 'live' ? undefined : setInterval(tick, live.fallbackMs);
    };
    const onVisible = () => {
      if (live.state() !== 'live') tick();
    };
    follow(live.state());
    const off = live.onState(follow);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      off();
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [live]);

  useEffect(() => () => clearTimeout(runner.current.timer), []);
}
