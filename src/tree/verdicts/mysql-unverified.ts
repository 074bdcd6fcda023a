import { openSslClient } from '../commands.js';
import { type Facts, portOf, serverNameOf } from '../facts.js';
import type { SubmissionReading } from './smtp-submission.js';

/**
 * A healthy MySQL session over TLS while the URL asks for the server's certificate to be verified (VERIFY_CA,
 * VERIFY_IDENTITY, mysql2's `ssl={}`, Go's `tls=true`): conn-doctor's upgrade does not verify it, and a client set
 * so refuses a self-signed, expired or misnamed one. Whatever the login came to (logged in, the placeholder let in
 * or refused, the password held back for that very reason), the healthy verdict says so and is not certain. Null for
 * any other session.
 */
export function mysqlUnverifiedReading(facts: Facts): SubmissionReading | null {
  const check = facts.protocol;
  const login = check?.protocol === 'mysql' ? check.handshakes[0] : undefined;
  if (!login || !('tls' in login) || !login.tls) return null;
  if (check?.tlsMode !== 'verify') return null;
  // With the target's name given, OpenSSL checks it as the client does; an IP literal has no name to send or check.
  const see = openSslClient(facts.target.host, portOf(facts), serverNameOf(facts), { starttls: 'mysql', verify: true });
  return {
    sentence:
      " The session went over TLS, but the server's certificate was not verified here, and the URL asks the client " +
      "to verify it (VERIFY_CA, VERIFY_IDENTITY, mysql2's `ssl={}`, Go's `tls=true`): a client set so fails if the " +
      'certificate is self-signed, expired, signed by a CA it does not trust, or (all but VERIFY_CA) for another name.',
    nextSteps: [
      `See the certificate as a verifying client does: \`${see}\` (it stops with "verify error" on a certificate such a client refuses)`,
    ],
    doubt: true,
  };
}
