import { curl, curlGate, errno, type SymptomPattern, winsock } from './pattern-kit.js';

/** DNS resolver failures. First of all: they contain "timed out" / "ECONNREFUSED", which would otherwise read as TCP. */
export const dnsPatterns: readonly SymptomPattern[] = [
  {
    pattern: curl(28, 'OPERATION_TIMEDOUT', 'Resolving timed out'),
    gate: curlGate,
    id: 'dns-temporary',
    source: 'curl exit 28 (resolving)',
  },
  {
    pattern: /\blookup \S+(?: on \S+)?: (?:[^\n]*i\/o timeout|server misbehaving)/i,
    id: 'dns-temporary',
    source: 'Go resolver',
  },
  {
    pattern: /\bquery\w* (ECONNREFUSED|ETIMEOUT|ESERVFAIL|EREFUSED)\b/i,
    id: 'dns-temporary',
    source: 'Node.js DNS query {code}',
  },
  { pattern: /\b(EAI_AGAIN|ESERVFAIL)\b/, id: 'dns-temporary', source: 'Node.js {code}' },
  { pattern: errno(-3), id: 'dns-temporary', source: 'Python socket.gaierror (EAI_AGAIN)' },
  { pattern: /Temporary failure in name resolution/i, id: 'dns-temporary', source: 'getaddrinfo EAI_AGAIN' },
  {
    pattern: winsock(11002, 'WSATRY_AGAIN', 'temporary error during hostname resolution'),
    id: 'dns-temporary',
    source: 'Windows WSATRY_AGAIN (11002)',
  },
  { pattern: /\bERR_NAME_RESOLUTION_FAILED\b/, id: 'dns-temporary', source: 'Chrome ERR_NAME_RESOLUTION_FAILED' },
  {
    pattern: new RegExp(`${curl(5, 'COULDNT_RESOLVE_PROXY').source}|Could(?:n't| not) resolve proxy`, 'i'),
    gate: curlGate,
    id: 'dns-not-found',
    source: 'curl exit 5 (proxy name)',
    meaning:
      'curl could not resolve the name of the proxy it was told to use (HTTP(S)_PROXY or --proxy), so it never reached the target.',
  },
  { pattern: curl(6, 'COULDNT_RESOLVE_HOST'), gate: curlGate, id: 'dns-not-found', source: 'curl exit 6' },
  // curl before 7.31 said `Couldn't resolve host 'name'`.
  { pattern: /Could(?:n't| not) resolve host/i, id: 'dns-not-found', source: 'curl exit 6' },
  { pattern: /\bENOTFOUND\b/, id: 'dns-not-found', source: 'Node.js ENOTFOUND' },
  {
    pattern: /\bENODATA\b/,
    id: 'dns-not-found',
    source: 'Node.js ENODATA',
    meaning:
      'The name exists in DNS but has no address of the family asked for (NODATA), so no connection was attempted.',
  },
  { pattern: /\bno such host\b(?! is known)/i, id: 'dns-not-found', source: 'Go resolver' },
  { pattern: /UnknownHostException/, id: 'dns-not-found', source: 'Java java.net.UnknownHostException' },
  { pattern: errno(-2, -5, 8, 11001), id: 'dns-not-found', source: 'Python socket.gaierror' },
  {
    pattern: winsock(11001, 'WSAHOST_NOT_FOUND', 'No such host is known'),
    id: 'dns-not-found',
    source: 'Windows WSAHOST_NOT_FOUND (11001)',
  },
  {
    pattern: /\b(ERR_NAME_NOT_RESOLVED|DNS_PROBE_FINISHED_NXDOMAIN)\b|server IP address could not be found/i,
    id: 'dns-not-found',
    source: 'Chrome ERR_NAME_NOT_RESOLVED',
  },
  {
    pattern: /\bNS_ERROR_UNKNOWN_HOST\b|trouble finding that site/i,
    id: 'dns-not-found',
    source: 'Firefox NS_ERROR_UNKNOWN_HOST',
  },
  {
    pattern:
      /Name or service not known|nodename nor servname provided|No address associated with hostname|getaddrinfo failed|could not resolve|unknown host/i,
    id: 'dns-not-found',
    source: 'resolver: name not found',
  },
];
