import { describe, expect, it } from 'vitest';
import { useLoopbackServers } from '../probes/loopback-servers.test-helper.js';
import { CAPTURED } from './amqp-captured.test-helper.js';
import { amqpHandshake } from './amqp-handshake.js';

const budget = { timeoutMs: 3000 };

/**
 * A loopback broker that answers as RabbitMQ 3.10 did (its captured bytes): Connection.Start to a 0-9-1 header,
 * its own header and a close to any other header.
 */
describe('amqpHandshake against a loopback broker replaying RabbitMQ', () => {
  const { serve } = useLoopbackServers();
  const broker = () =>
    serve((peer) => {
      let header = Buffer.alloc(0);
      peer.on('data', (chunk: Buffer) => {
        header = Buffer.concat([header, chunk]);
        if (header.length < 8) return;
        if (header.subarray(0, 8).toString('hex') === '414d515000000901') {
          peer.write(Buffer.from(CAPTURED.connectionStart, 'hex'));
        } else {
          peer.end(Buffer.from(CAPTURED.ownHeader, 'hex'));
        }
      });
    });

  it('reads Connection.Start: product, version and mechanisms', async () => {
    expect(await amqpHandshake(await broker(), budget)).toMatchObject({
      kind: 'connection-start',
      reason: 'ok',
      start: { serverProperties: { product: 'RabbitMQ', version: '3.10.8' }, mechanisms: ['PLAIN', 'AMQPLAIN'] },
    });
  });

  it('a broker that speaks another version answers with its header: protocol-version-mismatch', async () => {
    const endpoint = await serve((peer) => peer.once('data', () => peer.end(Buffer.from('414d515001010000', 'hex'))));
    expect(await amqpHandshake(endpoint, budget)).toMatchObject({
      kind: 'protocol-header',
      version: '1-1-0-0',
      reason: 'protocol-version-mismatch',
    });
  });

  it('a TLS-only port that closes on plain bytes: closed, with nothing received', async () => {
    const endpoint = await serve((peer) => peer.once('data', () => peer.end()));
    expect(await amqpHandshake(endpoint, budget)).toMatchObject({ kind: 'closed', received: null });
  });
});

/**
 * A loopback broker that plays RabbitMQ 3.10's login from its captured frames: Start, then what `afterStartOk` says
 * (Tune, a Close 403, or a bare close), then what `afterOpen` says (Open-Ok or a Close 530). It keeps every byte
 * the client sent, to check what went on the wire.
 */
