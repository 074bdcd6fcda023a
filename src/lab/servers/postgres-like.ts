import net from 'node:net';
import { listenTracked, type LabServer } from './lab-server.js';

/** The request codes a PostgreSQL client opens with, in place of a protocol version (protocol §55.7). */
const codes = { sslRequest: 80877103, gssEncRequest: 80877104, cancelRequest: 80877102, protocol3: 196608 };
/** PostgreSQL refuses a startup packet longer than this (MAX_STARTUP_PACKET_LENGTH). */
const maxStartupBytes = 10_000;

/**
 * Speaks the first steps of PostgreSQL's protocol: `N` (no TLS here) to an SSLRequest or GSSENCRequest, and
 * to a StartupMessage the FATAL error `refusal` names: by default the one a server whose pg_hba.conf has no line
 * for the client sends; `too-many-clients` (53300), `starting-up` (57P03) or `no-database` (3D000). Anything
 * else closes with no byte, as PostgreSQL does for a bad startup packet (it only logs "invalid length of
 * startup packet"): an HTTP request's "GET " reads as a length of 1.2 GB.
 */
export type PostgresRefusal = 'no-hba-entry' | 'too-many-clients' | 'starting-up' | 'no-database';

export function startPostgresLike(
  host?: string,
  port?: number,
  refusal: PostgresRefusal = 'no-hba-entry',
): Promise<LabServer> {
  return listenTracked(
    net.createServer((socket) => {
      let pending = Buffer.alloc(0);
      socket.on('data', (chunk) => {
        pending = Buffer.concat([pending, chunk]);
        while (pending.length >= 4) {
          const length = pending.readUInt32BE(0);
          if (length < 8 || length > maxStartupBytes) return close(socket);
          if (pending.length < length) return;
          const code = pending.readUInt32BE(4);
          const packet = pending.subarray(8, length);
          pending = pending.subarray(length);
          if (code === codes.sslRequest || code === codes.gssEncRequest) socket.write('N');
          else if (code === codes.protocol3) return close(socket, refuse(refusal, socket, parameters(packet)));
          else if (code === codes.cancelRequest) return close(socket);
          else return close(socket, unsupportedProtocol(code));
        }
      });
    }),
    host,
    port,
  );
}

/** A StartupMessage's parameters: NUL-terminated name/value pairs, ended by an empty name. */
function parameters(packet: Buffer): Map<string, string> {
  const words = packet.toString('utf8').split('\0');
  const found = new Map<string, string>();
  for (let i = 0; i + 1 < words.length && words[i] !== ''; i += 2) found.set(words[i]!, words[i + 1]!);
  return found;
}

/** The ErrorResponse PostgreSQL 15 sends for each refusal, worded as it words them. */
function refuse(refusal: PostgresRefusal, socket: net.Socket, startup: Map<string, string>): Buffer {
  switch (refusal) {
    case 'no-hba-entry':
      return noHbaEntry(socket, startup);
    case 'too-many-clients':
      return errorResponse('53300', 'sorry, too many clients already');
    case 'starting-up':
      return errorResponse('57P03', 'the database system is starting up');
    case 'no-database':
      return errorResponse('3D000', `database "${startup.get('database') ?? ''}" does not exist`);
  }
}

function noHbaEntry(socket: net.Socket, startup: Map<string, string>): Buffer {
  const user = startup.get('user') ?? '';
  const database = startup.get('database') ?? user;
  const client = (socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  const message = `no pg_hba.conf entry for host "${client}", user "${user}", database "${database}", no encryption`;
  return errorResponse('28000', message);
}

function unsupportedProtocol(code: number): Buffer {
  const message = `unsupported frontend protocol ${code >>> 16}.${code & 0xffff}: server supports 3.0 to 3.0`;
  return errorResponse('0A000', message);
}

/** ErrorResponse: 'E', a length that counts itself, then typed NUL-terminated fields and a final NUL. */
function errorResponse(sqlState: string, message: string): Buffer {
  const fields = `${[`SFATAL`, `VFATAL`, `C${sqlState}`, `M${message}`].map((field) => `${field}\0`).join('')}\0`;
  const body = Buffer.from(fields, 'utf8');
  const head = Buffer.alloc(5);
  head.write('E', 0, 'latin1');
  head.writeUInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

function close(socket: net.Socket, last: Buffer | string = ''): void {
  socket.removeAllListeners('data');
  // Keep reading what the client still sends, so closing is a FIN rather than an RST.
  socket.resume();
  socket.end(last);
}
