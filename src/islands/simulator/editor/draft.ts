/**
 * The scenario editor's model, pure: the learner's JSON text, what it parses to, the schema's
 * findings by field path, and the edits the form makes to the parsed value.
 *
 * Validation is driven by the scenario schema itself (`src/schemas/scenario.ts`, the one the CLI
 * uses), so a field the schema gains is checked here with no change to the editor. The form edits
 * the value by path and keeps every field it does not know about.
 */
import { ID_PATTERN, formatIssues, formatPath, scenarioSchema } from '../../../schemas/scenario';

/** A path into the scenario JSON: keys and list indices. */
export type Path = readonly (string | number)[];

/** One finding of the schema, tied to the field it is about. */
export interface DraftIssue {
  readonly path: Path;
  /** The path as the CLI writes it: `policies.partitioned.pools[1].slots`. */
  readonly where: string;
  /** The rule, without the path: "must be a whole number of at least 1". */
  readonly message: string;
}

/** The text as JSON: its value, or where and why it is not JSON. */
export type ParsedText = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly line: number; readonly column: number; readonly message: string };

/** Largest scenario text the editor takes (a file or a paste), characters. */
export const MAX_TEXT_LENGTH = 1_000_000;

/** Line and column (1-based) of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** Parses the editor text as JSON; a syntax error comes back with its line and column, never a stack. */
export function parseText(text: string): ParsedText {
  if (text.length > MAX_TEXT_LENGTH) return { ok: false, line: 1, column: 1, message: `the text is longer than ${MAX_TEXT_LENGTH.toLocaleString('en-US')} characters` };
  if (text.trim() === '') return { ok: false, line: 1, column: 1, message: 'the text is empty: a scenario is a JSON object such as {"name": …}' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const raw = error instanceof Error ? error.message : '';
    // V8 says "… in JSON at position 42 (line 3 column 5)"; other engines say less.
    const position = /position (\d+)/.exec(raw);
    const where = position ? lineAndColumn(text, Number(position[1])) : /Unexpected end/.test(raw) ? lineAndColumn(text, text.length) : { line: 1, column: 1 };
    const reason = raw
      .replace(/\s*\(line \d+ column \d+\)/, '')
      .replace(/\s*(in JSON )?at position \d+/, '')
      .replace(/^JSON\.parse: /, '')
      .trim();
    return { ok: false, ...where, message: reason === '' ? 'this is not valid JSON' : `not valid JSON (${reason})` };
  }
}

/** The schema's findings for a parsed value, each with its path; empty when the scenario is valid. */
export function validate(value: unknown): DraftIssue[] {
  const result = scenarioSchema.safeParse(value);
  if (result.success) return [];
  const issues: DraftIssue[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: [...path, key], where: formatPath([...path, key]), message: 'is not a known field' });
      continue;
    }
    const where = formatPath(path);
    // formatIssues words the message exactly as the CLI does; take off the path it starts with.
    const sentence = formatIssues([issue])[0] ?? 'is not valid';
    const prefix = where === '' ? 'scenario ' : `${where} `;
    issues.push({ path, where: where === '' ? 'scenario' : where, message: sentence.startsWith(prefix) ? sentence.slice(prefix.length) : sentence });
  }
  return issues;
}

/** A finding as one line: "pools[1].slots: must be a whole number of at least 1". */
export const issueText = (issue: DraftIssue): string => `${issue.where}: ${issue.message}`;

/** The value as the editor writes it: two-space JSON. */
export function formatValue(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Same path? */
export function samePath(a: Path, b: Path): boolean {
  return a.length === b.length && a.every((key, i) => key === b[i]);
}

/** The value at a path, or undefined. */
export function getAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * A copy of `root` with `value` at `path` (objects and lists on the way are copied, not changed;
 * missing ones are created). `undefined` removes an object key; in a list it removes the item.
 */
export function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [key, ...rest] = path as [string | number, ...(string | number)[]];
  if (typeof key === 'number') {
    const list = Array.isArray(root) ? [...(root as unknown[])] : [];
    const next = setAt(list[key], rest, value);
    if (next === undefined && rest.length === 0) list.splice(key, 1);
    else list[key] = next;
    return list;
  }
  const object: Record<string, unknown> = isRecord(root) ? { ...root } : {};
  const next = setAt(object[key], rest, value);
  if (next === undefined) delete object[key];
  else object[key] = next;
  return object;
}

