import { describe, expect, it } from 'vitest';
import { guards } from './guards.js';
import { factsFor } from './proxy-detour.test-helper.js';
import type { SymptomId } from './symptom.js';
import { decodeSymptom, gatedTiers, soundsIntermittent, symptomMatchesVerdict } from './symptom-decoder.js';

/**
 * Texts people pasted in public issue threads, each with its thread. Quoted as posted (trimmed to the error),
 * so a wording the decoder misses shows up here, not in a user's report.
 */
const pasted: [text: string, id: SymptomId, source: string, thread: string][] = [
  // Windows Sockets errors in other languages, often without their number.
  [
    '由于目标计算机积极拒绝，无法连接。',
    'refused',
    'Windows WSAECONNREFUSED (10061)',
    'https://github.com/nilaoda/BBDown/issues/104',
  ],
  [
    'ConnectionRefusedError: [WinError 10061] 由于目标计算机积极拒绝，无法连接。',
    'refused',
    'Windows WSAECONNREFUSED (10061)',
    'https://github.com/Decalogue/chat/issues/21',
  ],
  [
    'java.io.IOException: 远程主机强迫关闭了一个现有的连接。',
    'reset',
    'Windows WSAECONNRESET (10054)',
    'https://github.com/jeecgboot/JeecgBoot/issues/2642',
  ],
  [
    '”远程主机强制关闭了一个现有的连接“是怎么回事',
    'reset',
    'Windows WSAECONNRESET (10054)',
    'https://github.com/fsy2001/fudan-sport-automator/issues/29',
  ],
  [
    '由于连接方在一段时间后没有正确答复或连接的主机没有反应，连接尝试失败',
    'timeout',
    'Windows WSAETIMEDOUT (10060)',
    'https://github.com/hcjohn463/JableTVDownload/issues/38',
  ],
  [
    '你的主机中的软件中止了一个已建立的连接。',
    'reset',
    'Windows WSAECONNABORTED (10053)',
    'https://github.com/YunaiV/ruoyi-vue-pro/issues/293',
  ],
  [
    'Exception (1337x): Aucune connexion n’a pu être établie car l’ordinateur cible l’a expressément refusée.',
    'refused',
    'Windows WSAECONNREFUSED (10061)',
    'https://github.com/Jackett/Jackett/issues/10704',
  ],
  [
    'System.Net.Http.HttpRequestException: No se puede establecer una conexión ya que el equipo de destino denegó expresamente dicha conexión. (localhost:5051)',
    'refused',
    'Windows WSAECONNREFUSED (10061)',
    'https://github.com/dotnet/dotnet-api-docs/issues/9821',
  ],
  [
    'Подключение не установлено, т.к. конечный компьютер отверг запрос на подключение.',
    'refused',
    'Windows WSAECONNREFUSED (10061)',
    'https://github.com/Stephanzion/YandexMusicBetaMod/issues/253',
  ],
  [
    'Удаленный хост принудительно разорвал существующее подключение.',
    'reset',
    'Windows WSAECONNRESET (10054)',
    'https://github.com/RatScanner/RatScanner/issues/610',
  ],
  [
    '対象のコンピューターによって拒否されたため、接続できません',
    'refused',
    'Windows WSAECONNREFUSED (10061)',
    'https://github.com/kabucom/kabusapi/issues/338',
  ],
  // curl without its exit code, or from before 7.31.
  [
    "cUrl error (#7): couldn't connect to host",
    'refused',
    'curl exit 7',
    'https://github.com/sibprogrammer/owp/issues/43',
  ],
  [
    'specs fail with "couldn\'t connect to host"',
    'refused',
    'curl exit 7',
    'https://github.com/toland/patron/issues/11',
  ],
  [
    "curl: (6) Couldn't resolve host 'raw.github.com'",
    'dns-not-found',
    'curl exit 6',
    'https://github.com/rvm/rvm/issues/2161',
  ],
  [
    "Couldn't resolve host 'www.example.com'",
    'dns-not-found',
    'curl exit 6',
    'https://github.com/curl/curl/issues/796',
  ],
  // MySQL and MariaDB clients: the errno in parentheses is the cause.
  [
    "2002: Can't connect to MySQL server on '10.1.34.61' (111)",
    'refused',
    'MySQL client (connection refused)',
    'https://github.com/sysown/proxysql/issues/4148',
  ],
  [
    '[ERROR] mysqldump: Got error: 2003: "Can\'t connect to MySQL server on \'127.0.0.1\' (111 "Connection refused")" when trying to connect',
    'refused',
    'MySQL client (connection refused)',
    'https://github.com/simatec/ioBroker.backitup/issues/29',
  ],
  [
    "ERROR 2003 (HY000): Can't connect to MySQL server on '127.0.0.1' (61)",
    'refused',
    'MySQL client (connection refused)',
    'https://github.com/bashu/django-watermark/issues/24',
  ],
  [
    "ERROR 2003 (HY000): Can't connect to MySQL server on '172.22.3.112' (113)",
    'host-unreachable',
    'MySQL client (no route to host)',
    'https://github.com/sysown/proxysql/issues/2620',
  ],
  [
    'OperationalError: (2013, "Lost connection to MySQL server at \'reading initial communication packet\', system error: 104")',
    'reset',
    'MySQL client (reset at the greeting)',
    'https://github.com/DIAGNijmegen/rse-grand-challenge/issues/299',
  ],
  [
    "Warning: mysql_connect(): Lost connection to MySQL server at 'waiting for initial communication packet', system error: 110",
    'timeout',
    'MySQL client (no greeting in time)',
    'https://github.com/cryptoeax/arbbot/issues/65',
  ],
  [
    "SQLSTATE[HY000] [2013] Lost connection to MySQL server at 'reading initial communication packet', system error: 0",
    'closed-without-response',
    'MySQL client (lost at the greeting)',
    'https://github.com/nZEDb/nZEDb/issues/1159',
  ],
  [
    "OperationalError: (2002, \"Can't connect to local MySQL server through socket '/var/run/mysqld/mysqld.sock' (111)\")",
    'refused',
    'MySQL client (Unix socket refused)',
    'https://github.com/DIAGNijmegen/rse-grand-challenge/issues/299',
  ],
  // libpq.
  [
    'psql: error: could not connect to server: server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n\tbefore or while processing the request.',
    'closed-without-response',
    'PostgreSQL libpq',
    'https://github.com/cmu-db/noisepage/issues/978',
  ],
  [
    'PG::UnableToSend: SSL SYSCALL error: EOF detected',
    'closed-without-response',
    'PostgreSQL libpq (TLS connection closed)',
    'https://github.com/thiago-sydow/controle-de-ponto/issues/193',
  ],
  // kubectl.
  [
    'The connection to the server localhost:8080 was refused - did you specify the right host or port?',
    'refused',
    'kubectl (no cluster configured)',
    'https://github.com/kubernetes/website/issues/12075',
  ],
  [
    'The connection to the server 192.168.0.3:6443 was refused - did you specify the right host or port?',
    'refused',
    'kubectl',
    'https://github.com/liumiaocn/easypack/issues/7',
  ],
  // Envoy and Istio.
  [
    'upstream connect error or disconnect/reset before headers. reset reason: connection failure Failed to dial target host "greeter-grpc:5000": dial tcp 10.10.161.57:5000: connect: connection refused',
    'refused',
    'Envoy upstream connect error (connection refused)',
    'https://github.com/envoyproxy/envoy/issues/18511',
  ],
  [
    'Error: upstream connect error or disconnect/reset before headers. reset reason: connection termination',
    'closed-without-response',
    'Envoy upstream connect error (connection termination)',
    'https://github.com/jetstreamapp/jetstream/issues/692',
  ],
  // nginx error-log lines.
  [
    '2016/12/15 16:11:55 [error] 5#5: *1 connect() failed (111: Connection refused) while connecting to upstream, client: 76.98.113.158, server: , request: "GET /?new HTTP/1.1", upstream: "http://127.0.0.1:3000/?new", host: "bot-tunnel.com"',
    'refused',
    'nginx upstream (111: Connection refused)',
    'https://github.com/localtunnel/server/issues/56',
  ],
  [
    '[error] 1046#1046: *2094 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 192.168.17.1, server: localhost, request: "GET /update HTTP/1.1", upstream: "fastcgi://127.0.0.1:9000"',
    'timeout',
    'nginx upstream (110: Connection timed out)',
    'https://github.com/fossar/selfoss/issues/1427',
  ],
  [
    'help request: error `upstream prematurely closed connection while reading response header from upstream`',
    'closed-without-response',
    'nginx upstream',
    'https://github.com/apache/apisix/issues/11399',
  ],
  // Browsers and HTTP libraries.
  [
    'Trying to launch the app and I get Safari can’t open the page “localhost:8080” because the server unexpectedly dropped the connection. This sometimes occurs when the server is busy. Wait for a few minutes, and then try again.',
    'closed-without-response',
    'Safari "the server unexpectedly dropped the connection"',
    'https://github.com/vsavkin/custom-renderer/issues/1',
  ],
  [
    'I am using Server local host to open an html on safari with the following error: safari cannot open the page because it could not connect to the server.',
    'refused',
    'Safari "can\'t connect to the server"',
    'https://github.com/httpswift/swifter/issues/511',
  ],
  [
    'Secure Connection Failed  An error occurred during a connection to mullvad.net. PR_END_OF_FILE_ERROR  Error code: PR_END_OF_FILE_ERROR',
    'tls-error',
    'Firefox PR_END_OF_FILE_ERROR',
    'https://github.com/webcompat/web-bugs/issues/131507',
  ],
  [
    "'Secure Connection Failed. An error occurred during a connection to download-installer.cdn.mozilla.net. PR_CONNECT_RESET_ERROR'",
    'reset',
    'browser PR_CONNECT_RESET_ERROR',
    'https://github.com/webcompat/web-bugs/issues/122319',
  ],
  [
    'Secure Connection Failed\n\nThe connection to the server was reset while the page was loading.',
    'reset',
    'Firefox "The connection to the server was reset"',
    'https://github.com/MicrosoftDocs/windowsserverdocs/issues/816',
  ],
  [
    "WebSocket connection to 'ws://localhost:17523/' failed: Error in connection establishment: net::ERR_CONNECTION_REFUSED",
    'refused',
    'browser ERR_CONNECTION_REFUSED',
    'https://github.com/Pithikos/Geoexplorer/issues/1',
  ],
  [
    'org.apache.http.conn.HttpHostConnectException: Connection to http://192.168.1.1:8080 refused',
    'refused',
    'Apache HttpClient HttpHostConnectException',
    'https://github.com/rastating/DroidBeard/issues/79',
  ],
  [
    'HttpHostConnectException: Connect to localhost:8080 [localhost/127.0.0.1] failed: Connection refused (Connection refused)',
    'refused',
    'OS error "Connection refused" (ECONNREFUSED)',
    'https://github.com/zalando-zmon/zmon-controller/issues/668',
  ],
];

