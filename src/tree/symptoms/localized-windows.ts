import { connectTimeout, locallyAborted, type SymptomTier } from './pattern-kit.js';

/**
 * The Windows Sockets messages users paste most, as localized Windows prints them: .NET, Java and Python on a
 * Chinese, French, German, Russian, Spanish, Portuguese or Japanese Windows show these instead of the English
 * text, often without the number. Distinctive fragments only (regex sources), so the variants of one language
 * (simplified wordings, straight or curly apostrophes, 你的/您的) all match.
 */
export const localizedWinsock: Readonly<Record<10053 | 10054 | 10060 | 10061, readonly string[]>> = {
  // WSAECONNREFUSED: "No connection could be made because the target machine actively refused it."
  10061: [
    '目标计算机积极拒绝',
    "l[’']ordinateur cible l[’']a expressément refusée",
    'da der Zielcomputer die Verbindung verweigerte',
    'конечный компьютер отверг запрос на подключение',
    'el equipo de destino denegó expresamente',
    'máquina de destino as recusou ativamente',
    '対象のコンピューターによって拒否された',
  ],
  // WSAECONNRESET: "An existing connection was forcibly closed by the remote host."
  10054: [
    '远程主机强[迫制]关闭了(?:一个)?现有的连接',
    "fermée par l[’']hôte distant",
    'vom Remotehost geschlossen',
    'Удал[её]нный хост принудительно разорвал существующее (?:подключение|соединение)',
    'interrupción de una conexión existente por el host remoto',
    'cancelamento de uma conexão existente pelo host remoto',
    'リモート ?ホストに強制的に切断',
  ],
  // WSAETIMEDOUT: "A connection attempt failed because the connected party did not properly respond after a period of time…"
  10060: [
    '连接方在一段时间后没有正确答复',
    "n[’']a pas répondu convenablement",
    'Gegenstelle nach einer bestimmten Zeitspanne nicht (?:richtig )?reagiert',
    'за требуемое время не получен нужный отклик',
    'la parte conectada no respondió adecuadamente',
    'componente conectado não respondeu corretamente',
    '一定の時間を過ぎても正しく応答しなかった',
  ],
  // WSAECONNABORTED: "An established connection was aborted by the software in your host machine."
  10053: [
    '主机中的软件中止了一个已建立的连接',
    'abandonnée par un logiciel de votre ordinateur hôte',
    'softwaregesteuert durch den Hostcomputer abgebrochen',
    'Программа на вашем хост-компьютере разорвала установленное подключение',
    'anulado una conexión establecida por el software',
    'conexão estabelecida foi anulada pelo software',
    'ホスト ?コンピューターのソフトウェアによって中止',
  ],
};

const localized = (code: keyof typeof localizedWinsock) => new RegExp(localizedWinsock[code].join('|'), 'i');

/**
 * The localized messages decode as their English originals do (same family, source and meaning). Gated on a
 * non-ASCII character or German's "Verbindung" (its four messages are plain ASCII), so English texts never run them.
 */
export const localizedWindowsTier: SymptomTier = {
  gate: /[^\x00-\x7f]|Verbindung/,
  patterns: [
    { pattern: localized(10054), id: 'reset', source: 'Windows WSAECONNRESET (10054)' },
    { pattern: localized(10061), id: 'refused', source: 'Windows WSAECONNREFUSED (10061)' },
    { pattern: localized(10060), id: 'timeout', source: 'Windows WSAETIMEDOUT (10060)', meaning: connectTimeout },
    { pattern: localized(10053), id: 'reset', source: 'Windows WSAECONNABORTED (10053)', meaning: locallyAborted },
  ],
};
