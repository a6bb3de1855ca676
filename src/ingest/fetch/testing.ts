import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';

/** A loopback server for fetcher tests; `close()` also cuts any connection still open. */
export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  /** Path and arrival time (performance.now) of each request, in arrival order. */
  hits: { path: string; at: number; headers: http.IncomingHttpHeaders }[];
  close(): Promise<void>;
}

export async function startHttpServer(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
): Promise<TestServer> {
  const hits: TestServer['hits'] = [];
  const server = http.createServer((req, res) => {
    hits.push({ path: req.url ?? '', at: performance.now(), headers: req.headers });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A raw TCP server: for peers that misbehave below HTTP (never answer, hang up). */
export async function startRawServer(onSocket: (socket: net.Socket) => void): Promise<TestServer> {
  const sockets = new Set<net.Socket>();
  const hits: TestServer['hits'] = [];
  const server = net.createServer((socket) => {
    sockets.add(socket);
    hits.push({ path: '', at: performance.now(), headers: {} });
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
