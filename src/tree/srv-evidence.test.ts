import { describe, expect, it } from 'vitest';
import type { DnsFacts, SrvLookup } from '../probes/dns-facts.js';
import { srvEvidence } from './verdicts/evidence.js';

const lookup = (over: Partial<SrvLookup>): DnsFacts =>
  ({
    srv: {
      name: '_mongodb._tcp.cluster0.example.net',
      servers: ['192.0.2.53'],
      srv: {
        kind: 'answer',
        records: [
          { target: 'a.example.net', port: 27017, priority: 0, weight: 0 },
          { target: 'b.example.net', port: 27018, priority: 0, weight: 0 },
          { target: 'evil.example.com', port: 27017, priority: 0, weight: 0 },
        ],
        durationMs: 2,
      },
      txt: { kind: 'answer', records: ['authSource=admin&replicaSet=rs0'], durationMs: 2 },
      chosen: { target: 'a.example.net', port: 27017, priority: 0, weight: 0 },
      outside: ['evil.example.com'],
      ...over,
    },
  }) as DnsFacts;

describe('srvEvidence (mongodb+srv://)', () => {
  it('lists every record, the one diagnosed, those left out, and the TXT options', () => {
    expect(srvEvidence(lookup({}))).toEqual([
      '_mongodb._tcp.cluster0.example.net SRV via 192.0.2.53: a.example.net:27017, b.example.net:27018, evil.example.com:27017; diagnosing the first, a.example.net:27017 (a driver tries them all)',
      "Left out, outside the domain of the URL's host (clients refuse them): evil.example.com",
      'TXT record of the host, options the driver adds: authSource=admin, replicaSet=rs0',
    ]);
  });

  it('names TXT options the spec does not allow there, and more than one TXT record', () => {
    const odd = srvEvidence(
      lookup({ txt: { kind: 'answer', records: ['authSource=admin&tls=false'], durationMs: 1 } }),
    );
    expect(odd.at(-1)).toContain('drivers refuse tls there: only authSource, replicaSet and loadBalanced');
    const two = srvEvidence(lookup({ txt: { kind: 'answer', records: ['a=1', 'b=2'], durationMs: 1 } }));
    expect(two.at(-1)).toBe('2 TXT records of the host: drivers refuse more than one (a=1 | b=2)');
  });

  it('says nothing for other targets', () => {
    expect(srvEvidence({} as DnsFacts)).toEqual([]);
    expect(srvEvidence(undefined)).toEqual([]);
  });
});
