/**
 * The fault lab's DNS server: UDP on 127.0.0.1, a fixed zone under `lab.test.` (`.test` is reserved by
 * RFC 2606, so none of these names can exist on the real internet) in which each name fails in one way.
 */
import dgram from 'node:dgram';
import {
  buildResponse,
  dnsClassIn,
  dnsRcode,
  dnsType,
  maxUdpMessage,
  parseQuery,
  type DnsAnswer,
  type DnsQuestion,
} from './dns-message.js';

/** A running lab DNS server; give `host:port` to a resolver. */
export interface LabDnsServer {
  host: string;
  port: number;
  close(): Promise<void>;
}

/** The names of the lab zone, one per behaviour, for the lab scenarios and the tests. */
export const labDnsNames = {
  /** NXDOMAIN (as is every name the zone does not list). */
  nxdomain: 'nxdomain.lab.test',
  /** Exists, but has no A or AAAA record (NODATA). */
  nodata: 'nodata.lab.test',
  /** A CNAME to `gone`, which does not exist: A/AAAA get the CNAME and NXDOMAIN. */
  dangling: 'dangling.lab.test',
  /** Where `dangling` points. */
  gone: 'gone.lab.test',
  /** SERVFAIL for every type. */
  servfail: 'servfail.lab.test',
  /** REFUSED for every type. */
  refused: 'refused.lab.test',
  /** Never answered. */
  silent: 'silent.lab.test',
  /** A 127.0.0.1 only. */
  v4: 'v4.lab.test',
  /** AAAA ::1 only. */
  v6: 'v6.lab.test',
  /** A 127.0.0.1 and AAAA ::1. */
  dual: 'dual.lab.test',
  /** A CNAME to `dual`, answered together with dual's records. */
  alias: 'alias.lab.test',
  /**
   * A `mongodb+srv://` host: `_mongodb._tcp.srv.lab.test` has SRV records to `v4.lab.test` and `dual.lab.test` (on
   * the port the server was started with), and the name a TXT record with `authSource=admin&replicaSet=rs0`.
   */
  srv: 'srv.lab.test',
  /** A `mongodb+srv://` host whose `_mongodb._tcp.` name exists with no SRV record (NODATA). */
  srvNone: 'nosrv.lab.test',
} as const;

/** What a lab DNS server answers beyond its fixed zone. */
export interface LabDnsOptions {
  /** The port the SRV records of `srv.lab.test` name (default 27017): a lab MongoDB's. */
  srvPort?: number;
}

/** What the lab does with one question. */
export type LabDnsReply =
  | /** Send a response with this rcode and these answers. */ { kind: 'reply'; rcode: number; answers: DnsAnswer[] }
  | /** Send nothing, so the client times out. */ { kind: 'silent' };

const ttl = 60;
const names = labDnsNames;

/** A name's own records; a CNAME is listed alone, as RFC 1034 §3.6.2 requires. */
const zone: ReadonlyMap<string, readonly DnsAnswer[]> = new Map([
  [names.nodata, []],
  [names.dangling, [{ name: names.dangling, ttl, type: 'CNAME', target: names.gone }]],
  [names.v4, [{ name: names.v4, ttl, type: 'A', address: '127.0.0.1' }]],
  [names.v6, [{ name: names.v6, ttl, type: 'AAAA', address: '::1' }]],
  [
    names.dual,
    [
      { name: names.dual, ttl, type: 'A', address: '127.0.0.1' },
      { name: names.dual, ttl, type: 'AAAA', address: '::1' },
    ],
  ],
  [names.alias, [{ name: names.alias, ttl, type: 'CNAME', target: names.dual }]],
]);

/** The SRV and TXT records of the `mongodb+srv://` names, whose port is the lab's. */
function srvZone(port: number): ReadonlyMap<string, readonly DnsAnswer[]> {
  const service = `_mongodb._tcp.${names.srv}`;
  const srv = (target: string): DnsAnswer => ({
    name: service,
    ttl,
    type: 'SRV',
    priority: 0,
    weight: 0,
    port,
    target,
  });
  return new Map([
    [service, [srv(names.v4), srv(names.dual)]],
    [names.srv, [{ name: names.srv, ttl, type: 'TXT', strings: ['authSource=admin&replicaSet=rs0'] }]],
    [`_mongodb._tcp.${names.srvNone}`, []],
    [names.srvNone, [{ name: names.srvNone, ttl, type: 'A', address: '127.0.0.1' }]],
  ]);
}

const maxCnameChain = 8;

/** The lab's answer to one question: pure, so the zone is tested without sockets. */
export function labDnsReply(question: DnsQuestion, options: LabDnsOptions = {}): LabDnsReply {
  const srvRecords = srvZone(options.srvPort ?? 27017);
  if (question.name === names.silent) return { kind: 'silent' };
  if (question.name === names.servfail) return { kind: 'reply', rcode: dnsRcode.servFail, answers: [] };
  if (question.name === names.refused) return { kind: 'reply', rcode: dnsRcode.refused, answers: [] };
  if (question.class !== dnsClassIn) return { kind: 'reply', rcode: dnsRcode.refused, answers: [] };

  // Follow CNAMEs inside the zone as a recursive resolver would, so clients see the whole chain.
  const answers: DnsAnswer[] = [];
  let name = question.name;
  for (let step = 0; step < maxCnameChain; step += 1) {
    const records = zone.get(name) ?? srvRecords.get(name);
    if (records === undefined) return { kind: 'reply', rcode: dnsRcode.nxDomain, answers };
    const alias = records.find((record) => record.type === 'CNAME');
    if (alias === undefined || question.type === dnsType.CNAME) {
      answers.push(...records.filter((record) => dnsType[record.type] === question.type));
      return { kind: 'reply', rcode: dnsRcode.noError, answers };
    }
    answers.push(alias);
    name = alias.type === 'CNAME' ? alias.target : name;
  }
  return { kind: 'reply', rcode: dnsRcode.servFail, answers: [] };
}

/** Starts the lab DNS server on 127.0.0.1 and an ephemeral port. Malformed packets are ignored. */
export function startLabDnsServer(options: LabDnsOptions = {}): Promise<LabDnsServer> {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (packet, peer) => {
    if (packet.length > maxUdpMessage) return;
    const query = parseQuery(packet);
    if (query === null) return;
    const reply = labDnsReply(query.question, options);
    if (reply.kind === 'silent') return;
    socket.send(buildResponse(query, reply.rcode, reply.answers), peer.port, peer.address);
  });

  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      socket.off('error', reject);
      // A send error (the client went away) must not crash the lab.
      socket.on('error', () => {});
      const { address, port } = socket.address();
      let closed: Promise<void> | null = null;
      const close = () => (closed ??= new Promise<void>((done) => socket.close(() => done())));
      resolve({ host: address, port, close });
    });
  });
}
