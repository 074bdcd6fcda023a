import { isAlias, isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { interpolateCompose } from './compose-interpolate.js';
import { type PortMapping, parseLongPort, parseShortPort } from './compose-ports.js';
import type { TargetSource } from '../shared/target-source.js';
import type { SourceResult, SourcedTarget } from './sourced-target.js';

/** At most this many targets from one port range: `"8000-9000:8000-9000"` should not become a thousand rows. */
export const MAX_PORTS_PER_RANGE = 32;

/** Host addresses that mean every interface of this machine: reached as `localhost` from here. */
const ANY_ADDRESS = new Set(['0.0.0.0', '::', '']);

const SERVICE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/;

/**
 * The ports a Compose file publishes (SPEC §7), as seen from this machine: one target per published TCP port, in
 * file order, with the service and the line of its `ports:` entry. Short and long syntax, host IPs and ranges;
 * `${VAR:-default}` in ports is interpolated from `variables` (the CLI may pass the `.env` beside the file; by
 * default none, so the result depends on the text alone). What cannot be reached from here as written — UDP ports,
 * ports Docker picks at start, `network_mode: host`, services that publish nothing — is a note, not a target.
 */
export function targetsFromCompose(
  text: string,
  fileName: string,
  variables: Readonly<Record<string, string>> = {},
): SourceResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, prettyErrors: false, merge: true });
  const lineAt = (offset: number | undefined) => lineCounter.linePos(offset ?? 0).line;
  const fail = (line: number, message: string): SourceResult => ({ error: { file: fileName, line, message } });
  const firstError = doc.errors[0];
  if (firstError) return fail(lineAt(firstError.pos[0]), `not valid YAML: ${firstLine(firstError.message)}`);

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // Only an alias bomb or an unknown alias gets here: the text parsed, but its values cannot be built.
    return fail(1, `not valid YAML: ${firstLine(error instanceof Error ? error.message : String(error))}`);
  }
  if (!isRecord(data) || !('services' in data)) return fail(1, 'not a Compose file: it has no "services:"');
  const services = data.services ?? {};
  if (!isRecord(services)) return fail(lineOfNode(doc.get('services', true)), '"services:" is not a mapping');

  const targets: SourcedTarget[] = [];
  const notes: string[] = [];
  const unpublished: string[] = [];
  const servicesNode = doc.get('services', true);
  for (const [service, definition] of Object.entries(services)) {
    const serviceNode = isMap(servicesNode) ? resolved(servicesNode.get(service, true)) : undefined;
    const serviceKey = isMap(servicesNode)
      ? servicesNode.items.find((pair) => String(keyOf(pair.key)) === service)?.key
      : undefined;
    const serviceLine = lineOfNode(serviceKey) || 1;
    // Compose's own rule for service names; it also keeps the names safe in the commands the notes suggest.
    if (!SERVICE_NAME.test(service)) {
      return fail(
        serviceLine,
        `service name "${printable(service)}" is not one Compose accepts (letters, digits, . _ -)`,
      );
    }
    const name = service;
    if (!isRecord(definition)) {
      if (definition === null) unpublished.push(name);
      else return fail(serviceLine, `service "${name}" is not a mapping`);
      continue;
    }
    if (definition.network_mode === 'host') {
      notes.push(
        `service "${name}" uses network_mode: host: it listens on this machine's own ports and publishes none; name them with --targets (localhost:PORT)`,
      );
      continue;
    }
    const ports = definition.ports;
    if (ports === undefined || ports === null || (Array.isArray(ports) && ports.length === 0)) {
      unpublished.push(name);
      continue;
    }
    const portsNode = isMap(serviceNode) ? resolved(serviceNode.get('ports', true)) : undefined;
    if (!Array.isArray(ports)) return fail(lineOfNode(portsNode) || serviceLine, `ports of "${name}" are not a list`);
    for (const [index, entry] of ports.entries()) {
      // An entry that came through a merge key (`<<: *defaults`) has no node of its own here: name the service's line.
      const itemNode = isSeq(portsNode) ? portsNode.items[index] : undefined;
      const line = lineOfNode(itemNode) || serviceLine;
      const mapping = portMappingOf(entry, variables);
      if ('unset' in mapping) {
        notes.push(`port of "${name}" (${fileName} line ${line}) uses \${${mapping.unset}}, which is not set: skipped`);
        continue;
      }
      if ('error' in mapping) return fail(line, `a port of "${name}" ${mapping.error}`);
      const where = `port of "${name}" (${fileName} line ${line})`;
      const found = publishedTargets(mapping, name, where, { kind: 'compose', file: fileName, line, service: name });
      if ('error' in found) return fail(line, `a port of "${name}" ${found.error}`);
      targets.push(...found.targets);
      if (found.note) notes.push(found.note);
    }
  }
  if (unpublished.length > 0) {
    notes.push(
      `${list(unpublished)} publish${unpublished.length === 1 ? 'es' : ''} no ports: reachable only inside the Compose network, so not diagnosed from here`,
    );
  }
  if (Object.keys(services).length > 0) {
    notes.push(
      'Service names (as in db:5432) resolve only inside the Compose network: from this machine each service is reached on its published ports, as listed',
    );
  }
  return { targets, notes };

  function lineOfNode(node: unknown): number {
    const range = (node as Node | undefined)?.range;
    return range ? lineAt(range[0]) : 0;
  }
  function resolved(node: unknown): unknown {
    return isAlias(node) ? node.resolve(doc) : node;
  }
}

