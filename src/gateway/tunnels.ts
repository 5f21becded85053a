import type { Duplex } from 'node:stream';
import type { LiveSession, SessionStore } from '../session/index.ts';

/** How often live tunnels are checked against their session's idle and absolute limits. */
const CHECK_EVERY_MS = 1_000;

/**
 * Live WebSocket tunnels by session, so a tunnel never outlives its session (issue 7, item 1). Ends that
 * reach this node's memory (logout, revocation, on this node or, over the kv bus, on another) close the
 * session's tunnels at once; a timer catches the idle and absolute limits, which pass without an event.
 * Frames inside a tunnel do not count as activity (as in Pomerium and F5 APM): only HTTP requests keep a
 * session from going idle, so an open socket cannot hold a session alive forever.
 */
export function createTunnelRegistry(sessions: SessionStore, checkEveryMs = CHECK_EVERY_MS) {
  const bySession = new Map<string, { session: LiveSession; sockets: Set<Duplex> }>();

  function closeSession(sessionId: string): void {
    const entry = bySession.get(sessionId);
    if (!entry) return;
    bySession.delete(sessionId);
    for (const socket of entry.sockets) socket.destroy();
  }

  const stopListening = sessions.onEnded((sessionId) => closeSession(sessionId));
  const timer = setInterval(() => {
    for (const [id, entry] of bySession) if (!sessions.stillLive(entry.session)) closeSession(id);
  }, checkEveryMs);
  timer.unref();

  return {
    /**
     * Tracks the sockets of one tunnel until either closes. False (and nothing tracked) when the session
     * is no longer live, e.g. it ended while the upstream was answering the handshake.
     */
    add(session: LiveSession, ...sockets: Duplex[]): boolean {
      if (!sessions.stillLive(session)) return false;
      let entry = bySession.get(session.id);
      if (!entry) bySession.set(session.id, (entry = { session, sockets: new Set() }));
      const tracked = entry;
      for (const socket of sockets) {
        tracked.sockets.add(socket);
        socket.once('close', () => {
          tracked.sockets.delete(socket);
          if (tracked.sockets.size === 0 && bySession.get(session.id) === tracked)
            bySession.delete(session.id);
        });
      }
      return true;
    },
    /** Live tunnel sockets (both ends counted). */
    size(): number {
      let n = 0;
      for (const entry of bySession.values()) n += entry.sockets.size;
      return n;
    },
    /** Closes every tunnel and stops watching (at shutdown). */
    close(): void {
      clearInterval(timer);
      stopListening();
      for (const id of [...bySession.keys()]) closeSession(id);
    },
  };
}

export type TunnelRegistry = ReturnType<typeof createTunnelRegistry>;