describe('decodeSymptom: what people actually paste', () => {
  it.each(pasted)('%j → %s (%s) — %s', (text, id, source) => {
    const decoded = decodeSymptom(text);
    expect({ id: decoded.id, source: decoded.source }).toEqual({ id, source });
    expect(decoded.meaning.length).toBeGreaterThan(20);
  });

  it.each([
    // German and Portuguese: no pasted text found in the threads searched; the wordings of Windows' message table.
    ['Es konnte keine Verbindung hergestellt werden, da der Zielcomputer die Verbindung verweigerte', 'refused'],
    ['Eine vorhandene Verbindung wurde vom Remotehost geschlossen', 'reset'],
    ['Nenhuma conexão pôde ser feita porque a máquina de destino as recusou ativamente', 'refused'],
    ['Foi forçado o cancelamento de uma conexão existente pelo host remoto', 'reset'],
  ])('%j → %s', (text, id) => {
    expect(decodeSymptom(text).id).toBe(id);
  });
});

describe('decodeSymptom: precision', () => {
  it.each<[string, string, string]>([
    [
      'Firefox can’t establish a connection to the server at wss://conpa.now.sh/pocket.io/.',
      'Firefox WebSocket "can\'t establish a connection"',
      'https://github.com/WebReflection/pocket.io/issues/2',
    ],
    [
      '2020/09/08 17:58:59 [error] 3089#3089: *3 no live upstreams while connecting to upstream',
      'nginx "no live upstreams"',
      'https://github.com/mr-canoehead/vpn_client_gateway/issues/60',
    ],
    [
      'upstream connect error or disconnect/reset before headers. reset reason: overflow',
      'Envoy upstream connect error',
      'https://github.com/ProletRevDicta/Prolet/issues/1131',
    ],
  ])('%j is recognised as naming no failure on the wire (%s) — %s', (text, source) => {
    const decoded = decodeSymptom(text);
    expect(decoded.id).toBe('unknown');
    expect(decoded.source).toBe(source);
    expect(decoded.meaning).not.toMatch(/not recognised/);
  });

  it.each(['Error during WebSocket handshake: Unexpected response code: 400'])(
    '%j stays unrecognised: the connection worked',
    (text) => {
      expect(decodeSymptom(text).id).toBe('unknown');
      expect(decodeSymptom(text).source).toBe('unrecognised message');
    },
  );

  it("does not read a browser's boilerplate as the user saying the failure comes and goes", () => {
    const safari =
      'Safari can’t open the page “localhost:8080” because the server unexpectedly dropped the connection. This sometimes occurs when the server is busy. Wait for a few minutes, and then try again.';
    expect(soundsIntermittent(safari)).toBe(false);
    expect(decodeSymptom('This sometimes occurs when the server is busy.').id).toBe('unknown');
    expect(soundsIntermittent(`${safari} It fails sometimes.`)).toBe(true);
  });

  it.each<[string, SymptomId, string, string]>([
    [
      'Errno::ECONNREFUSED (Failed to open TCP connection to localhost:9200 (Connection refused - connect(2) for "localhost" port 9200))',
      'refused',
      'Ruby Errno::ECONNREFUSED',
      'Ruby',
    ],
    ['Errno::ECONNRESET: Connection reset by peer', 'reset', 'Ruby Errno::ECONNRESET', 'Ruby'],
    [
      'ConnectionRefusedError: [Errno 111] Connection refused\n    if e.errno == errno.ECONNREFUSED:',
      'refused',
      'Python ConnectionRefusedError',
      'Python',
    ],
  ])('%j is %s from %s, not Node.js', (text, id, source) => {
    expect(decodeSymptom(text)).toEqual(expect.objectContaining({ id, source }));
  });
});

