import {
  sql,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type Kysely,
  type SchemaMetadata,
  type TableMetadata,
} from 'kysely';

/**
 * Lists the tables of our own schema only (`pgSchema`, else the connection's current schema). Kysely's own
 * PostgreSQL introspector lists every schema of the database and calls `has_schema_privilege` on each, which
 * fails with "schema … does not exist" when someone drops another schema meanwhile: on a database shared with
 * other applications (or test runs), migrations failed at random. The migrator only needs table names.
 */
export class OwnSchemaIntrospector implements DatabaseIntrospector {
  constructor(
    private readonly db: Kysely<unknown>,
    private readonly schema: string | undefined,
  ) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const row = await sql<{
      name: string;
    }>`select coalesce(${this.schema ?? null}, current_schema()) as name`.execute(this.db);
    return row.rows.map((r) => ({ name: r.name }));
  }

  async getTables(): Promise<TableMetadata[]> {
    const rows = await sql<{ schema: string; name: string; kind: string }>`
      select n.nspname as schema, c.relname as name, c.relkind as kind
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = coalesce(${this.schema ?? null}, current_schema()) and c.relkind in ('r', 'v', 'p')
      order by c.relname`.execute(this.db);
    return rows.rows.map((r) => ({ schema: r.schema, name: r.name, isView: r.kind === 'v', columns: [] }));
  }

  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() };
  }
}
