import { createHash } from 'node:crypto';
import { isMap, isNode, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { compilePolicy } from './compiled.ts';
import type { PolicyLoad, PolicyProblem } from './model.ts';
import { PolicyFile, type PolicyFileSpec } from './policy-schema.ts';

type Path = readonly (string | number)[];

/** `resources[0].rules[1].allow` from a path. */
export function pathText(path: Path): string {
  return path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${key}` : key),
    '',
  );
}

/** Where a path points in the file: its node, or the nearest parent that exists (a missing field). */
function locate(doc: Document, lines: LineCounter, path: Path): { line: number; column: number } {
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) {
      const pos = lines.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return { line: 1, column: 1 };
}

/** What to do about a schema issue, in a few words. */
function fixFor(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `remove ${issue.keys.map((k) => `"${k}"`).join(', ')} or check its spelling`;
    case 'invalid_type':
      return issue.input === undefined ? 'add this field' : `write a ${issue.expected} here`;
    case 'invalid_value':
      return `use one of: ${issue.values.map(String).join(', ')}`;
    case 'too_small':
      return 'add at least one entry, or a larger value';
    case 'too_big':
      return 'use a smaller value';
    case 'invalid_format':
    case 'invalid_union':
      return 'write it in the form the message gives';
    case 'custom':
    case 'invalid_element':
    case 'invalid_key':
    case 'not_multiple_of':
      return 'see the commented demo file, config/policy.demo.yaml';
  }
}

const ENV_REF = /\$\{([A-Z_][A-Z0-9_]*)(?::-([^}]*))?\}/g;

/** Replaces `${VAR}` and `${VAR:-default}` in every string; names each variable that is unset and has no default. */
function interpolate(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  path: (string | number)[],
  missing: { path: Path; name: string }[],
): unknown {
  if (typeof value === 'string')
    return value.replace(ENV_REF, (_, name: string, fallback: string | undefined) => {
      const found = env[name] ?? fallback;
      if (found === undefined) missing.push({ path: [...path], name });
      return found ?? '';
    });
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, env, [...path, i], missing));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, interpolate(v, env, [...path, k], missing)]),
    );
  return value;
}

/** Rules no schema can say: unique ids and hosts, and steps in an order the portal can follow. */
function crossChecks(spec: PolicyFileSpec): { path: Path; message: string; fix: string }[] {
  const out: { path: Path; message: string; fix: string }[] = [];
  const seen = new Map<string, number>();
  const hosts = new Map<string, number>();
  spec.resources.forEach((r, i) => {
    if (seen.has(r.id))
      out.push({
        path: ['resources', i, 'id'],
        message: `resource id "${r.id}" is used twice`,
        fix: 'give each resource its own id',
      });
    if (hosts.has(r.host))
      out.push({
        path: ['resources', i, 'host'],
        message: `host "${r.host}" is used twice`,
        fix: 'give each resource its own host',
      });
    seen.set(r.id, i);
    hosts.set(r.host, i);
    const rules = new Set<string>();
    r.rules.forEach((rule, j) => {
      if (rules.has(rule.id))
        out.push({
          path: ['resources', i, 'rules', j, 'id'],
          message: `rule id "${rule.id}" is used twice in this resource`,
          fix: 'give each rule its own id',
        });
      rules.add(rule.id);
    });
  });
  for (const channel of ['portal', 'console'] as const) {
    const p = spec.profiles[channel];
    const at = (step: string) => p.steps.indexOf(step as (typeof p.steps)[number]);
    const path = ['profiles', channel, 'steps'];
    if (new Set(p.steps).size !== p.steps.length)
      out.push({ path, message: 'a step is listed twice', fix: 'list each step once' });
    if (at('password') < 0 || at('second_factor') < 0)
      out.push({
        path,
        message: 'password and second_factor are required',
        fix: 'add password, then second_factor',
      });
    else if (at('second_factor') < at('password'))
      out.push({ path, message: 'second_factor comes before password', fix: 'put password first' });
    if (at('trust') >= 0 && (at('inspection') < 0 || at('trust') < at('inspection')))
      out.push({
        path,
        message: 'trust needs inspection before it ("trust this site and always allow inspection")',
        fix: 'put inspection before trust',
      });
    const last = Math.max(at('inspection'), at('trust'), at('disclaimer'));
    if (last > at('password'))
      out.push({
        path,
        message: 'inspection, trust and disclaimer come before password',
        fix: 'move them before password',
      });
    if (at('acknowledgements') >= 0 && at('acknowledgements') < at('second_factor'))
      out.push({
        path,
        message: 'acknowledgements come after second_factor (the person must be known)',
        fix: 'move acknowledgements to the end',
      });
    if (at('acknowledgements') >= 0 && !p.acknowledge?.length)
      out.push({
        path: ['profiles', channel],
        message: 'the acknowledgements step needs a list of documents',
        fix: 'add acknowledge: [confidentiality]',
      });
    if (
      p.absolute_timeout !== undefined &&
      p.idle_timeout !== undefined &&
      p.absolute_timeout < p.idle_timeout
    )
      out.push({
        path: ['profiles', channel, 'absolute_timeout'],
        message: 'absolute_timeout is shorter than idle_timeout',
        fix: 'make absolute_timeout at least idle_timeout',
      });
    if (channel === 'console' && p.steps.some((s) => s !== 'password' && s !== 'second_factor'))
      out.push({
        path,
        message: 'the console signs in with password and second_factor only',
        fix: 'list only password and second_factor here',
      });
  }
  return out;
}

/**
 * Parses, validates and compiles a policy file. Every problem names its line, column and field and says
 * how to fix it; nothing is compiled unless there are none.
 */
export function loadPolicyText(
  text: string,
  env: Readonly<Record<string, string | undefined>> = {},
): PolicyLoad {
  const hash = createHash('sha256').update(text, 'utf8').digest('hex');
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e): PolicyProblem => {
      const pos = e.linePos?.[0] ?? { line: 1, col: 1 };
      return {
        line: pos.line,
        column: pos.col,
        path: '',
        message: e.message.split('\n')[0] ?? e.code,
        fix: 'correct the YAML syntax here',
      };
    });
    return { ok: false, problems };
  }
  if (!isMap(doc.contents) && !isSeq(doc.contents) && doc.contents === null)
    return {
      ok: false,
      problems: [
        {
          line: 1,
          column: 1,
          path: '',
          message: 'the file is empty',
          fix: 'start from config/policy.demo.yaml',
        },
      ],
    };
  const missing: { path: Path; name: string }[] = [];
  const raw = interpolate(doc.toJS(), env, [], missing);
  const at = (path: Path, message: string, fix: string): PolicyProblem => ({
    ...locate(doc, lines, path),
    path: pathText(path),
    message,
    fix,
  });
  const problems: PolicyProblem[] = missing.map((m) =>
    at(m.path, `environment variable ${m.name} is not set`, `set ${m.name}, or write \${${m.name}:-default}`),
  );
  // reportInput: the fix for a wrong type depends on whether anything was written there at all.
  const parsed = PolicyFile.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    // A field whose variable is unset is already reported; its empty value would only repeat it.
    const unset = new Set(missing.map((m) => pathText(m.path)));
    for (const issue of parsed.error.issues)
      if (!unset.has(pathText(issue.path as Path)))
        problems.push(at(issue.path as Path, issue.message, fixFor(issue)));
  } else {
    for (const p of crossChecks(parsed.data)) problems.push(at(p.path, p.message, p.fix));
  }
  if (problems.length > 0 || !parsed.success)
    return { ok: false, problems: problems.sort((a, b) => a.line - b.line || a.column - b.column) };
  return { ok: true, policy: compilePolicy(parsed.data, text, hash) };
}
