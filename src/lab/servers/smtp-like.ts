import net from 'node:net';
import tls from 'node:tls';
import type { KeyAndChain } from '../certs/lab-pki.js';
import { listenTracked, type LabServer } from './lab-server.js';

/**
 * Speaks the start of SMTP (RFC 5321 §3.1, §4.2): the server talks first, with its greeting. `ready` greets with 220,
 * answers EHLO with 250 and a few extensions, HELO with 250, QUIT with 221 and a close (any other command gets 502);
 * the refusals greet with the reply a real server sends instead and close, as Exim and Postfix do:
 * - `too-many`: 421, Exim's words when `smtp_accept_max` is reached (captured from Exim 4.96);
 * - `shutting-down`: 421, the server is going away (RFC 5321 §3.8);
 * - `blocked`: 554, no service for this client (RFC 5321 §3.1), worded as Postfix words an access rule;
 * - `helo-refused`: greets with 220, then refuses EHLO and HELO with 554, worded as Postfix words a
 *   `check_helo_access` REJECT (with `smtpd_delay_reject = no`, so that it comes at EHLO, not at RCPT TO).
 */
export type SmtpGreeting = 'ready' | 'too-many' | 'shutting-down' | 'blocked' | 'helo-refused';

const greetings: Record<SmtpGreeting, string> = {
  ready: '220 mx.lab.test ESMTP conn-doctor lab\r\n',
  'too-many': '421 Too many concurrent SMTP connections; please try again later.\r\n',
  'shutting-down': '421 4.3.2 mx.lab.test Service shutting down, closing transmission channel\r\n',
  blocked: '554 5.7.1 mx.lab.test: Client host rejected: Access denied\r\n',
  'helo-refused': '220 mx.lab.test ESMTP conn-doctor lab\r\n',
};

/** Commands longer than this (RFC 5321 §4.5.3.1.4 allows 512 bytes a line) are cut off. */
const maxLineBytes = 1000;

export function startSmtpLike(greeting: SmtpGreeting = 'ready'): Promise<LabServer> {
  return listenTracked(net.createServer(smtpServer(greeting)));
}

/**
 * An smtps port (TLS from the first byte, as Exim's `tls_on_connect_ports`): the greeting comes inside TLS, and a
 * plain client, waiting for a greeting, hears nothing until it gives up.
 */
export function startSmtpsLike(identity: KeyAndChain): Promise<LabServer> {
  const server = tls.createServer(identity, smtpServer('ready'));
  server.on('tlsClientError', (_error, socket) => socket.destroy());
  return listenTracked(server);
}

function smtpServer(greeting: SmtpGreeting) {
  return (socket: net.Socket) => {
    if (greeting !== 'ready' && greeting !== 'helo-refused') {
      // Keep reading what the client still sends (a QUIT), so the close is a FIN rather than an RST.
      socket.resume();
      socket.end(greetings[greeting]);
      return;
    }
    socket.write(greetings[greeting]);
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      for (let newline = pending.indexOf('\n'); newline !== -1; newline = pending.indexOf('\n')) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        const [verb = '', name = ''] = line.split(/\s+/);
        const command = verb.toUpperCase();
        // The client's name, echoed as servers do, limited to what an address literal or a domain holds.
        const client = name.replace(/[^\w.:[\]-]/g, '').slice(0, 80);
        if (command === 'QUIT') {
          socket.end('221 2.0.0 mx.lab.test closing connection\r\n');
          return;
        }
        if ((command === 'EHLO' || command === 'HELO') && greeting === 'helo-refused') {
          socket.write(`554 5.7.1 <${client}>: Helo command rejected: Access denied\r\n`);
        } else if (command === 'EHLO') {
          socket.write(`250-mx.lab.test Hello ${client}\r\n250-SIZE 10240000\r\n250-8BITMIME\r\n250 PIPELINING\r\n`);
        } else if (command === 'HELO') {
          socket.write(`250 mx.lab.test Hello ${client}\r\n`);
        } else {
          socket.write('502 5.5.2 Command not recognized\r\n');
        }
      }
      if (pending.length > maxLineBytes) socket.end('500 5.5.6 Line too long\r\n');
    });
  };
}
