import { protocolSchemes } from '../shared/target.js';

/**
 * The URL schemes conn-doctor diagnoses (SPEC §1 and §6): the web and tcp ones, and every application protocol's,
 * `mongodb+srv` among them (its SRV record is looked up by the DNS step).
 */
export const DIAGNOSED_SCHEMES: readonly string[] = ['http', 'https', 'tcp', ...Object.keys(protocolSchemes)];

const URL_PREFIX = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

/** The scheme of a `scheme://…` value, lower-cased, or null when the value is not URL-shaped. */
export function urlSchemeOf(value: string): string | null {
  return URL_PREFIX.exec(value)?.[1]?.toLowerCase() ?? null;
}

export const isDiagnosedScheme = (scheme: string): boolean => DIAGNOSED_SCHEMES.includes(scheme);
