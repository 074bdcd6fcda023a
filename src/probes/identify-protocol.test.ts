import { describe, expect, it } from 'vitest';
import { identifyProtocol } from './identify-protocol.js';

const text = (s: string) => Buffer.from(s, 'latin1');
const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** A MySQL packet 0: 3-byte little-endian payload length, sequence id 0, payload. */
function mysqlPacket(payload: Buffer): Buffer {
  const header = Buffer.from([payload.length & 0xff, (payload.length >> 8) & 0xff, payload.length >> 16, 0]);
  return Buffer.concat([header, payload]);
}

/** Initial handshake v10 as mysqld 8 / mariadbd send it on accept (salt bytes fixed for the test). */
function mysqlHandshake(version: string, plugin: string): Buffer {
  return mysqlPacket(
    Buffer.concat([
      Buffer.from([0x0a]),
      text(`${version}\0`),
      hex('0b 00 00 00'), // connection id
      text('Wq\x1b9,]v5\0'), // auth-plugin-data part 1 + filler
      hex('ff ff ff 02 00 ff df 15 00 00 00 00 00 00 00 00 00 00'), // capabilities, charset, status, reserved
      text('\x1aR{x)7k4|EpT\0'), // auth-plugin-data part 2
      text(`${plugin}\0`),
    ]),
  );
}

