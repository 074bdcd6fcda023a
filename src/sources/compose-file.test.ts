import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_PORTS_PER_RANGE, targetsFromCompose } from './compose-file.js';
import type { SourceResult } from './sourced-target.js';

const fixture = readFileSync(new URL('./fixtures/compose.yaml', import.meta.url), 'utf8');

/** The first line holding `needle`, found by a plain text search independent of the parser under test. */
const lineOf = (needle: string, text = fixture) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;

function ok(result: SourceResult) {
  if ('error' in result) throw new Error(`unexpected error: ${JSON.stringify(result.error)}`);
  return result;
}

const at = (service: string, line: number) => ({ kind: 'compose', file: 'compose.yaml', line, service });

describe('targetsFromCompose on a real-looking compose.yaml', () => {
  const result = ok(targetsFromCompose(fixture, 'compose.yaml'));

  it('lists every published TCP port as seen from this machine, with its service and line', () => {
    expect(result.targets.map((t) => [t.input, t.source])).toEqual([
      ['localhost:8080', at('web', lineOf('"8080:80"'))],
      ['127.0.0.1:8443', at('web', lineOf('"127.0.0.1:8443:443"'))],
      ['127.0.0.1:5433', at('db', lineOf('target: 5432'))],
      ['[::1]:6380', at('redis', lineOf('[::1]:6380:6379'))],
      ['localhost:1025', at('mailpit', lineOf('1025-1026:1025-1026'))],
      ['localhost:1026', at('mailpit', lineOf('1025-1026:1025-1026'))],
      ['[::1]:5354', at('dns', lineOf('::1:5354:53'))],
      // Its ports come through a merge key (`<<: *metrics-ports`): the service's own line names it.
      ['localhost:9100', at('node-exporter', lineOf('node-exporter:'))],
      ['localhost:7000', at('api', lineOf('published: 7000'))],
    ]);
    expect(result.targets.every((t) => t.raw === t.input)).toBe(true);
  });

  it('notes what it cannot reach from here: UDP, ports Docker picks, host networking, unset variables, no ports', () => {
    const where = (service: string, needle: string) => `port of "${service}" (compose.yaml line ${lineOf(needle)})`;
    expect(result.notes).toEqual([
      `${where('mailpit', '"8025"')} is published on a port Docker picks at start: skipped; \`docker compose port mailpit 8025\` shows it`,
      `${where('dns', '5353:53/udp')} is UDP: skipped (conn-doctor diagnoses TCP)`,
      `${where('dns', '- 9153')} is published on a port Docker picks at start: skipped; \`docker compose port dns 9153\` shows it`,
      `service "agent" uses network_mode: host: it listens on this machine's own ports and publishes none; name them with --targets (localhost:PORT)`,
      `${where('api', 'API_PORT')} uses \${API_PORT}, which is not set: skipped`,
      `${where('api', '3000-3005:3000')} is published on one port of 3000-3005, which Docker picks at start: skipped; \`docker compose port api 3000\` shows it`,
      '"worker" publishes no ports: reachable only inside the Compose network, so not diagnosed from here',
      'Service names (as in db:5432) resolve only inside the Compose network: from this machine each service is reached on its published ports, as listed',
    ]);
  });

  it('never shows a value of the file that is not a port (the environment holds passwords)', () => {
    expect(JSON.stringify(result)).not.toContain('compose-secret');
  });

  it('interpolates ports from the variables it is given (the .env beside the file)', () => {
    const withEnv = ok(targetsFromCompose(fixture, 'compose.yaml', { DB_PORT: '6543', API_PORT: '3100' }));
    const inputs = withEnv.targets.map((t) => t.input);
    expect(inputs).toContain('127.0.0.1:6543');
    expect(inputs).not.toContain('127.0.0.1:5433');
    expect(withEnv.targets.find((t) => t.input === 'localhost:3100')?.source).toEqual(at('api', lineOf('API_PORT')));
  });

  it('reads the same from a Windows copy of the file (CRLF line ends, a byte-order mark)', () => {
    expect(targetsFromCompose(`\uFEFF${fixture.replace(/\n/g, '\r\n')}`, 'compose.yaml')).toEqual(result);
  });
});

