import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layers of src/, bottom first. A folder (or top-level file) may import only from layers below its
 * own: web and i18n at the bottom, then store, audit and crypto, then the domain folders, then the portal
 * and console pages, then the app and the CLI. Folders in one layer do not import each other.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['i18n', 'clock', 'config'],
  ['errors'],
  ['metrics'],
  ['web'],
  ['crypto', 'store'],
  ['audit'],
  ['policy', 'documents'],
  ['session', 'mail'],
  ['gateway', 'directory'],
  ['accounts'],
  ['login'],
  ['provisioning'],
  ['guide'],
  ['proposals', 'reports', 'circulars', 'audit-search', 'anomalies'],
  ['helpdesk'],
  ['portal', 'console'],
  ['boweb', 'demo'],
  ['deps'],
  ['workers', 'app'],
  ['cli'],
];

const SRC = resolve(import.meta.dirname, '../src');
const rank = new Map(LAYERS.flatMap((layer, i) => layer.map((name) => [name, i] as const)));

interface Import {
  readonly from: string;
  readonly to: string;
  readonly typeOnly: boolean;
  readonly line: number;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every relative import and re-export in src/ (tests excluded), with whether it carries types only. */
function imports(): Import[] {
  return sourceFiles(SRC).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    const found: Import[] = [];
    for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?([^;]*?)\s+from\s+'(\.[^']+)'/gms)) {
      const names = /^\{([^}]*)\}$/s.exec(m[2] ?? '')?.[1];
      const inlineTypes =
        names !== undefined &&
        names
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .every((s) => s.startsWith('type '));
      const line = text.slice(0, m.index).split('\n').length;
      found.push({
        from: file,
        to: resolve(dirname(file), m[3] ?? ''),
        typeOnly: Boolean(m[1]) || inlineTypes,
        line,
      });
    }
    return found;
  });
}

/** The top-level folder or file of a path in src/, without `.ts`. */
const unit = (path: string) => (relative(SRC, path).split('/')[0] ?? '').replace(/\.ts$/, '');
/** True when the unit is a folder (it has an index.ts), not a top-level file. */
const isFolder = (name: string) => existsSync(join(SRC, name)) && statSync(join(SRC, name)).isDirectory();
const where = (i: Import) => `${relative(SRC, i.from)}:${i.line} → ${relative(SRC, i.to)}`;
/** The schema's table interfaces may be named from anywhere: the store assembles the Database type from them. */
const isTableType = (i: Import) => i.typeOnly && i.to.endsWith('/table.ts');

const crossing = imports().filter((i) => unit(i.from) !== unit(i.to));

describe('the layers of src/', () => {
  it('places every top-level folder and file in a layer', () => {
    const units = new Set(readdirSync(SRC).map((name) => name.replace(/\.ts$/, '')));
    expect([...units].filter((u) => !rank.has(u))).toEqual([]);
  });

  it('imports only from lower layers', () => {
    const upward = crossing
      .filter((i) => !isTableType(i))
      .filter((i) => (rank.get(unit(i.to)) ?? -1) >= (rank.get(unit(i.from)) ?? -1))
      .map(where);
    expect(upward).toEqual([]);
  });

  it('reaches into another folder only through its index.ts', () => {
    const inside = crossing
      .filter((i) => !isTableType(i))
      .filter((i) => isFolder(unit(i.to)))
      .filter((i) => i.to !== join(SRC, unit(i.to), 'index.ts'))
      .map(where);
    expect(inside).toEqual([]);
  });
});

describe('where SQL lives', () => {
  /** Query builders and raw SQL: the signs of a module that talks to the database. */
  const SQL = /\.(selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql`/;
  /**
   * Repositories (`repository.ts`, `*-repository.ts`) and read models (`queries.ts`, `*-queries.ts`,
   * `*-query.ts`) hold the SQL of a feature. The store itself, the audit chain (which locks its head row)
   * and the demo data loader are the only other places.
   */
  const ALLOWED =
    /(^|\/)(repository|queries)\.ts$|-(repository|queries|query)\.ts$|^(store|audit)\/|^demo\/seed\.ts$/;

  it('keeps queries in repositories: no route, page or service builds SQL', () => {
    const offenders = sourceFiles(SRC)
      .map((path) => relative(SRC, path))
      .filter((path) => !ALLOWED.test(path) && SQL.test(readFileSync(join(SRC, path), 'utf8')));
    expect(offenders).toEqual([]);
  });
});

describe('file sizes', () => {
  const ROOT = resolve(import.meta.dirname, '..');
  const all = ['src', 'test', 'e2e', 'bench'].flatMap((d) =>
    sourceFilesWithTests(join(ROOT, d)).map((path) => ({
      path: relative(ROOT, path),
      lines: readFileSync(path, 'utf8').split('\n').length,
    })),
  );

  it('keeps every source and test file under 400 lines', () => {
    expect(all.filter((f) => f.lines >= 400)).toEqual([]);
  });
});

function sourceFilesWithTests(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'artifacts') return [];
    if (statSync(path).isDirectory()) return sourceFilesWithTests(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}
