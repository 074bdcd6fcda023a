import { type AuthRequest, md5Answer, passwordMessage, saslInitialResponse, saslResponse } from './postgres-wire.js';
import { type ScramStart, scramFinal, scramStart, scramVerified } from './scram-sha-256.js';

/** What to do with one authentication request, given the password. */
export type PasswordStep =
  | /** Write these bytes (a PasswordMessage, a SASL message). */
  { kind: 'send'; bytes: Buffer }
  /** Nothing to write: the request was checked and the next message decides (SCRAM's final signature). */
  | { kind: 'continue' }
  /** A method this probe does not answer (GSSAPI, SSPI, SCRAM with channel binding only), or a repeat request. */
  | { kind: 'cannot' }
  /** The server's SCRAM messages do not hold up: it is not the server the user meant, or not PostgreSQL. */
  | { kind: 'refused'; why: string };

/**
 * Answers a PostgreSQL server's authentication requests with a password the user gave: cleartext, MD5 or
 * SCRAM-SHA-256 (checking the server's own signature at the end). One per connection; it keeps the SCRAM state.
 */
export class PasswordAnswerer {
  /** Whether the password (or a proof of it) has gone to the server. */
  sent = false;
  private scram: { start: ScramStart; serverSignature: string | null } | null = null;

  constructor(
    private readonly user: string,
    private readonly password: string,
  ) {}

  answer(request: Exclude<AuthRequest, { kind: 'ok' }>): PasswordStep {
    switch (request.kind) {
      case 'cleartext-password':
      case 'md5-password': {
        if (this.sent) return { kind: 'cannot' };
        this.sent = true;
        const md5 = request.kind === 'md5-password';
        return {
          kind: 'send',
          bytes: passwordMessage(md5 ? md5Answer(this.user, this.password, request.salt) : this.password),
        };
      }
      case 'sasl': {
        if (this.sent || !request.mechanisms.includes('SCRAM-SHA-256')) return { kind: 'cannot' };
        this.sent = true;
        this.scram = { start: scramStart(), serverSignature: null };
        return { kind: 'send', bytes: saslInitialResponse('SCRAM-SHA-256', this.scram.start.clientFirst) };
      }
      case 'sasl-continue': {
        if (!this.scram) return { kind: 'cannot' };
        const final = scramFinal(this.scram.start, request.data, this.password);
        if (final.kind === 'refused') return { kind: 'refused', why: `SCRAM: ${final.why}` };
        this.scram.serverSignature = final.serverSignature;
        return { kind: 'send', bytes: saslResponse(final.clientFinal) };
      }
      case 'sasl-final':
        if (!this.scram?.serverSignature) return { kind: 'cannot' };
        // The server proves it knows the password too; one that cannot is not the server the user meant.
        return scramVerified(request.data, this.scram.serverSignature)
          ? { kind: 'continue' }
          : { kind: 'refused', why: "SCRAM: the server's signature does not prove it knows the password" };
      case 'gss':
      case 'sspi':
      case 'kerberos':
      case 'other':
        return { kind: 'cannot' };
      default:
        return request satisfies never;
    }
  }
}
