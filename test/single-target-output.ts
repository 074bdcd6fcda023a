/**
 * A single target's output with what the probes measured taken out: durations, instants, the port the test's
 * server got and Node's version. Whitespace runs are one space, so that a duration one digit longer, which moves
 * a line break, compares equal. What is left is what conn-doctor chose to print, byte for byte.
 */
export function withoutMeasurements(text: string, port: number): string {
  return text
    .replaceAll(String(port), 'PORT')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z/g, 'INSTANT')
    .replace(/"version": "[^"]+"/g, '"version": "VERSION"')
    .replace(/"v\d+\.\d+\.\d+"/g, '"NODE"')
    .replace(/("\w*(?:Ms|At)"): [\d.]+/g, '$1: N')
    .replace(/\d+(?:\.\d+)? ms\b/g, 'N ms')
    .replace(/\s+/g, ' ');
}
