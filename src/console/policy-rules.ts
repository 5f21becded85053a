import { parse } from 'yaml';
import { z } from 'zod';

/**
 * The rules of a loaded policy file as people read them. The compiled policy keeps rules as matchers made
 * for speed, not for display, so the console and `dwaar policy check` read them back from the file's text,
 * which the engine has already validated. Conditions are shown as written (a field and its values), so a
 * condition the engine learns later shows up here without a change.
 */
export interface RuleView {
  readonly id: string;
  readonly effect: 'allow' | 'deny';
  readonly description: string;
  /** Each condition: the field as the file names it, and its value in words. */
  readonly conditions: readonly (readonly [field: string, value: string])[];
}

const RawRule = z.looseObject({
  id: z.string(),
  description: z.string().optional(),
  allow: z.record(z.string(), z.unknown()).nullish(),
  deny: z.record(z.string(), z.unknown()).nullish(),
});
const RawFile = z.looseObject({
  resources: z.array(z.looseObject({ id: z.string(), rules: z.array(RawRule).nullish() })).catch([]),
});

/** A condition's value on one line: lists joined, maps as `key value` pairs. */
export function valueText(value: unknown): string {
  if (Array.isArray(value)) return value.map(valueText).join(', ');
  if (value !== null && typeof value === 'object')
    return Object.entries(value)
      .map(([k, v]) => `${k} ${valueText(v)}`)
      .join('; ');
  return String(value);
}

/** Resource id → its rules in file order; an empty map when the text is not a policy file. */
export function rulesOf(source: string): ReadonlyMap<string, readonly RuleView[]> {
  let data: unknown;
  try {
    data = parse(source);
  } catch {
    return new Map();
  }
  const file = RawFile.safeParse(data);
  if (!file.success) return new Map();
  return new Map(
    file.data.resources.map((r) => [
      r.id,
      (r.rules ?? []).map((rule): RuleView => {
        const effect = rule.deny ? 'deny' : 'allow';
        const conditions = (effect === 'deny' ? rule.deny : rule.allow) ?? {};
        return {
          id: rule.id,
          effect,
          description: rule.description ?? '',
          conditions: Object.entries(conditions).map(([field, v]) => [field, valueText(v)] as const),
        };
      }),
    ]),
  );
}

/** How many rules a policy file holds, over every resource. */
export function ruleCount(source: string): number {
  let n = 0;
  for (const rules of rulesOf(source).values()) n += rules.length;
  return n;
}
