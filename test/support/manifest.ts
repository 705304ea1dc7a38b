import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { SchemaShape, TableShape } from './schema-shape';

export const MANIFEST_DIR = join(import.meta.dirname, '..', 'fixtures', 'schema-manifest');

const column = z.object({
  type: z.string().min(1),
  notNull: z.boolean(),
  default: z.boolean().optional(),
  generated: z.boolean().optional(),
  enum: z.array(z.string()).optional(),
  note: z.string().optional(),
});
const fk = z.object({
  columns: z.array(z.string()).min(1),
  references: z.string(),
  refColumns: z.array(z.string()).optional(),
  onDelete: z.enum(['NO ACTION', 'RESTRICT', 'CASCADE', 'SET NULL', 'SET DEFAULT']),
});
const index = z.object({
  name: z.string().optional(),
  columns: z.array(z.string()).min(1),
  unique: z.boolean(),
  using: z.string().optional(),
  where: z.string().nullable().optional(),
  note: z.string().optional(),
});
const table = z.object({
  kind: z.enum(['table', 'materialized view']).optional(),
  alterOnly: z.boolean().optional(),
  columns: z.record(z.string(), column).optional(),
  primaryKey: z.array(z.string()).optional(),
  unique: z.array(z.array(z.string())).optional(),
  foreignKeys: z.array(fk).optional(),
  indexes: z.array(index).optional(),
  immutable: z.boolean().optional(),
  partitionedBy: z.string().nullable().optional(),
  note: z.string().optional(),
});
const manifestFile = z.object({
  feature: z.string(),
  server: z.record(z.string(), table).optional(),
  workstation: z.record(z.string(), table).optional(),
});
export type ManifestFile = z.infer<typeof manifestFile>;

export interface Manifest {
  files: { file: string; content: ManifestFile }[];
  server: SchemaShape;
  workstation: SchemaShape;
}

function toShape(parts: { file: string; tables: Record<string, z.infer<typeof table>> }[]): SchemaShape {
  const out: SchemaShape = {};
  const alters: { file: string; name: string; t: z.infer<typeof table> }[] = [];
  for (const { file, tables } of parts) {
    for (const [name, t] of Object.entries(tables)) {
      if (t.alterOnly) {
        alters.push({ file, name, t });
        continue;
      }
      if (out[name]) throw new Error(`${file}: table ${name} is declared by two manifest files`);
      if (!t.columns) throw new Error(`${file}: table ${name} has no columns`);
      const shape: TableShape = {
        kind: t.kind ?? 'table',
        columns: Object.fromEntries(
          Object.entries(t.columns).map(([c, v]) => [
            c,
            {
              type: v.type,
              notNull: v.notNull,
              ...(v.default ? { default: true } : {}),
              ...(v.generated ? { generated: true } : {}),
              ...(v.enum ? { enum: v.enum } : {}),
            },
          ]),
        ),
        primaryKey: t.primaryKey ?? [],
        unique: t.unique ?? [],
        foreignKeys: (t.foreignKeys ?? []).map(({ columns, references, onDelete }) => ({
          columns,
          references,
          onDelete,
        })),
        indexes: (t.indexes ?? []).map((i) => ({
          columns: i.columns,
          unique: i.unique,
          using: i.using ?? 'btree',
          where: i.where ?? null,
        })),
        immutable: t.immutable ?? false,
        partitionedBy: t.partitionedBy ?? null,
      };
      out[name] = shape;
    }
  }
  for (const { file, name, t } of alters) {
    const target = out[name];
    if (!target) throw new Error(`${file}: alterOnly entry for ${name}, which no manifest declares`);
    for (const [c, v] of Object.entries(t.columns ?? {})) {
      if (target.columns[c]) throw new Error(`${file}: alterOnly column ${name}.${c} is already declared`);
      target.columns[c] = {
        type: v.type,
        notNull: v.notNull,
        ...(v.default ? { default: true } : {}),
        ...(v.generated ? { generated: true } : {}),
        ...(v.enum ? { enum: v.enum } : {}),
      };
    }
    target.foreignKeys.push(
      ...(t.foreignKeys ?? []).map(({ columns, references, onDelete }) => ({
        columns,
        references,
        onDelete,
      })),
    );
    target.indexes.push(
      ...(t.indexes ?? []).map((i) => ({
        columns: i.columns,
        unique: i.unique,
        using: i.using ?? 'btree',
        where: i.where ?? null,
      })),
    );
  }
  return out;
}

/** Reads and validates every manifest file; a malformed file fails with its name and the path of the bad field. */
export function loadManifest(dir = MANIFEST_DIR): Manifest {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const raw: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      const parsed = manifestFile.safeParse(raw);
      if (!parsed.success) {
        throw new Error(
          `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      }
      return { file, content: parsed.data };
    });
  return {
    files,
    server: toShape(files.map((f) => ({ file: f.file, tables: f.content.server ?? {} }))),
    workstation: toShape(files.map((f) => ({ file: f.file, tables: f.content.workstation ?? {} }))),
  };
}