describe('amqpHandshake with a login (a user and a password from the URL)', () => {
  const { serve } = useLoopbackServers();
  const hex = (name: keyof typeof CAPTURED) => Buffer.from(CAPTURED[name], 'hex');
  const login = { user: 'app', password: 'Hunter2-secret', vhost: 'shop' };

  function broker(script: {
    start?: Buffer;
    afterStartOk: 'tune' | 'close-403' | 'hang-up' | 'heartbeat-then-tune' | 'silence';
    afterOpen?: 'open-ok' | 'close-530' | 'hang-up';
  }) {
    const sent: Buffer[] = [];
    const endpoint = serve((peer) => {
      let step = 0;
      peer.on('data', (chunk: Buffer) => {
        sent.push(chunk);
        step += 1;
        if (step === 1) peer.write(script.start ?? hex('connectionStart'));
        else if (step === 2 && script.afterStartOk === 'hang-up') peer.end();
        else if (step === 2 && script.afterStartOk === 'silence') return;
        else if (step === 3 && script.afterOpen === 'hang-up') peer.end();
        else if (step === 2 && script.afterStartOk === 'close-403') peer.write(hex('closeLoginRefused'));
        else if (step === 2) {
          const heartbeat =
            script.afterStartOk === 'heartbeat-then-tune' ? [Buffer.from('08000000000000ce', 'hex')] : [];
          peer.write(Buffer.concat([...heartbeat, hex('tune')]));
        } else if (step === 3) peer.write(hex(script.afterOpen === 'close-530' ? 'closeVhostMissing' : 'openOk'));
        else peer.end(hex('closeOk'));
      });
    });
    return { endpoint, sent };
  }

  it('Open-Ok: logged in, after Start-Ok (PLAIN), Tune-Ok and Open for the vhost; then Close', async () => {
    const { endpoint, sent } = broker({ afterStartOk: 'tune', afterOpen: 'open-ok' });
    const result = await amqpHandshake(await endpoint, budget, { login });
    expect(result).toMatchObject({ kind: 'logged-in', vhost: 'shop', reason: 'ok' });
    expect(JSON.stringify(result)).not.toContain('Hunter2-secret');
    const wire = Buffer.concat(sent);
    expect(wire.includes(Buffer.from('\0app\0Hunter2-secret'))).toBe(true);
    expect(wire.includes(Buffer.from('0100000000000c000a001f07ff00020000003cce', 'hex'))).toBe(true); // Tune-Ok, echoed
    expect(wire.includes(Buffer.from('0100000000000b000a00280473686f700000ce', 'hex'))).toBe(true); // Open "shop"
    await expect.poll(() => Buffer.concat(sent).includes(Buffer.from('000a003200c8', 'hex'))).toBe(true); // Close 200
  });

  it('a heartbeat before Tune is stepped over', async () => {
    const { endpoint } = broker({ afterStartOk: 'heartbeat-then-tune', afterOpen: 'open-ok' });
    expect(await amqpHandshake(await endpoint, budget, { login })).toMatchObject({ kind: 'logged-in' });
  });

  it('Close 403 after Start-Ok: login refused, authentication-failed; answered with Close-Ok', async () => {
    const { endpoint, sent } = broker({ afterStartOk: 'close-403' });
    expect(await amqpHandshake(await endpoint, budget, { login })).toMatchObject({
      kind: 'login-refused',
      stage: 'start-ok',
      code: 403,
      reason: 'authentication-failed',
    });
    await expect.poll(() => Buffer.concat(sent).includes(Buffer.from('01000000000004000a0033ce', 'hex'))).toBe(true);
  });

  it('Close 530 after Open: the vhost does not exist, database-missing', async () => {
    const { endpoint } = broker({ afterStartOk: 'tune', afterOpen: 'close-530' });
    expect(await amqpHandshake(await endpoint, budget, { login })).toMatchObject({
      kind: 'login-refused',
      stage: 'open',
      code: 530,
      text: 'NOT_ALLOWED - vhost nope not found',
      reason: 'database-missing',
    });
  });

  it('a bare close after Start-Ok: AMQP 0-9-1’s own refusal of a login, authentication-failed', async () => {
    const { endpoint } = broker({ afterStartOk: 'hang-up' });
    expect(await amqpHandshake(await endpoint, budget, { login })).toMatchObject({
      kind: 'login-closed',
      how: 'closed',
      reason: 'authentication-failed',
    });
  });

  it('silence after Start-Ok (a slow authentication backend): the password went out, no answer came; not a cut-short', async () => {
    const { endpoint } = broker({ afterStartOk: 'silence' });
    const result = await amqpHandshake(await endpoint, { timeoutMs: 400 }, { login });
    expect(result).toMatchObject({
      kind: 'login-unanswered',
      stage: 'start-ok',
      how: 'no-answer',
      reason: 'server-error',
    });
  });

  it('a bare close after Open (past Tune): the login went unanswered, server-error, never a refusal of the password', async () => {
    const { endpoint } = broker({ afterStartOk: 'tune', afterOpen: 'hang-up' });
    expect(await amqpHandshake(await endpoint, budget, { login })).toMatchObject({
      kind: 'login-unanswered',
      stage: 'open',
      how: 'closed',
      reason: 'server-error',
    });
  });

  it('a broker that does not offer PLAIN: nothing sent after the header, and it says why', async () => {
    const start = hex('connectionStart');
    const at = start.indexOf(Buffer.from('PLAIN AMQPLAIN'));
    const external = Buffer.from(start);
    external.write('EXTERNAL XXXXX', at, 'latin1');
    const { endpoint, sent } = broker({ start: external, afterStartOk: 'tune' });
    const result = await amqpHandshake(await endpoint, budget, { login });
    expect(result).toMatchObject({ kind: 'connection-start', reason: 'ok' });
    expect(result).toMatchObject({ loginSkipped: 'no-plain' });
    expect(Buffer.concat(sent).toString('hex')).toBe('414d515000000901');
  });
});