/** A list at a path (an empty list when there is none). */
export function listAt(root: unknown, path: Path): unknown[] {
  const value = getAt(root, path);
  return Array.isArray(value) ? value : [];
}

/** Ids already used by the items of a list. */
function idsOf(items: readonly unknown[]): Set<string> {
  return new Set(items.map((item) => (isRecord(item) && typeof item['id'] === 'string' ? item['id'] : '')).filter((id) => id !== ''));
}

/** `base-2`, `base-3`, … : the first id of that form not in `taken` (`base` itself when free). */
export function freshId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Policies of the scenario as [name, policy] pairs (empty when `policies` is not an object). */
export function policyEntries(root: unknown): [string, Record<string, unknown>][] {
  const policies = getAt(root, ['policies']);
  if (!isRecord(policies)) return [];
  return Object.entries(policies).filter((entry): entry is [string, Record<string, unknown>] => isRecord(entry[1]));
}

/** Adds a service with plain, valid settings. It is in no pool yet: the schema says so until one takes it. */
export function addService(root: unknown): unknown {
  const services = listAt(root, ['services']);
  const id = freshId('service', idsOf(services));
  const service = { id, label: id.replace(/^s/, 'S').replaceAll('-', ' '), arrival: { rate: 10 }, serviceTime: { kind: 'exponential', mean: 0.1 }, client: { timeout: 1 } };
  return setAt(root, ['services'], [...services, service]);
}

/** Removes a service, and its id from every pool; a pool left with no service goes too. */
export function removeService(root: unknown, index: number): unknown {
  const services = listAt(root, ['services']);
  const id = getAt(services[index], ['id']);
  let next = setAt(root, ['services'], services.filter((_, i) => i !== index));
  for (const [name, policy] of policyEntries(next)) {
    if (!Array.isArray(policy['pools'])) continue;
    const pools = (policy['pools'] as unknown[])
      .map((pool) => {
        if (!isRecord(pool) || !Array.isArray(pool['services'])) return pool;
        const kept = (pool['services'] as unknown[]).filter((s) => s !== id);
        const limits = Array.isArray(pool['serviceLimits']) ? (pool['serviceLimits'] as unknown[]).filter((l) => getAt(l, ['service']) !== id) : undefined;
        return kept.length === 0 ? null : { ...pool, services: kept, ...(limits ? { serviceLimits: limits } : {}) };
      })
      .filter((pool) => pool !== null);
    next = setAt(next, ['policies', name, 'pools'], pools);
  }
  return next;
}

/** Renames a service and every pool's reference to it. */
export function renameService(root: unknown, index: number, id: string): unknown {
  const old = getAt(root, ['services', index, 'id']);
  let next = setAt(root, ['services', index, 'id'], id);
  if (typeof old !== 'string' || old === '' || old === id) return next;
  for (const [name, policy] of policyEntries(next)) {
    if (!Array.isArray(policy['pools'])) continue;
    const pools = (policy['pools'] as unknown[]).map((pool) => {
      if (!isRecord(pool)) return pool;
      const services = Array.isArray(pool['services']) ? (pool['services'] as unknown[]).map((s) => (s === old ? id : s)) : pool['services'];
      const limits = Array.isArray(pool['serviceLimits'])
        ? (pool['serviceLimits'] as unknown[]).map((l) => (isRecord(l) && l['service'] === old ? { ...l, service: id } : l))
        : undefined;
      return { ...pool, services, ...(limits ? { serviceLimits: limits } : {}) };
    });
    next = setAt(next, ['policies', name, 'pools'], pools);
  }
  return next;
}

/** Ids of the services. */
export function serviceIds(root: unknown): string[] {
  return listAt(root, ['services']).map((s) => getAt(s, ['id'])).filter((id): id is string => typeof id === 'string');
}