describe('gateway messages', () => {
  it('are marked, and reproduced by the gateway verdicts as well as the failure they name', () => {
    const nginx = decodeSymptom('connect() failed (111: Connection refused) while connecting to upstream');
    expect(nginx.gateway).toBe(true);
    expect(symptomMatchesVerdict(nginx.id, 'http-upstream-error', nginx.gateway)).toBe(true);
    expect(symptomMatchesVerdict(nginx.id, 'forwarder-backend-down', nginx.gateway)).toBe(true);
    expect(symptomMatchesVerdict(nginx.id, 'no-listener', nginx.gateway)).toBe(true);
    expect(symptomMatchesVerdict(nginx.id, 'port-filtered', nginx.gateway)).toBe(false);
    expect(symptomMatchesVerdict(nginx.id, 'healthy', nginx.gateway)).toBe(false);
    expect(symptomMatchesVerdict('refused', 'http-upstream-error')).toBe(false);
    expect(decodeSymptom('ECONNREFUSED').gateway).toBeUndefined();
  });
});

describe('the tree routes the new families', () => {
  const keepalive = guards['keepalive.worth-checking'];
  const intermittent = guards['symptom.intermittent'];

  it.each([
    'psql: error: could not connect to server: server closed the connection unexpectedly',
    "Lost connection to MySQL server at 'reading initial communication packet', system error: 104",
    'Safari can’t open the page because the server unexpectedly dropped the connection. This sometimes occurs when the server is busy.',
    '远程主机强迫关闭了一个现有的连接。',
  ])('%j: an http target goes on to the keep-alive check, not the intermittent branch', (text) => {
    const facts = factsFor({ symptom: decodeSymptom(text) });
    expect(keepalive.test(facts)).toBe(true);
    expect(intermittent.test(facts)).toBe(false);
  });
});

describe('tier gates', () => {
  it('let through every pasted text one of their patterns matches', () => {
    let checked = 0;
    for (const { gate, patterns } of gatedTiers) {
      for (const [text] of pasted) {
        if (!patterns.some((p) => p.pattern.test(text))) continue;
        expect(gate!.test(text), `${gate} on ${JSON.stringify(text)}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