/**
 * The targets of one port mapping, or a note on why it has none from here: a UDP port, a port Docker picks at start
 * (none given, or one of a host range for a single container port), or the first ports only of a long range.
 */
function publishedTargets(
  mapping: PortMapping,
  service: string,
  where: string,
  source: TargetSource,
): { targets: SourcedTarget[]; note?: string } | { error: string } {
  const { published, target } = mapping;
  const ask = `\`docker compose port ${service} ${target.from}\` shows it`;
  if (mapping.protocol !== 'tcp') {
    return { targets: [], note: `${where} is ${mapping.protocol.toUpperCase()}: skipped (conn-doctor diagnoses TCP)` };
  }
  if (published === null) {
    return { targets: [], note: `${where} is published on a port Docker picks at start: skipped; ${ask}` };
  }
  const publishedCount = published.to - published.from + 1;
  const targetCount = target.to - target.from + 1;
  if (targetCount > 1 && publishedCount !== targetCount) {
    return { error: `maps ${publishedCount} published ports to ${targetCount} container ports` };
  }
  if (publishedCount > 1 && targetCount === 1) {
    const range = `${published.from}-${published.to}`;
    return {
      targets: [],
      note: `${where} is published on one port of ${range}, which Docker picks at start: skipped; ${ask}`,
    };
  }
  const host = hostOf(mapping);
  const last = Math.min(published.to, published.from + MAX_PORTS_PER_RANGE - 1);
  const targets: SourcedTarget[] = [];
  for (let port = published.from; port <= last; port++) {
    targets.push({ input: `${host}:${port}`, raw: `${host}:${port}`, source });
  }
  return last < published.to
    ? {
        targets,
        note: `${where} publishes ${publishedCount} ports: only the first ${MAX_PORTS_PER_RANGE} are diagnosed`,
      }
    : { targets };
}

function portMappingOf(
  entry: unknown,
  variables: Readonly<Record<string, string>>,
): PortMapping | { error: string } | { unset: string } {
  if (typeof entry === 'number') return parseShortPort(String(entry));
  if (typeof entry === 'string') {
    const { value, unset } = interpolateCompose(entry, variables);
    return unset.length > 0 ? { unset: unset[0]! } : parseShortPort(value);
  }
  if (!isRecord(entry)) return { error: 'is neither "PUBLISHED:TARGET" nor a mapping with "target:"' };
  const interpolated: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) {
    if (typeof value !== 'string') {
      interpolated[key] = value;
      continue;
    }
    const result = interpolateCompose(value, variables);
    if (result.unset.length > 0) return { unset: result.unset[0]! };
    interpolated[key] = result.value;
  }
  return parseLongPort(interpolated);
}

/** `localhost` for every interface, else the address as written (bracketed when IPv6). */
function hostOf(mapping: PortMapping): string {
  const ip = mapping.hostIp ?? '';
  if (ANY_ADDRESS.has(ip)) return 'localhost';
  return ip.includes(':') ? `[${ip}]` : ip;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const keyOf = (key: unknown): unknown => (key as { value?: unknown } | null)?.value ?? key;

/** File text in a message: control characters made visible, and short. */
function printable(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .slice(0, 80);
}

const firstLine = (message: string) => printable(message.split('\n')[0]!);

const list = (names: string[]) => names.map((name) => `"${name}"`).join(', ');