/** Adds a pool to a partitioned or semaphore policy, taking the services no pool of it has yet. */
export function addPool(root: unknown, policyName: string): unknown {
  const policy = getAt(root, ['policies', policyName]);
  const pools = listAt(policy, ['pools']);
  const placed = new Set(pools.flatMap((pool) => listAt(pool, ['services'])));
  const unplaced = serviceIds(root).filter((id) => !placed.has(id));
  const id = freshId(unplaced.length === 1 ? `${unplaced[0]}-pool` : 'pool', idsOf(pools));
  const semaphore = getAt(policy, ['kind']) === 'semaphore';
  const pool = semaphore ? { id, services: unplaced, permits: 5 } : { id, services: unplaced, slots: 5, queue: 5 };
  return setAt(root, ['policies', policyName, 'pools'], [...pools, pool]);
}

/** Puts a service in a pool of a policy, or takes it out; a service is in at most one pool of a policy. */
export function setPoolMember(root: unknown, policyName: string, poolIndex: number, service: string, member: boolean): unknown {
  const pools = listAt(root, ['policies', policyName, 'pools']).map((pool, i) => {
    if (!isRecord(pool)) return pool;
    const services = listAt(pool, ['services']).filter((s) => s !== service);
    return { ...pool, services: i === poolIndex && member ? [...services, service] : services };
  });
  return setAt(root, ['policies', policyName, 'pools'], pools);
}

/** A new fault for a service: it slows tenfold at a fifth of the run. */
export function addFault(root: unknown, serviceIndex: number): unknown {
  const duration = getAt(root, ['duration']);
  const at = typeof duration === 'number' && duration > 0 ? Math.round(duration / 5) : 10;
  const faults = listAt(root, ['services', serviceIndex, 'degradations']);
  return setAt(root, ['services', serviceIndex, 'degradations'], [...faults, { kind: 'slow', at, factor: 10 }]);
}

/** Changes a fault's kind, keeping its timing and giving the new kind its own setting. */
export function setFaultKind(root: unknown, serviceIndex: number, faultIndex: number, kind: string): unknown {
  const path = ['services', serviceIndex, 'degradations', faultIndex];
  const fault = getAt(root, path);
  const { factor, fraction, ...timing } = isRecord(fault) ? fault : {};
  const extra = kind === 'slow' ? { factor: typeof factor === 'number' ? factor : 10 } : kind === 'fail' ? { fraction: typeof fraction === 'number' ? fraction : 0.5 } : {};
  return setAt(root, path, { ...timing, kind, ...extra });
}

/** Changes a service-time distribution's kind; a lognormal gets a p99 of four times its mean. */
export function setServiceTimeKind(root: unknown, serviceIndex: number, kind: string): unknown {
  const path = ['services', serviceIndex, 'serviceTime'];
  const time = getAt(root, path);
  const { p99, sigma, ...rest } = isRecord(time) ? time : {};
  const mean = typeof rest['mean'] === 'number' ? rest['mean'] : 0.1;
  const spread = kind === 'lognormal' ? (sigma !== undefined ? { sigma } : { p99: typeof p99 === 'number' ? p99 : Number((mean * 4).toPrecision(6)) }) : {};
  return setAt(root, path, { ...rest, kind, mean, ...spread });
}

/**
 * Keys of an object the form has no field for, so it can say "edit these in JSON". `known` lists
 * the keys it edits.
 */
export function otherKeys(value: unknown, known: readonly string[]): string[] {
  return isRecord(value) ? Object.keys(value).filter((key) => !known.includes(key)) : [];
}

/** Text for a number field: the number, or what was typed when it is not one. */
export function fieldText(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  return '';
}

/**
 * A number field's text as a value: empty → undefined (the key is removed, so the schema says it
 * is required, or it falls back to its default); a number → that number; anything else stays text,
 * so the schema names it ("must be a positive number") and nothing typed is lost.
 */
export function fieldValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const number = Number(trimmed);
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(trimmed) && Number.isFinite(number) ? number : text;
}

/** The parts of a zod schema's definition that {@link stripDefaults} walks. */
interface SchemaNode {
  readonly _zod: { readonly def: { readonly type: string; readonly [key: string]: unknown } };
  safeParse?: (value: unknown) => { success: boolean };
}

