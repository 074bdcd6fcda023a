import net from 'node:net';
import { listenTracked, type LabServer } from './lab-server.js';

/** Redis refuses an inline request longer than this (PROTO_INLINE_MAX_SIZE), and so do we. */
const maxRequestBytes = 64 * 1024;

/**
 * Speaks enough of Redis's protocol (RESP) to be recognised: inline commands (`PING\r\n`) and RESP arrays
 * (`*1\r\n$4\r\nPING\r\n`). PING answers +PONG; every other command an `-ERR unknown command` error, worded
 * as Redis 6.2+ words it. Like Redis since 3.2.7, a `Host:` or `POST` line (an HTTP request sent to Redis)
 * closes the connection.
 *
 * `mode` makes it refuse as Redis does: `requirepass` answers -NOAUTH until AUTH gives `password`
 * (-WRONGPASS for another), `loading` answers -LOADING, and `protected` and `maxclients` send their error on
 * accept and close, as Redis does for a non-loopback client in protected mode and past `maxclients`.
 */
export type RedisMode =
  | { kind: 'open' }
  | { kind: 'requirepass'; password: string }
  | { kind: 'loading' }
  | { kind: 'protected' }
  | { kind: 'maxclients' };

const onAccept: Partial<Record<RedisMode['kind'], string>> = {
  protected:
    '-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user.\r\n',
  maxclients: '-ERR max number of clients reached\r\n',
};

export function startRedisLike(host?: string, port?: number, mode: RedisMode = { kind: 'open' }): Promise<LabServer> {
  return listenTracked(
    net.createServer((socket) => {
      const refusal = onAccept[mode.kind];
      if (refusal) return close(socket, refusal);
      let authenticated = mode.kind !== 'requirepass';
      let pending = Buffer.alloc(0);
      socket.on('data', (chunk) => {
        pending = Buffer.concat([pending, chunk]);
        for (;;) {
          const parsed = nextCommand(pending);
          if (parsed === 'incomplete') break;
          if (parsed === 'invalid') return close(socket, '-ERR Protocol error: invalid request\r\n');
          pending = pending.subarray(parsed.length);
          const [name = '', ...args] = parsed.words;
          const command = name.toLowerCase();
          if (command === 'host:' || command === 'post') return close(socket);
          if (command === '') continue; // Redis skips empty inline lines.
          if (command === 'auth' && mode.kind === 'requirepass') {
            authenticated = args.at(-1) === mode.password;
            socket.write(
              authenticated ? '+OK\r\n' : '-WRONGPASS invalid username-password pair or user is disabled.\r\n',
            );
          } else if (!authenticated) socket.write('-NOAUTH Authentication required.\r\n');
          else if (mode.kind === 'loading') socket.write('-LOADING Redis is loading the dataset in memory\r\n');
          else socket.write(command === 'ping' ? '+PONG\r\n' : unknownCommand(name, args));
        }
        if (pending.length > maxRequestBytes) close(socket, '-ERR Protocol error: too big request\r\n');
      });
    }),
    host,
    port,
  );
}

/** One parsed command and how many bytes of the buffer it took. */
interface Command {
  words: string[];
  length: number;
}

function nextCommand(buffer: Buffer): Command | 'incomplete' | 'invalid' {
  if (buffer.length === 0) return 'incomplete';
  return buffer[0] === 0x2a /* '*' */ ? respArray(buffer) : inline(buffer);
}

function inline(buffer: Buffer): Command | 'incomplete' {
  const newline = buffer.indexOf(0x0a);
  if (newline === -1) return 'incomplete';
  const words = buffer.subarray(0, newline).toString('latin1').trim().split(/\s+/).filter(Boolean);
  return { words, length: newline + 1 };
}

/** `*<count>\r\n` then `<count>` bulk strings, each `$<length>\r\n<bytes>\r\n`. */
function respArray(buffer: Buffer): Command | 'incomplete' | 'invalid' {
  let offset = 0;
  const line = (prefix: string): number | 'incomplete' | 'invalid' => {
    const end = buffer.indexOf('\r\n', offset);
    if (end === -1) return 'incomplete';
    const text = buffer.subarray(offset, end).toString('latin1');
    offset = end + 2;
    if (!text.startsWith(prefix) || !/^\d{1,9}$/.test(text.slice(1))) return 'invalid';
    return Number(text.slice(1));
  };
  const count = line('*');
  if (typeof count !== 'number') return count;
  if (count > 1024) return 'invalid';
  const words: string[] = [];
  for (let i = 0; i < count; i++) {
    const length = line('$');
    if (typeof length !== 'number') return length;
    if (buffer.length < offset + length + 2) return 'incomplete';
    words.push(buffer.subarray(offset, offset + length).toString('latin1'));
    offset += length + 2;
  }
  return { words, length: offset };
}

function unknownCommand(name: string, args: string[]): string {
  const quoted = args.map((arg) => `'${arg.slice(0, 128)}' `).join('');
  return `-ERR unknown command '${name.slice(0, 128)}', with args beginning with: ${quoted}\r\n`;
}

function close(socket: net.Socket, last = ''): void {
  socket.removeAllListeners('data');
  // Keep reading what the client still sends, so closing is a FIN rather than an RST.
  socket.resume();
  socket.end(last);
}
