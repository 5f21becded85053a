import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay between a gateway and one of its services (PostgreSQL on :5432, Redis on :6379) that a fault
 * test can break the way networks and servers break: drop every connection at once, refuse service, or
 * swallow traffic without an answer; and then restore it. The gateway is pointed at the relay by URL.
 */
export interface TcpForwarder {
  readonly port: number;
  /** `target` with its host and port replaced by the relay's, e.g. `postgres://u@127.0.0.1:PORT/db`. */
  url(target: string): string;
  /** Resets every relayed connection now, both ends; new connections still pass. */
  dropAll(): void;
  /** The service is down: drops every connection and resets each new one at once, until `restore`. */
  cut(): void;
  /** The network is dead: new connections are accepted and never answered, until `restore`. */
  blackhole(): void;
  /** Relays new connections again. */
  restore(): void;
  /** Connections accepted so far, relayed or not. */
  accepted(): number;
  /** Connections being relayed now. */
  open(): number;
  close(): Promise<void>;
}

type Mode = 'relay' | 'cut' | 'blackhole';

/** Starts a relay on a free loopback port to `targetPort` on 127.0.0.1. */
export async function startTcpForwarder(targetPort: number): Promise<TcpForwarder> {
  let mode: Mode = 'relay';
  let accepted = 0;
  const pairs = new Set<readonly [Socket, Socket | undefined]>();

  const reset = (socket: Socket | undefined) => {
    if (socket && !socket.destroyed) socket.resetAndDestroy();
  };

  const server: Server = createServer((client) => {
    accepted += 1;
    client.on('error', () => undefined);
    if (mode === 'cut') {
      reset(client);
      return;
    }
    if (mode === 'blackhole') {
      const pair = [client, undefined] as const;
      pairs.add(pair);
      client.on('close', () => pairs.delete(pair));
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    upstream.on('error', () => reset(client));
    const pair = [client, upstream] as const;
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      reset(client);
      reset(upstream);
    };
    client.on('close', drop);
    upstream.on('close', drop);
    client.pipe(upstream).pipe(client);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  function dropAll(): void {
    for (const [client, upstream] of [...pairs]) {
      reset(client);
      reset(upstream);
    }
    pairs.clear();
  }

  return {
    port,
    url(target) {
      const u = new URL(target);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    dropAll,
    cut() {
      mode = 'cut';
      dropAll();
    },
    blackhole() {
      mode = 'blackhole';
      dropAll();
    },
    restore() {
      mode = 'relay';
      // Held black-hole connections never reached the service: end them so their clients retry.
      for (const pair of [...pairs]) if (pair[1] === undefined) reset(pair[0]);
    },
    accepted: () => accepted,
    open: () => [...pairs].filter((p) => p[1] !== undefined).length,
    async close() {
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