const node = (schema: unknown): SchemaNode | null => (schema !== null && typeof schema === 'object' && '_zod' in schema ? (schema as SchemaNode) : null);

/**
 * `value` without the object fields whose schema default they equal, walking the schema beside the
 * value (through a transform, the schema of its input), and without fields the input schema has no
 * place for (a transform's output, such as a computed mean): the caller checks the result.
 */
function stripDefaults(schema: SchemaNode, value: unknown): unknown {
  const def = schema._zod.def;
  const inner = (key: string) => node(def[key]);
  switch (def.type) {
    case 'default':
    case 'prefault':
    case 'optional':
    case 'nullable':
    case 'readonly': {
      const next = inner('innerType');
      return next ? stripDefaults(next, value) : value;
    }
    case 'pipe': {
      const next = inner('in');
      return next ? stripDefaults(next, value) : value;
    }
    case 'array': {
      const element = inner('element');
      return element && Array.isArray(value) ? value.map((item) => stripDefaults(element, item)) : value;
    }
    case 'record': {
      const valueType = inner('valueType');
      return valueType && isRecord(value) ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, stripDefaults(valueType, item)])) : value;
    }
    case 'union': {
      const options = Array.isArray(def['options']) ? (def['options'] as unknown[]).map(node) : [];
      const match = options.find((option) => option?.safeParse?.(value).success);
      return match ? stripDefaults(match, value) : value;
    }
    case 'object': {
      const shape = isRecord(def['shape']) ? def['shape'] : {};
      if (!isRecord(value)) return value;
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        const field = node(shape[key]);
        if (!field) continue;
        const stripped = stripDefaults(field, item);
        const fieldDef = field._zod.def;
        if (fieldDef.type === 'default' && JSON.stringify(stripped) === JSON.stringify(fieldDef['defaultValue'])) continue;
        out[key] = stripped;
      }
      return out;
    }
    default:
      return value;
  }
}

/** What {@link withoutDefaults} needs of a schema. */
interface ParsingSchema {
  safeParse: (value: unknown) => { success: true; data: unknown } | { success: false };
}

/**
 * A scenario as a person would write it: without the fields that only repeat the schema's
 * defaults (`"tenants": []`, `"degradations": []`, `"client": {}`, a retry's `"multiplier": 2`…)
 * or that the parser computes. The page hands the editor the scenario as parsed (defaults filled
 * in); this turns it back into input. The defaults are read from the schema itself, and the result
 * must parse to exactly the scenario given (or to what it parses to), or the value comes back
 * unchanged; so a field a learner wrote, known or not, is never dropped.
 */
export function withoutDefaults(value: unknown, schema: ParsingSchema = scenarioSchema): unknown {
  const parse = (candidate: unknown): string | null => {
    const result = schema.safeParse(candidate);
    return result.success ? JSON.stringify(result.data) : null;
  };
  const walk = node(schema);
  if (walk === null) return value;
  const compact = stripDefaults(walk, value);
  const parsed = parse(compact);
  if (parsed === null) return value;
  return parsed === JSON.stringify(value) || parsed === parse(value) ? compact : value;
}

// ---------------------------------------------------------------- policies

/** The kinds of policy the form can add, in the order it offers them. */
export const POLICY_KINDS = ['shared', 'partitioned', 'semaphore', 'per-tenant'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

const finite = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null);

/**
 * The mean number of a service's calls in progress if nothing limited them: arrival rate × mean
 * service time (Little's law), at most its clients for a closed loop; null when the form cannot
 * tell (a field missing or not a number).
 */
export function offeredLoad(service: unknown): number | null {
  const rate = finite(getAt(service, ['arrival', 'rate']));
  const mean = finite(getAt(service, ['serviceTime', 'mean']));
  if (rate === null || mean === null) return null;
  const clients = finite(getAt(service, ['arrival', 'clients']));
  return clients === null ? rate * mean : Math.min(clients, rate * mean);
}

/**
 * Slots for a load of `load` calls in progress on average: the load plus twice its square root
 * (square-root staffing, which keeps the chance of waiting low), at least 2; 5 when the load is
 * unknown.
 */
