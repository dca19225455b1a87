// A trace header is input like any other: replay runs the scenario it names with the seed it
// gives, so every field is checked before anything trusts it.

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
const shown = (v: unknown) => (typeof v === 'bigint' ? `${v}` : (JSON.stringify(v) ?? String(v)));

/**
 * What is wrong with a header, as one line naming the file and the field (`what: Invalid value:
 * X: must be ...`), or null when nothing is. Traces a Simulation writes outside a scenario have
 * scenario '' and pass; replay asks more (scenarioProblem).
 */
export function headerProblem(path: string, h: unknown): string | null {
  const bad = (field: string, v: unknown, must: string) => `${path}: header.${field}: Invalid value: ${shown(v)}: ${must}`;
  if (!isMap(h)) return `${path}: header: Invalid value: ${shown(h)}: must be a map`;
  if (h.format !== 1) return bad('format', h.format, 'must be 1, the only trace format there is');
  if (typeof h.kybernetes !== 'string' || !/^[0-9A-Za-z][0-9A-Za-z.+-]*$/.test(h.kybernetes))
    return bad('kybernetes', h.kybernetes, 'must be a version string such as 0.1.0');
  if (typeof h.scenario !== 'string') return bad('scenario', h.scenario, 'must be a string');
  if (typeof h.name !== 'string') return bad('name', h.name, 'must be a string');
  if (!Number.isInteger(h.seed) || (h.seed as number) < 0 || (h.seed as number) > 0xffffffff)
    return bad('seed', h.seed, 'must be a whole number from 0 to 4294967295');
  if (h.config !== null && !isMap(h.config)) return bad('config', h.config, 'must be a map or null');
  if (!Array.isArray(h.inputs)) return bad('inputs', h.inputs, 'must be an array');
  return null;
}

/** Replay loads and runs the scenario the header names, so it must name one. */
export function scenarioProblem(path: string, scenario: string): string | null {
  return scenario === '' ? `${path}: header.scenario: Invalid value: "": must name the scenario to replay (a built-in or a file)` : null;
}
