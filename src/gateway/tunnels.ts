import type { Duplex } from 'node:stream';
import type { LiveSession, SessionStore } from '../session/index.ts';

/** How often live tunnels are checked against their session's idle and absolute limits. */
const CHECK_EVERY_MS = 1_000;
/** A server's WebSocket close frame, status 1001 Going Away (RFC 6455 §5.5.1, §7.4.1): the node shuts down. */
const GOING_AWAY = Buffer.from([0x88, 0x02, 0x03, 0xe9]);

/**
 * Live WebSocket tunnels by session, so a tunnel never outlives its session (issue 7, item 1). Ends that
 * reach this node's memory (logout, revocation, on this node or, over the kv bus, on another) close the
 * session's tunnels at once; a timer catches the idle and absolute limits, which pass without an event.
 * Frames inside a tunnel do not count as activity (as in Pomerium and F5 APM): only HTTP requests keep a
 * session from going idle, so an open socket cannot hold a session alive forever.
 */
export function createTunnelRegistry(sessions: SessionStore, checkEveryMs = CHECK_EVERY_MS) {
  const bySession = new Map<string, { session: LiveSession; sockets: Set<Duplex> }>();
  /** Each tunnel's browser side and its upstream side, for a clean close at shutdown. */
  const pairs = new Map<Duplex, Duplex>();

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
     * Tracks the sockets of one tunnel (the browser's first, then the upstream's) until either closes. False (and nothing tracked) when the session
     * is no longer live, e.g. it ended while the upstream was answering the handshake.
     */
    add(session: LiveSession, ...sockets: Duplex[]): boolean {
      if (!sessions.stillLive(session)) return false;
      let entry = bySession.get(session.id);
      if (!entry) bySession.set(session.id, (entry = { session, sockets: new Set() }));
      const tracked = entry;
      const [client, upstream] = sockets;
      if (client && upstream) {
        pairs.set(client, upstream);
        client.once('close', () => pairs.delete(client));
      }
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
    /**
     * Shutdown begins: each browser gets a close frame 1001 (Going Away) and the upstream's side stops
     * relaying to it; the browser's answering close reaches the upstream, which then ends its side and the
     * tunnel closes. A frame the upstream was midway through sending is cut (rare; as a cut at the deadline).
     * Returns the tunnels told.
     */
    goingAway(): number {
      for (const [client, upstream] of pairs) {
        upstream.unpipe(client);
        upstream.resume(); // what the upstream still sends is dropped, so its end is seen
        if (client.writable) client.write(GOING_AWAY);
      }
      return pairs.size;
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
