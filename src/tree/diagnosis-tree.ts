import { serverQuestions } from './server-questions.js';
import type { DiagnosisTree, TreeNode } from './tree-types.js';

const nodes: TreeNode[] = [
  {
    kind: 'branch',
    id: 'start',
    title: 'Start',
    edges: [
      { when: 'port.missing', goto: 'target.port' },
      { when: 'always', goto: 'dns.lookup' },
    ],
  },
  {
    kind: 'question',
    id: 'target.port',
    title: 'Which port?',
    prompt: 'Which port does the service listen on?',
    choices: [
      { value: '80', label: '80 (HTTP)' },
      { value: '443', label: '443 (HTTPS)' },
      { value: '22', label: '22 (SSH)' },
      { value: '3000', label: '3000 (dev servers)' },
      { value: '5432', label: '5432 (PostgreSQL)' },
      { value: '8080', label: '8080 (HTTP alternate)' },
    ],
    defaultValue: '80',
    other: { label: 'Another port', kind: 'port' },
    edges: [{ when: 'always', goto: 'dns.lookup' }],
  },
  {
    kind: 'probe',
    id: 'dns.lookup',
    title: 'Resolve the name',
    step: 'dns.resolve',
    edges: [
      { when: 'dns.resolved', goto: 'tcp.connect' },
      // The name does not resolve here. Clients that read the proxy variable never look it up: curl hands the name
      // to the proxy, which resolves it on its side. Before naming the DNS failure, see whether the proxy gets through.
      { when: 'proxy.applies', goto: 'proxy.dns-detour' },
      { when: 'always', goto: 'dns.failed' },
    ],
  },
  {
    kind: 'probe',
    id: 'proxy.dns-detour',
    title: 'Hand the name to the proxy, as curl would',
    // The same step as proxy.detour: it sends the target's name to the proxy and never resolves it itself.
    step: 'proxy.check',
    edges: [
      { when: 'proxy.carries', verdict: 'proxy-interference' },
      // The proxy fails too: the DNS failure is the finding, and its verdict says what the proxy did.
      { when: 'always', goto: 'dns.failed' },
    ],
  },
  {
    kind: 'branch',
    id: 'dns.failed',
    title: 'Why did the name not resolve?',
    edges: [
      { when: 'dns.no-such-host', verdict: 'dns-no-such-host' },
      { when: 'dns.no-address', verdict: 'dns-no-address' },
      { when: 'always', verdict: 'dns-resolver-failure' },
    ],
  },
  {
    kind: 'probe',
    id: 'tcp.connect',
    title: 'Connect to every address',
    step: 'tcp.connect-all',
    // Ordered most specific first: a family split also has an open address, and must win over it.
    edges: [
      { when: 'tcp.family-split', verdict: 'address-family-mismatch' },
      { when: 'tcp.any-open', goto: 'app.protocol' },
      // Every address failed. Clients that read the proxy variable never make this direct connect: before naming
      // why it fails, see whether the proxy gets through (curl works, the app that goes direct does not). Local
      // targets too, before the local checks: curl proxies loopback unless NO_PROXY names it, as proxyRoute does.
      { when: 'proxy.applies', goto: 'proxy.detour' },
      { when: 'always', goto: 'connect.failed' },
    ],
  },
  {
    kind: 'probe',
    id: 'proxy.detour',
    title: 'Send the same request through the proxy, as curl would',
    step: 'proxy.check',
    edges: [
      { when: 'proxy.carries', verdict: 'proxy-interference' },
      // The proxy fails too: the direct failure is the finding, and its verdict says what the proxy did.
      { when: 'always', goto: 'connect.failed' },
    ],
  },
  {
    kind: 'branch',
    id: 'connect.failed',
    title: 'Why did the direct connection fail?',
    edges: [
      { when: 'tcp.all-refused', goto: 'local.check' },
      { when: 'tcp.any-host-unreachable', verdict: 'host-unreachable' },
      { when: 'tcp.any-network-unreachable', verdict: 'network-unreachable' },
      { when: 'tcp.any-timeout', goto: 'tcp.control' },
      { when: 'tcp.any-blocked-locally', verdict: 'host-unreachable' },
      { when: 'tcp.any-address-unusable', verdict: 'network-unreachable' },
      { when: 'tcp.any-refused', verdict: 'no-listener' },
      // Left: errors no rule above explains; the verdict's evidence carries their errno.
      { when: 'always', verdict: 'host-unreachable' },
    ],
  },
  {
    kind: 'branch',
    id: 'local.check',
    title: 'Is the target this machine?',
    edges: [
      { when: 'target.local', goto: 'local.listeners' },
      { when: 'always', goto: 'server.location' },
    ],
  },
  {
    kind: 'probe',
    id: 'local.listeners',
    title: "List this machine's listeners on the port",
    step: 'local.listeners',
    edges: [
      // A listener on the very address that refused contradicts the refusal: a second connect says why.
      { when: 'local.listener-came-up', verdict: 'listener-came-up' },
      { when: 'local.refused-despite-listener', verdict: 'port-filtered' },
      { when: 'local.listener-elsewhere', verdict: 'listener-bound-elsewhere' },
      { when: 'always', goto: 'server.location' },
    ],
  },
  {
    kind: 'probe',
    id: 'tcp.control',
    title: 'Check other ports of the same host',
    step: 'tcp.control',
    edges: [{ when: 'always', goto: 'firewall.rules' }],
  },
  {
    kind: 'probe',
    id: 'firewall.rules',
    title: "Read this machine's firewall rules for the port",
    step: 'firewall.rules',
    edges: [{ when: 'always', verdict: 'port-filtered' }],
  },
  {
    kind: 'branch',
    id: 'app.protocol',
    title: 'Choose the protocol check',
    edges: [
      { when: 'scheme.http', goto: 'http.request' },
      { when: 'scheme.https', goto: 'tls.handshake' },
      { when: 'scheme.protocol', goto: 'protocol.handshake' },
      { when: 'scheme.protocol-tls', goto: 'tls.handshake' },
      { when: 'always', goto: 'service.identify' },
    ],
  },
  {
    kind: 'probe',
    id: 'tls.handshake',
    title: 'Shake hands in TLS',
    step: 'tls.handshake',
    // Certificate checks in order of what a client reports first: validity dates, then trust, then the name.
    edges: [
      { when: 'tls.plaintext', verdict: 'tls-to-plaintext-port' },
      { when: 'tls.refused', verdict: 'tls-handshake-failure' },
      { when: 'tls.expired', verdict: 'tls-certificate-expired' },
      { when: 'tls.untrusted', verdict: 'tls-certificate-untrusted' },
      { when: 'tls.wrong-name', verdict: 'tls-hostname-mismatch' },
      { when: 'tls.secure-protocol', goto: 'protocol.handshake' },
      { when: 'tls.secure', goto: 'http.request' },
      { when: 'tls.connect-failed', verdict: 'intermittent-failures' },
      { when: 'always', goto: 'service.identify' },
    ],
  },
  {
    kind: 'probe',
    id: 'http.request',
    title: 'Send an HTTP request',
    step: 'http.request',
    // A plain request answered by a TLS port's error page comes first; then status checks: a response is
    // never also a reset or a close.
    edges: [
      { when: 'http.tls-port-page', verdict: 'plaintext-to-tls-port' },
      { when: 'http.upstream-error', verdict: 'http-upstream-error' },
      { when: 'http.error-status', verdict: 'http-error-status' },
      { when: 'http.response', goto: 'healthy.check' },
      { when: 'http.reset', goto: 'forwarder.check' },
      { when: 'http.closed', goto: 'forwarder.check' },
      { when: 'http.silent', goto: 'quiet.check' },
      { when: 'http.not-http', verdict: 'unexpected-protocol' },
      { when: 'http.connect-failed', verdict: 'intermittent-failures' },
      { when: 'always', verdict: 'no-response' },
    ],
  },
  {
    kind: 'probe',
    id: 'protocol.handshake',
    title: "Read the server's own answer in its protocol",
    step: 'protocol.handshake',
    // Any answer but `ok` is the server saying no, and never ends healthy.
    edges: [
      // SMTP's STARTTLS upgrade judged the certificate: a client that verifies it stops there, before anything the
      // server says inside TLS. Dates, then trust, then the name, as on the TLS step.
      { when: 'tls.expired', verdict: 'tls-certificate-expired' },
      { when: 'tls.untrusted', verdict: 'tls-certificate-untrusted' },
      { when: 'tls.wrong-name', verdict: 'tls-hostname-mismatch' },
      { when: 'protocol.ok', goto: 'healthy.check' },
      // A rule on the server decided: offer the command that shows it, then the same verdicts.
      { when: 'protocol.rule-on-server', goto: 'protocol.server-access' },
      { when: 'protocol.rejects-client', verdict: 'server-rejects-client' },
      { when: 'protocol.connection-limit', verdict: 'server-connection-limit' },
      { when: 'protocol.requires-tls', verdict: 'server-requires-tls' },
      { when: 'protocol.auth-required', verdict: 'authentication-required' },
      { when: 'protocol.auth-failed', verdict: 'authentication-failed' },
      { when: 'protocol.not-ready', verdict: 'server-not-ready' },
      { when: 'protocol.database-missing', verdict: 'database-missing' },
      { when: 'protocol.version-mismatch', verdict: 'unexpected-protocol' },
      { when: 'protocol.error-answer', verdict: 'server-error' },
      { when: 'protocol.connect-failed', verdict: 'intermittent-failures' },
      { when: 'protocol.tls-failed', verdict: 'tls-handshake-failure' },
      // A TLS alert for our plain bytes: the port speaks only TLS (amqp:// to RabbitMQ's amqps listener).
      { when: 'protocol.tls-answer', verdict: 'server-requires-tls' },
      { when: 'protocol.not-this-protocol', verdict: 'unexpected-protocol' },
      // Closed, reset or silent without a word: the checks for a dropped connection find out who dropped it.
      { when: 'protocol.fallback', goto: 'service.identify' },
      { when: 'protocol.reset', verdict: 'reset-after-accept' },
      { when: 'protocol.closed', verdict: 'closed-without-response' },
      { when: 'always', verdict: 'no-response' },
    ],
  },
  {
    kind: 'question',
    id: 'protocol.server-access',
    title: 'Can you run a command on the server?',
    prompt: 'A rule on the server decided this. Can you run a command on the server?',
    choices: [
      { value: 'yes', label: 'Yes: show the command' },
      { value: 'no', label: 'No' },
    ],
    defaultValue: 'no',
    // The verdict stands without the answer; a yes only puts the command that shows the rule first.
    deferrable: true,
    edges: [
      { when: 'protocol.rejects-client', verdict: 'server-rejects-client' },
      { when: 'protocol.connection-limit', verdict: 'server-connection-limit' },
      { when: 'protocol.requires-tls', verdict: 'server-requires-tls' },
      { when: 'protocol.auth-required', verdict: 'authentication-required' },
      { when: 'protocol.database-missing', verdict: 'database-missing' },
      { when: 'always', verdict: 'authentication-failed' },
    ],
  },
  {
    kind: 'branch',
    id: 'forwarder.check',
    title: 'Accepted, then dropped: is a forwarder in front?',
    edges: [
      { when: 'target.local', goto: 'local.owner' },
      { when: 'dropped.reset', verdict: 'reset-after-accept' },
      // An http:// target: a TLS port closes a plain request too. Others tried TLS already (service.identify).
      { when: 'scheme.http', goto: 'tls.port-check' },
      { when: 'always', verdict: 'closed-without-response' },
    ],
  },
  {
    kind: 'probe',
    id: 'local.owner',
    title: 'Find who owns the port on this machine',
    step: 'local.listeners',
    edges: [
      { when: 'local.backend-address', goto: 'backend.connect' },
      // Without its backend probed, a forwarder's drop is still the likely sign of a dead backend. A reverse proxy
      // is not taken here: it may close on purpose, and the verdicts below name it with both readings.
      { when: 'local.forwarder', verdict: 'forwarder-backend-down' },
      { when: 'dropped.reset', verdict: 'reset-after-accept' },
      { when: 'scheme.http', goto: 'tls.port-check' },
      { when: 'always', verdict: 'closed-without-response' },
    ],
  },
  {
    kind: 'probe',
    id: 'backend.connect',
    title: "Connect to the forwarder's backend",
    step: 'forwarder.backend',
    edges: [
      { when: 'backend.failed', verdict: 'forwarder-backend-down' },
      // The backend accepts from here: the drop comes from the backend itself, or from what the forwarder adds.
      { when: 'dropped.reset', verdict: 'reset-after-accept' },
      { when: 'scheme.http', goto: 'tls.port-check' },
      { when: 'always', verdict: 'closed-without-response' },
    ],
  },
  {
    kind: 'probe',
    id: 'tls.port-check',
    title: 'Try TLS on the same port',
    // A TLS server closes a plain request without a byte, just as a broken one does: only TLS tells them apart.
    step: 'tls.port-check',
    edges: [
      { when: 'tls.answered', verdict: 'plaintext-to-tls-port' },
      // An HTTP server's error page for a ClientHello: it speaks HTTP, and hung up on our request (nginx `return 444`).
      { when: 'tls.http-reply', verdict: 'closed-without-response' },
      // It waits for more of a request it understands: a plain-text server that hung up on ours.
      { when: 'tls.silent', verdict: 'closed-without-response' },
      { when: 'always', goto: 'service.identify' },
    ],
  },
  {
    kind: 'probe',
    id: 'service.identify',
    title: 'Find out what speaks on the port',
    step: 'service.identify',
    edges: [
      { when: 'service.tls-for-http', verdict: 'plaintext-to-tls-port' },
      // The plain handshake was hung up on, and the port speaks TLS: a TLS-only server (mongod with requireTLS).
      { when: 'service.tls-for-protocol', verdict: 'server-requires-tls' },
      // A database, cache or SSH server answers its own handshake with its reason for refusing: read it first.
      { when: 'service.handshake-known', goto: 'protocol.handshake' },
      // The handshake was hung up on, and a later connection was answered: it fails only sometimes.
      { when: 'service.protocol-cut-short', verdict: 'intermittent-failures' },
      { when: 'service.identified-tcp', goto: 'healthy.check' },
      // It speaks HTTP, yet closed our HTTP request without a byte: no other protocol is to blame.
      { when: 'service.http-for-http', verdict: 'closed-without-response' },
      { when: 'service.identified', verdict: 'unexpected-protocol' },
      { when: 'service.connect-failed', verdict: 'intermittent-failures' },
      // Hung up on without a byte: the same forwarder check an http:// target had before it got here.
      { when: 'service.dropped', goto: 'forwarder.check' },
      { when: 'service.all-reset', verdict: 'reset-after-accept' },
      { when: 'service.all-closed', verdict: 'closed-without-response' },
      // An http:// target got here because the server hung up on it: the TLS check's silence is not its fault.
      { when: 'http.closed', verdict: 'closed-without-response' },
      { when: 'tls.silent', verdict: 'no-response' },
      { when: 'scheme.tcp', goto: 'quiet.check' },
      { when: 'always', verdict: 'no-response' },
    ],
  },
  {
    kind: 'branch',
    id: 'quiet.check',
    title: 'Accepted, then silent: is a forwarder in front?',
    edges: [
      { when: 'target.local', goto: 'quiet.owner' },
      { when: 'scheme.tcp', goto: 'healthy.check' },
      { when: 'always', verdict: 'no-response' },
    ],
  },
  {
    kind: 'probe',
    id: 'quiet.owner',
    title: 'Find who owns the silent port on this machine',
    step: 'local.listeners',
    edges: [
      // A forwarder may hold the connection while it tries a backend that does not answer (HAProxy retries).
      { when: 'local.backend-address', goto: 'quiet.backend' },
      { when: 'scheme.tcp', goto: 'healthy.check' },
      { when: 'always', verdict: 'no-response' },
    ],
  },
  {
    kind: 'probe',
    id: 'quiet.backend',
    title: "Connect to the silent forwarder's backend",
    step: 'forwarder.backend',
    edges: [
      { when: 'backend.failed', verdict: 'forwarder-backend-down' },
      { when: 'scheme.tcp', goto: 'healthy.check' },
      { when: 'always', verdict: 'no-response' },
    ],
  },
  ...serverQuestions,
  {
    kind: 'branch',
    id: 'healthy.check',
    title: 'Everything answered: check what clients would do differently',
    edges: [
      { when: 'proxy.applies', goto: 'proxy.check' },
      { when: 'always', goto: 'stability.check' },
    ],
  },
  {
    kind: 'probe',
    id: 'proxy.check',
    title: 'Send the same request through the proxy',
    step: 'proxy.check',
    edges: [
      { when: 'proxy.breaks', verdict: 'proxy-interference' },
      { when: 'always', goto: 'stability.check' },
    ],
  },
  {
    kind: 'branch',
    id: 'stability.check',
    title: 'Check for intermittent failures',
    edges: [
      { when: 'keepalive.worth-checking', goto: 'http.keepalive' },
      { when: 'symptom.intermittent', goto: 'repeat.choose' },
      { when: 'repeat.requested', goto: 'repeat.choose' },
      { when: 'always', goto: 'failure.frequency' },
    ],
  },
  {
    kind: 'probe',
    id: 'http.keepalive',
    title: 'Watch an idle keep-alive connection',
    step: 'http.keepalive',
    edges: [
      { when: 'keepalive.closes-idle', verdict: 'idle-keepalive-close' },
      // Asked already: the user said reused connections fail, and the idle check found no close.
      { when: 'answer.reused-resets', verdict: 'healthy' },
      { when: 'always', goto: 'failure.frequency' },
    ],
  },
  {
    kind: 'branch',
    id: 'repeat.choose',
    title: 'Choose how to repeat',
    edges: [
      { when: 'scheme.http', goto: 'http.repeat' },
      { when: 'always', goto: 'tcp.repeat' },
    ],
  },
  {
    kind: 'probe',
    id: 'http.repeat',
    title: 'Send the request again and again',
    step: 'http.repeat',
    edges: [
      { when: 'repeat.http-failed', verdict: 'intermittent-failures' },
      { when: 'always', verdict: 'healthy' },
    ],
  },
  {
    kind: 'question',
    id: 'failure.frequency',
    title: 'How often does it fail?',
    prompt: 'Everything works from here right now. When you saw the failure, did it happen every time?',
    choices: [
      { value: 'works-now', label: 'It works now / I was only checking' },
      { value: 'sometimes', label: 'Only sometimes: it comes and goes' },
      { value: 'every-time', label: 'Every time, from my client' },
      { value: 'reused-resets', label: 'Reused (keep-alive) connections get reset or "socket hang up"' },
    ],
    defaultValue: 'works-now',
    edges: [
      { when: 'answer.sometimes', goto: 'repeat.choose' },
      { when: 'keepalive.answer', goto: 'http.keepalive' },
      // Other schemes have no keep-alive check: repeated connects catch resets that come and go.
      { when: 'answer.reused-resets', goto: 'repeat.choose' },
      { when: 'always', verdict: 'healthy' },
    ],
  },
  {
    kind: 'probe',
    id: 'tcp.repeat',
    title: 'Connect again and again',
    step: 'tcp.repeat',
    edges: [
      { when: 'repeat.any-failed', verdict: 'intermittent-failures' },
      { when: 'always', verdict: 'healthy' },
    ],
  },
];

/** The decision tree the engine walks, the `--explain` output prints, and the tests check. */
export const diagnosisTree: DiagnosisTree = {
  entry: 'start',
  nodes: Object.fromEntries(nodes.map((node) => [node.id, node])),
};