describe('targetsFromCompose reads the ports syntaxes of the Compose specification', () => {
  const inputsOf = (ports: string, variables: Record<string, string> = {}) =>
    ok(targetsFromCompose(`services:\n  s:\n    ports:\n${ports}`, 'c.yml', variables)).targets.map((t) => t.input);

  it.each([
    ['- "8080:80"', ['localhost:8080']],
    ['- 8080:80', ['localhost:8080']],
    ['- "0.0.0.0:8080:80"', ['localhost:8080']],
    ['- "[::]:8080:80"', ['localhost:8080']],
    ['- "127.0.0.1::80"', []],
    ['- "[::1]:8080:80/tcp"', ['[::1]:8080']],
    ['- "192.168.1.20:8080:80"', ['192.168.1.20:8080']],
    ['- "8080-8082:80-82"', ['localhost:8080', 'localhost:8081', 'localhost:8082']],
    ['- "80-81"', []],
    ['- "6060:6060/udp"', []],
    [`- "\${WEB:-8000}:80"`, ['localhost:8000']],
    ['- "$$HOME:80"', 'error'],
    ['- {target: 80, published: "8080-8081"}', []],
    ['- {target: 80, published: 8080, host_ip: "::1"}', ['[::1]:8080']],
    ['- {target: 80, published: 8080, protocol: udp}', []],
    ['- {target: 80}', []],
  ] as const)('%s → %j', (entry, expected) => {
    if (expected === 'error') {
      expect(targetsFromCompose(`services:\n  s:\n    ports:\n      ${entry}\n`, 'c.yml')).toHaveProperty('error');
    } else {
      expect(inputsOf(`      ${entry}\n`)).toEqual(expected);
    }
  });

  it(`interpolates with the variables given, and \${VAR:-default} when unset or empty`, () => {
    expect(inputsOf(`      - "\${WEB:-8000}:80"\n`, { WEB: '9000' })).toEqual(['localhost:9000']);
    expect(inputsOf(`      - "\${WEB:-8000}:80"\n`, { WEB: '' })).toEqual(['localhost:8000']);
    expect(inputsOf(`      - "\${WEB-8000}:80"\n`, { WEB: '9000' })).toEqual(['localhost:9000']);
  });

  it(`diagnoses at most ${MAX_PORTS_PER_RANGE} ports of a range, and says so`, () => {
    const result = ok(targetsFromCompose('services:\n  s:\n    ports:\n      - "10000-10999:10000-10999"\n', 'c.yml'));
    expect(result.targets).toHaveLength(MAX_PORTS_PER_RANGE);
    expect(result.notes[0]).toBe(
      `port of "s" (c.yml line 4) publishes 1000 ports: only the first ${MAX_PORTS_PER_RANGE} are diagnosed`,
    );
  });

  it('reads a legacy docker-compose.yml (version: "3.8") and a service with no definition', () => {
    const legacy = 'version: "3.8"\nservices:\n  cache:\n  app:\n    image: app\n    ports:\n      - 3000:3000\n';
    expect(ok(targetsFromCompose(legacy, 'docker-compose.yml'))).toEqual({
      targets: [
        {
          input: 'localhost:3000',
          raw: 'localhost:3000',
          source: { kind: 'compose', file: 'docker-compose.yml', line: 7, service: 'app' },
        },
      ],
      notes: [
        '"cache" publishes no ports: reachable only inside the Compose network, so not diagnosed from here',
        'Service names (as in db:5432) resolve only inside the Compose network: from this machine each service is reached on its published ports, as listed',
      ],
    });
  });
});

describe('targetsFromCompose refuses a file it cannot read, naming the file and line', () => {
  const errorOf = (text: string) => {
    const result = targetsFromCompose(text, 'compose.yaml');
    return 'error' in result ? result.error : null;
  };

  it('YAML that does not parse: the line where the parser saw it', () => {
    // The flow sequence opened on line 3 is found unclosed when line 4 starts a new key.
    expect(errorOf('services:\n  web:\n    ports: [80\n  db:\n    image: x\n')).toEqual({
      file: 'compose.yaml',
      line: 4,
      message: 'not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    });
    expect(errorOf('services:\n  web:\n\tports: ["80:80"]\n')).toEqual({
      file: 'compose.yaml',
      line: 3,
      message: 'not valid YAML: Tabs are not allowed as indentation',
    });
  });

  it('a service named twice', () => {
    expect(errorOf('services:\n  web:\n    image: a\n  web:\n    image: b\n')).toEqual({
      file: 'compose.yaml',
      line: 4,
      message: 'not valid YAML: Map keys must be unique',
    });
  });

  it('a file without services', () => {
    expect(errorOf('name: shop\nvolumes:\n  data: {}\n')).toEqual({
      file: 'compose.yaml',
      line: 1,
      message: 'not a Compose file: it has no "services:"',
    });
  });

  it('a port that is not one, without quoting the file beyond the service name', () => {
    expect(errorOf('services:\n  web:\n    image: a\n    ports:\n      - "80:http"\n')).toEqual({
      file: 'compose.yaml',
      line: 5,
      message: 'a port of "web" has no valid container port (0-65535, or a range like 80-81)',
    });
  });

  it('ranges of different sizes', () => {
    expect(errorOf('services:\n  web:\n    ports:\n      - "8080-8081:80-82"\n')).toEqual({
      file: 'compose.yaml',
      line: 4,
      message: 'a port of "web" maps 2 published ports to 3 container ports',
    });
  });

  it('a host IP that is no IP address', () => {
    expect(
      errorOf(
        'services:\n  web:\n    ports:\n      - target: 80\n        published: 8080\n        host_ip: "db\\e[2J"\n',
      ),
    ).toEqual({
      file: 'compose.yaml',
      line: 4,
      message: 'a port of "web" has a host IP that is not an IP address',
    });
  });

  it('a service name Compose would refuse, its control characters made visible', () => {
    expect(errorOf('services:\n  ok:\n    image: a\n  "web\\e[2J; rm":\n    image: b\n')).toEqual({
      file: 'compose.yaml',
      line: 4,
      message: 'service name "web\\x1b[2J; rm" is not one Compose accepts (letters, digits, . _ -)',
    });
  });

  it('ports that are not a list', () => {
    expect(errorOf('services:\n  web:\n    ports: "8080:80"\n')).toEqual({
      file: 'compose.yaml',
      line: 3,
      message: 'ports of "web" are not a list',
    });
  });
});
