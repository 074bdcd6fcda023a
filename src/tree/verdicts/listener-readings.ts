import { shellQuote } from '../commands.js';
import { forwarderListener, type Facts } from '../facts.js';
import { backendWhere, forwarderWho, shown } from './forwarder-evidence.js';

/** What a drop by the known program on the port may mean, and where to look to tell: for the drop verdicts. */
export interface ListenerReading {
  /** Sentences added to the summary. */
  summary: string;
  nextSteps: string[];
}

/**
 * A reverse proxy that closes without a byte proves no dead backend: nginx's `return 444` and HAProxy's reject rules
 * close on purpose, with no backend at all. Both readings are named, with the log line that tells them apart. A
 * forwarder whose backend accepted from here passes the blame on to that backend. Null for any other listener.
 */
export function listenerReading(facts: Facts, port: number): ListenerReading | null {
  const listener = forwarderListener(facts);
  const forwarder = listener?.forwarder;
  if (!listener || !forwarder) return null;
  const who = forwarderWho(listener);
  if (facts.backend?.kind === 'accepted' && forwarder.backend) {
    return {
      summary:
        ` The port belongs to ${who}, which forwards to ${backendWhere(forwarder.backend)}; that backend accepts ` +
        `connections from here, so the drop comes from the service behind it (or from what the forwarder adds).`,
      nextSteps: [],
    };
  }
  if (forwarder.kind !== 'reverse-proxy') return null;
  const config = forwarder.backend?.kind === 'config' ? forwarder.backend : null;
  const files = config ? config.files.map(shown).join(', ') : 'its configuration';
  const both =
    ` The port belongs to ${who}, a proxy. A proxy that closes without a word means one of two things: it closes ` +
    'on purpose, by a rule of its own, with no backend involved; or it could not reach its backend.';
  if (forwarder.name === 'nginx') {
    const errorLog = config?.errorLog ?? '/var/log/nginx/error.log';
    const configFlag =
      config?.files[0] && config.files[0] !== '/etc/nginx/nginx.conf' ? ` -c ${shellQuote(config.files[0])}` : '';
    return {
      summary:
        `${both} nginx's \`return 444\` is the first kind; its stream proxy closes the same way when its upstream ` +
        'refuses. Its error log tells them apart: a backend failure leaves a line such as "connect() failed (111: ' +
        'Connection refused) while connecting to upstream"; a 444 leaves none, and its access log shows status 444.',
      nextSteps: [
        `Read the end of nginx's error log: \`tail -n 20 ${shellQuote(errorLog)}\``,
        `Find the server block for port ${port} in ${files}, and whether it returns 444 or proxies: \`sudo nginx -T${configFlag} | grep -nE 'listen|return +444|proxy_pass'\``,
      ],
    };
  }
  if (forwarder.name === 'HAProxy') {
    const grep = config
      ? `\`grep -nE '^\\s*(frontend|listen|backend|bind|server|default_backend|use_backend)\\b' ${config.files.map(shellQuote).join(' ')}\``
      : null;
    return {
      summary:
        `${both} HAProxy's \`tcp-request connection reject\` and \`silent-drop\` are the first kind; in tcp mode it ` +
        'closes the same way when no server of its backend answers. Its log line for the connection tells them ' +
        'apart: termination state SC (the server refused or never answered the connect) is a failing backend; a ' +
        'state starting with P is its own rule.',
      nextSteps: [
        `Find the frontend that binds port ${port} in ${files}, and its backend's \`server\` lines: that is where HAProxy forwards${grep ? `: ${grep}` : ''}`,
        "Read HAProxy's log for the connection (the `log` line of its configuration says where; `journalctl -u haproxy` on most systems)",
      ],
    };
  }
  return {
    summary: `${both} Its error log tells which.`,
    nextSteps: [`Check ${forwarder.name}'s configuration for port ${port} and its error log`],
  };
}

/**
 * A forwarder or proxy that holds the connection without a word may be waiting on its backend: HAProxy retries a
 * server that refuses, a second apart, before it closes. Names the listener, that reading, and where to look.
 * Null when no forwarder owns the port.
 */
export function quietReading(facts: Facts, port: number): ListenerReading | null {
  const listener = forwarderListener(facts);
  const forwarder = listener?.forwarder;
  if (!listener || !forwarder) return null;
  const who = forwarderWho(listener);
  const backend = forwarder.backend;
  if (facts.backend?.kind === 'accepted' && backend) {
    return {
      summary:
        ` The port belongs to ${who}, which forwards to ${backendWhere(backend)}; that backend accepts connections ` +
        'from here, so the silence is most likely its own.',
      nextSteps: [],
    };
  }
  const waiting =
    forwarder.name === 'HAProxy'
      ? ' HAProxy retries a server that refuses (3 times by default, a second apart) and waits `timeout connect` for one that does not answer, saying nothing meanwhile; its log line for the connection then shows termination state SC.'
      : '';
  const config = backend?.kind === 'config' ? backend.files.map(shown).join(', ') : null;
  return {
    summary:
      ` The port belongs to ${who}, which passes connections on to a backend${backend ? ` (${backendWhere(backend)})` : ''}. ` +
      `A forwarder that stays silent may still be waiting for that backend, or the backend is what is silent.${waiting}`,
    nextSteps: [
      config
        ? `Check the backends in ${config}, and ${forwarder.name}'s log for this connection`
        : `Check where ${forwarder.name} forwards port ${port}, and that the service there runs`,
    ],
  };
}
