/**
 * The URL schemes conn-doctor diagnoses (SPEC §1 and §6). Recognised here by prefix alone: the full target parser
 * lives in the engine, which this layer does not import.
 */
export const DIAGNOSED_SCHEMES: readonly string[] = [
  'http',
  'https',
  'tcp',
  'ssh',
  'postgres',
  'postgresql',
  'mysql',
  'mariadb',
  'redis',
  'rediss',
  'mongodb',
  'mongodb+srv',
  'amqp',
  'amqps',
  'smtp',
  'smtps',
];

const URL_PREFIX = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

/** The scheme of a `scheme://…` value, lower-cased, or null when the value is not URL-shaped. */
export function urlSchemeOf(value: string): string | null {
  return URL_PREFIX.exec(value)?.[1]?.toLowerCase() ?? null;
}

export const isDiagnosedScheme = (scheme: string): boolean => DIAGNOSED_SCHEMES.includes(scheme);
