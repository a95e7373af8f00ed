// A TCP proxy in front of the test server, so that a test can cut one service off the database
// (close(): every connection dropped, new ones refused) without touching the server others use.
import { createConnection, createServer, type Socket } from 'node:net';

export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private readonly server = createServer((client) => this.forward(client));
  private readonly host: string;
  private readonly targetPort: number;

  private constructor(target: string) {
    const { hostname, port } = new URL(target);
    this.host = hostname;
    this.targetPort = Number(port || 3306);
  }

  /** Listens on a free local port and forwards every connection to the server of `target` (a mysql:// URL). */
  static async start(target: string): Promise<TcpProxy> {
    const proxy = new TcpProxy(target);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** `url` with its host and port replaced by the proxy's. */
  url(url: string): string {
    const proxied = new URL(url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String((this.server.address() as { port: number }).port);
    return proxied.toString();
  }

  /** Drops every connection and refuses new ones. */
  close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    return closed;
  }

  private forward(client: Socket): void {
    const upstream = createConnection({ host: this.host, port: this.targetPort });
    for (const [from, to] of [[client, upstream], [upstream, client]] as const) {
      this.sockets.add(from);
      from.pipe(to);
      from.on('error', () => to.destroy());
      from.on('close', () => {
        this.sockets.delete(from);
        to.destroy();
      });
    }
  }
}
