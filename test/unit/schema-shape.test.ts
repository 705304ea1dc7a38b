import { describe, expect, it } from 'vitest';
import { enumFromCheck } from '../support/introspect-pg';
import { sqliteEnums } from '../support/introspect-sqlite';
import { diffSchemas, normalizeExpr, parseIndexDef, type SchemaShape } from '../support/schema-shape';

const base = (): SchemaShape => ({
  t: {
    kind: 'table',
    columns: {
      id: { type: 'text', notNull: true },
      s: { type: 'character varying(20)', notNull: true, default: true, enum: ['A', 'B'] },
    },
    primaryKey: ['id'],
    unique: [],
    foreignKeys: [{ columns: ['s'], references: 'u', onDelete: 'RESTRICT' }],
    indexes: [{ columns: ['s', 'id DESC'], unique: false, using: 'btree', where: "s = 'A'" }],
    immutable: false,
    partitionedBy: null,
  },
});

/** The comparison the schema tests rely on must notice every kind of difference. */
describe('schema comparison', () => {
  it('finds nothing between equal shapes, and normalizes catalog spellings', () => {
    const actual = base();
    const t = actual.t;
    if (t?.indexes[0]) t.indexes[0].where = "((s)::text = 'A'::text)";
    expect(diffSchemas(base(), actual, 'x')).toEqual([]);
  });

  it.each([
    ['a missing table', (s: SchemaShape) => delete s.t, 'table t is missing'],
    ['a missing column', (s: SchemaShape) => delete s.t?.columns.s, 't.s is missing'],
    [
      'a type change',
      (s: SchemaShape) => s.t?.columns.id && (s.t.columns.id.type = 'integer'),
      'type integer',
    ],
    ['nullability', (s: SchemaShape) => s.t?.columns.id && (s.t.columns.id.notNull = false), 'notNull false'],
    ['an enum value', (s: SchemaShape) => s.t?.columns.s && (s.t.columns.s.enum = ['A']), 'enum [A]'],
    [
      'a foreign key action',
      (s: SchemaShape) => s.t?.foreignKeys[0] && (s.t.foreignKeys[0].onDelete = 'CASCADE'),
      'foreign key',
    ],
    [
      'an index order',
      (s: SchemaShape) => s.t?.indexes[0] && (s.t.indexes[0].columns = ['s', 'id']),
      'index',
    ],
    ['a partial predicate', (s: SchemaShape) => s.t?.indexes[0] && (s.t.indexes[0].where = null), 'index'],
    ['immutability', (s: SchemaShape) => s.t && (s.t.immutable = true), 'immutable true'],
  ])('reports %s', (_label, mutate, message) => {
    const actual = base();
    mutate(actual);
    const diff = diffSchemas(base(), actual, 'x');
    expect(diff.join('\n')).toContain(message);
  });

  it('parses index definitions of PostgreSQL and SQLite', () => {
    expect(
      parseIndexDef('CREATE UNIQUE INDEX i ON public.t USING gin (symptoms) WHERE (deleted_at IS NULL)'),
    ).toEqual({
      unique: true,
      using: 'gin',
      columns: ['symptoms'],
      where: '(deleted_at IS NULL)',
    });
    expect(parseIndexDef('CREATE INDEX idx ON t (a, lower(b), c DESC)').columns).toEqual([
      'a',
      'lower(b)',
      'c DESC',
    ]);
    expect(normalizeExpr('lower((email)::text)')).toBe(normalizeExpr('lower(email)'));
  });

  it('reads enumerations from CHECK constraints', () => {
    expect(
      enumFromCheck(
        "CHECK (((sex)::text = ANY ((ARRAY['F'::character varying, 'M'::character varying])::text[])))",
      ),
    ).toEqual(['F', 'M']);
    expect(enumFromCheck('CHECK ((units > 0))')).toBeNull();
    expect(
      sqliteEnums(
        `CREATE TABLE t (sex TEXT CONSTRAINT t_sex_check CHECK (sex IN ('F','M','X')), b INTEGER CHECK (b IN (0,1)))`,
      ).get('sex'),
    ).toEqual(['F', 'M', 'X']);
  });
});