export function slotsFor(load: number | null): number {
  if (load === null) return 5;
  return Math.max(2, Math.ceil(load + 2 * Math.sqrt(load) - 1e-9));
}

/**
 * A new policy of a kind, sized from the scenario's services: a shared or per-tenant pool for
 * their summed load, or a pool (a semaphore) per service for its own; queues as long as the pool
 * is large; per-tenant caps of half the pool for each declared tenant.
 */
export function defaultPolicy(root: unknown, kind: PolicyKind): Record<string, unknown> {
  const services = listAt(root, ['services']);
  const loads = services.map(offeredLoad);
  const total = loads.some((load) => load === null) ? null : loads.reduce<number>((sum, load) => sum + (load ?? 0), 0);
  const ids = services.map((s, i) => ({ id: getAt(s, ['id']), load: loads[i] ?? null })).filter((s): s is { id: string; load: number | null } => typeof s.id === 'string' && s.id !== '');
  switch (kind) {
    case 'shared': {
      const slots = slotsFor(total);
      return { kind, slots, queue: slots };
    }
    case 'per-tenant': {
      const slots = slotsFor(total);
      const tenants = listAt(root, ['tenants']).map((t) => getAt(t, ['id'])).filter((id): id is string => typeof id === 'string');
      return { kind, slots, queue: slots, tenantLimits: tenants.map((tenant) => ({ tenant, limit: Math.max(1, Math.ceil(slots / 2)) })) };
    }
    case 'partitioned':
      return { kind, pools: ids.map(({ id, load }) => ({ id: `${id}-pool`, services: [id], slots: slotsFor(load), queue: slotsFor(load) })) };
    case 'semaphore':
      return { kind, pools: ids.map(({ id, load }) => ({ id: `${id}-permits`, services: [id], permits: slotsFor(load) })) };
  }
}

/** Adds a policy of a kind, named after its kind (`shared`, else `shared-2`, …); returns the scenario and the name. */
export function addPolicy(root: unknown, kind: PolicyKind): { value: unknown; name: string } {
  const taken = new Set(policyEntries(root).map(([name]) => name));
  const policies = getAt(root, ['policies']);
  for (const key of isRecord(policies) ? Object.keys(policies) : []) taken.add(key);
  const name = freshId(kind, taken);
  return { value: setAt(root, ['policies', name], defaultPolicy(root, kind)), name };
}

/** Changes a policy's kind: a policy of the new kind with the defaults of {@link defaultPolicy}, under the same name. */
export function setPolicyKind(root: unknown, name: string, kind: PolicyKind): unknown {
  return setAt(root, ['policies', name], defaultPolicy(root, kind));
}

/** Removes a policy; the last one stays (a scenario needs at least one). */
export function removePolicy(root: unknown, name: string): unknown {
  const policies = getAt(root, ['policies']);
  if (!isRecord(policies) || !Object.hasOwn(policies, name) || Object.keys(policies).length <= 1) return root;
  return setAt(root, ['policies', name], undefined);
}

/** Why a policy cannot take a name, or null when it can: it is empty, not an id, or another policy's. */
export function policyNameProblem(root: unknown, from: string, to: string): string | null {
  if (to === '') return 'must not be empty: a policy needs a name';
  if (!ID_PATTERN.test(to)) return 'must be an id of lower-case letters, digits and dashes that starts with a letter (at most 40 characters)';
  const policies = getAt(root, ['policies']);
  if (to !== from && isRecord(policies) && Object.hasOwn(policies, to)) return `is already the name of another policy`;
  return null;
}

/** Renames a policy in place (the others keep their order); unchanged when {@link policyNameProblem} objects. */
export function renamePolicy(root: unknown, from: string, to: string): unknown {
  const policies = getAt(root, ['policies']);
  if (!isRecord(policies) || !Object.hasOwn(policies, from) || from === to || policyNameProblem(root, from, to) !== null) return root;
  const renamed = Object.fromEntries(Object.entries(policies).map(([key, policy]) => [key === from ? to : key, policy] as const));
  return setAt(root, ['policies'], renamed);
}