describe('identifyProtocol', () => {
  it.each([
    ['ssh', 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n', 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3'],
    ['smtp', '220 mail.example.com ESMTP Postfix (Debian/GNU)\r\n', '220 mail.example.com ESMTP Postfix (Debian/GNU)'],
    ['smtp', '220-mx.example.net ESMTP Exim 4.96 Tue, 04 Jun 2024 10:12:01 +0000\r\n220-We do not authorize', null],
    ['ftp', '220 (vsFTPd 3.0.5)\r\n', '220 (vsFTPd 3.0.5)'],
    ['ftp', '220 ProFTPD Server (Debian) [::ffff:192.0.2.5]\r\n', null],
    [
      'ftp',
      '220-FileZilla Server 1.8.1\r\n220 Please visit https://filezilla-project.org/\r\n',
      '220-FileZilla Server 1.8.1',
    ],
    ['smtp-or-ftp', '220 Service ready\r\n', null],
    ['pop3', '+OK Dovecot (Debian) ready.\r\n', '+OK Dovecot (Debian) ready.'],
    [
      'imap',
      '* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN] Dovecot ready.\r\n',
      null,
    ],
    ['redis', "-ERR wrong number of arguments for 'get' command\r\n-ERR unknown command 'Host:'\r\n", null],
    ['redis', '-DENIED Redis is running in protected mode because protected mode is enabled\r\n', null],
    ['redis', '-NOAUTH Authentication required.\r\n', null],
    ['redis', '+PONG\r\n', '+PONG'],
    ['http', 'HTTP/1.1 400 Bad Request\r\nServer: nginx\r\n\r\n', 'HTTP/1.1 400 Bad Request'],
    ['http', 'HTTP/1.0 200 OK\r\n', null],
    ['vnc', 'RFB 003.008\n', 'RFB 003.008'],
  ])('recognises %s from %j', (id, bytes, evidence) => {
    const found = identifyProtocol(text(bytes));
    expect(found?.id).toBe(id);
    if (evidence !== null) expect(found?.evidence).toBe(evidence);
  });

  it('recognises an AMQP broker by the protocol header it answers a foreign hello with', () => {
    // RabbitMQ 3.10's answer to a TLS ClientHello or an HTTP request (test/amqp-verdicts.real-server.test.ts).
    expect(identifyProtocol(hex('414d515000000901'))).toEqual({
      id: 'amqp',
      name: 'AMQP',
      evidence: 'AMQP protocol header 0-0-9-1: AMQP\\x00\\x00\\t\\x01',
    });
    expect(identifyProtocol(text('AMQP'))).toBeNull();
    expect(identifyProtocol(text('AMQPLAIN is a mechanism'))).toBeNull();
  });

  it('makes the evidence visible: an ANSI escape in a banner does not reach the terminal', () => {
    const found = identifyProtocol(Buffer.from('SSH-2.0-\x1b[2J\x1b[31mevil\u202e\r\n', 'utf8'));
    expect(found?.id).toBe('ssh');
    expect(found?.evidence).toBe('SSH-2.0-\\x1b[2J\\x1b[31mevil\\xe2\\x80\\xae');
  });

  it('bounds the evidence of an endless line', () => {
    const found = identifyProtocol(text(`220 ${'x'.repeat(5000)} ESMTP`));
    expect(found?.evidence.length).toBeLessThanOrEqual(121);
  });

  it('reads the MySQL version out of the handshake', () => {
    const found = identifyProtocol(mysqlHandshake('8.0.36', 'caching_sha2_password'));
    expect(found).toEqual({ id: 'mysql', name: 'MySQL', evidence: 'MySQL handshake v10, server version 8.0.36' });
  });

  it('tells MariaDB by its version string', () => {
    const found = identifyProtocol(mysqlHandshake('5.5.5-10.11.6-MariaDB-0+deb12u1', 'mysql_native_password'));
    expect(found?.name).toBe('MariaDB');
    expect(found?.evidence).toContain('10.11.6-MariaDB');
  });

  it('recognises the MySQL error a server sends instead of a handshake', () => {
    const payload = Buffer.concat([
      hex('ff 6a 04'),
      text("Host '172.17.0.1' is not allowed to connect to this MySQL server"),
    ]);
    const found = identifyProtocol(mysqlPacket(payload));
    expect(found?.id).toBe('mysql');
    expect(found?.evidence).toBe(
      "MySQL error 1130 before the handshake: Host '172.17.0.1' is not allowed to connect to this MySQL server",
    );
  });

  it('recognises a PostgreSQL ErrorResponse', () => {
    const body = text(
      'SFATAL\0VFATAL\0C0A000\0Munsupported frontend protocol 1234.5679: server supports 3.0 to 3.0\0Fpostmaster.c\0L2206\0RProcessStartupPacket\0\0',
    );
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length + 4);
    const found = identifyProtocol(Buffer.concat([text('E'), length, body]));
    expect(found?.id).toBe('postgresql');
    expect(found?.evidence).toBe(
      'PostgreSQL error: unsupported frontend protocol 1234.5679: server supports 3.0 to 3.0',
    );
  });

  it('recognises TLS alert records, naming the alert', () => {
    expect(identifyProtocol(hex('15 03 01 00 02 02 46'))).toEqual({
      id: 'tls',
      name: 'TLS',
      evidence: 'TLS alert record, fatal protocol_version (70): 15 03 01 00 02 02 46',
    });
    expect(identifyProtocol(hex('15 03 03 00 02 02 32'))?.evidence).toContain('fatal decode_error (50)');
  });

  it('recognises a TLS handshake record', () => {
    const found = identifyProtocol(hex('16 03 03 00 7a 02 00 00 76 03 03 5e 1f'));
    expect(found?.id).toBe('tls');
    expect(found?.evidence).toBe('TLS handshake record (ServerHello): 16 03 03 00 7a 02 00');
  });

  it('recognises an HTTP/2 server preface (a SETTINGS frame)', () => {
    const found = identifyProtocol(hex('00 00 06 04 00 00 00 00 00 00 03 00 00 00 64 00 00 08 07 00 00 00 00 00'));
    expect(found?.id).toBe('http2');
  });

  it.each([
    ['random binary', hex('8f 00 3c ff 1b 9a 10 00 77 e3 42 01')],
    ['a lone PostgreSQL SSL answer', text('N')],
    ['an unknown text line', text('hello there\r\n')],
    ['nothing', new Uint8Array(0)],
    ['a bare 220 with no separator', text('2200')],
  ])('returns null for %s', (_, bytes) => {
    expect(identifyProtocol(bytes)).toBeNull();
  });
});
