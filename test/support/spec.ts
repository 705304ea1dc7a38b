import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitTopLevel } from './schema-shape';

/** The requirement document, beside the repository in ../shared (absent on some machines). */
export const SPEC_PATH = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'shared',
  'spec',
  'white-cross-schema-summary.md',
);
export const specAvailable = (): boolean => existsSync(SPEC_PATH);

export interface SpecColumn {
  name: string;
  notNull: boolean;
  hasDefault: boolean;
  generated: boolean;
  unique: boolean;
}
export interface SpecForeignKey {
  column: string;
  references: string;
  onDelete: string | null;
}
export interface SpecIndex {
  columns: string[];
  unique: boolean;
  gin: boolean;
  where: string | null;
}
export interface SpecTable {
  name: string;
  materializedView: boolean;
  columns: SpecColumn[];
  foreignKeys: SpecForeignKey[];
  uniques: string[][];
  indexes: SpecIndex[];
}

function parseIndexItem(item: string): SpecIndex {
  let s = item.trim();
  const unique = /\)\s*UNIQUE$/i.test(s);
  if (unique) s = s.replace(/\s*UNIQUE$/i, '');
  const gin = /USING GIN/i.test(s);
  if (gin) s = s.replace(/\s*USING GIN/i, '');
  s = s.replace(/^\(/, '').replace(/\)$/, '');
  const [cols = '', where = null] = s.split(/\s+WHERE\s+/i);
  return { columns: splitTopLevel(cols), unique, gin, where };
}

/** Reads every `#### Table:` section: columns (SQL blocks or bullet lists), FKs, UNIQUEs and the index list. */
export function parseSpec(text = readFileSync(SPEC_PATH, 'utf8')): SpecTable[] {
  const sections = text.split(/^#### Table: /m).slice(1);
  return sections.map((sec) => {
    const [head = '', ...restLines] = sec.split('\n');
    const body = restLines.join('\n').split(/^---$/m)[0] ?? '';
    const name = head.replace(/\(.*$/, '').trim();
    const t: SpecTable = {
      name,
      materializedView: /Materialized View/i.test(head),
      columns: [],
      foreignKeys: [],
      uniques: [],
      indexes: [],
    };
    const sqlBlock = /```sql\n([\s\S]*?)```/.exec(body)?.[1];
    if (sqlBlock) {
      for (const raw of sqlBlock.split('\n')) {
        const line = raw.replace(/--.*$/, '').trim().replace(/,$/, '');
        if (!line) continue;
        let m: RegExpExecArray | null;
        if (
          (m =
            /^FOREIGN KEY \((\w+)\) REFERENCES (\w+)\(\w+\)(?: ON DELETE (CASCADE|RESTRICT|SET NULL|NO ACTION))?/i.exec(
              line,
            ))
        ) {
          t.foreignKeys.push({
            column: m[1] ?? '',
            references: m[2] ?? '',
            onDelete: m[3]?.toUpperCase() ?? null,
          });
        } else if ((m = /^UNIQUE \(([^)]*)\)/i.exec(line))) {
          t.uniques.push((m[1] ?? '').split(',').map((c) => c.trim()));
        } else if (/^(CHECK|REFRESH|PRIMARY KEY)\b/i.test(line)) {
          continue;
        } else if ((m = /^(\w+)\s+(.*)$/.exec(line))) {
          const rest = m[2] ?? '';
          t.columns.push({
            name: m[1] ?? '',
            notNull: /NOT NULL|PRIMARY KEY/i.test(rest),
            hasDefault: /\bDEFAULT\b/i.test(rest),
            generated: /GENERATED ALWAYS/i.test(rest),
            unique: /\bUNIQUE\b/i.test(rest),
          });
        }
      }
    } else {
      const keyCols = /\*\*Key Columns:\*\*([\s\S]*?)(\*\*Indexes|$)/.exec(body)?.[1] ?? '';
      for (const line of keyCols.split('\n')) {
        if (!line.trim().startsWith('-')) continue;
        if (/\(UNIQUE composite\)/i.test(line)) {
          const cols = [...line.matchAll(/`(\w+)`/g)].map((m) => m[1] ?? '');
          for (const col of cols)
            t.columns.push({ name: col, notNull: false, hasDefault: false, generated: false, unique: false });
          t.uniques.push(cols);
          continue;
        }
        for (const m of line.matchAll(/`(\w+)`(\s*\((UNIQUE|PK|FK → (\w+))[^)]*\))?/g)) {
          const col = m[1] ?? '';
          t.columns.push({
            name: col,
            notNull: m[3] === 'PK',
            hasDefault: false,
            generated: false,
            unique: m[3] === 'UNIQUE',
          });
          if (m[4]) t.foreignKeys.push({ column: col, references: m[4], onDelete: null });
        }
      }
    }
    const idx = /\*\*Indexes:\*\*([\s\S]*?)(\n\n|$)/.exec(body)?.[1] ?? '';
    for (const m of idx.matchAll(/`([^`]+)`/g)) t.indexes.push(parseIndexItem(m[1] ?? ''));
    return t;
  });
}
