/** Where a forwarder sends the connections it accepts, as its command line says. */
export type ForwarderBackend =
  /** A TCP address this machine reaches as the forwarder does: socat's, docker-proxy's, or an ssh -L to this machine. */
  | {
      kind: 'address';
      host: string;
      port: number;
      /** The forwarder's own words for it, as a user would recognise them: `TCP:127.0.0.1:3000`, `-L 8080:db:5432`. */
      spec: string;
    }
  /** An address that another host connects to: ssh -L hands host and port to the ssh server, which resolves them. */
  | {
      kind: 'remote';
      host: string;
      port: number;
      /** The ssh destination as given (`user@host`, an alias of ~/.ssh/config): where `host` is resolved. */
      via: string;
      spec: string;
    }
  /** A pod or service port in Kubernetes, reached through the API server: only kubectl can reach it. */
  | {
      kind: 'kubernetes';
      /** `pod/web-1`, `svc/web`, `deployment/web`, or a bare pod name. */
      resource: string;
      namespace: string | null;
      /** The remote port as given: a number or a named port. */
      port: string;
    }
  /** Configuration files that name the backends (nginx, HAProxy): conn-doctor does not read them. */
  | {
      kind: 'config';
      files: string[];
      /** Where the proxy writes its errors, when its command line says (nginx `-e`). */
      errorLog: string | null;
    };

/** A TCP port from its text, or null when it is not one. */
export function tcpPort(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : null;
}

/** A host as written in `host:port` forms: the brackets of an IPv6 literal removed. */
export function bareHost(host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1');
}
