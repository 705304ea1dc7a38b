import { normalizeTokens, tokenSimilarity } from '../../../src-shared/text/tokens';

/**
 * Typo-tolerant student search, in memory (a school has a few thousand students; the bench has 20,000).
 *
 * Names are split into normalized tokens (lower case, accents and punctuation removed); every distinct token is
 * scored once per query token (exact 1, prefix 0.85-0.95, Damerau-Levenshtein within 1 edit for 4-6 letters and
 * 2 edits from 7, against the whole token or the same-length prefix while the nurse is still typing), then each
 * student takes the best score of its tokens. Query tokens with digits match the student number (exact, prefix,
 * contained) or the birth date (YYYY-MM-DD, MM/DD/YYYY, M/D/YY, YYYY-MM, a birth year). A student matches when
 * every query token matches something; the score is the mean of the token scores.
 */

export interface SearchableStudent {
  readonly id: string;
  readonly firstName: string;
  readonly middleName: string | null;
  readonly lastName: string;
  readonly preferredName: string | null;
  readonly studentNumber: string;
  readonly birthDate: string;
  readonly grade: string;
  readonly active: boolean;
  readonly hasDrugAllergy: boolean;
}

export interface SearchHit {
  readonly student: SearchableStudent;
  readonly score: number;
}

/** A typed date as the prefix of a birth date it can match: 2014-03-02, 03/02/2014, 3/2/14, 2014-03, 2014. */
export function parseDateQuery(q: string, nowYear = new Date().getFullYear()): string | null {
  let m = /^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$/.exec(q);
  if (m) {
    const [, y, mo, d] = m;
    return d ? `${y}-${mo!.padStart(2, '0')}-${d.padStart(2, '0')}` : `${y}-${mo!.padStart(2, '0')}`;
  }
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(q);
  if (m) {
    const [, mo, d, yRaw] = m;
    let y = Number(yRaw);
    if (yRaw!.length === 2) y += y + 2000 > nowYear ? 1900 : 2000;
    return `${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  }
  if (/^(19|20)\d{2}$/.test(q)) return q;
  return null;
}

interface Entry {
  readonly student: SearchableStudent;
  readonly tokens: Int32Array;
  readonly number: string;
}

export class StudentSearchIndex {
  private readonly entries: Entry[] = [];
  private readonly dictionary: string[] = [];

  constructor(students: Iterable<SearchableStudent>) {
    const ids = new Map<string, number>();
    const idOf = (t: string): number => {
      let i = ids.get(t);
      if (i === undefined) {
        i = this.dictionary.length;
        this.dictionary.push(t);
        ids.set(t, i);
      }
      return i;
    };
    for (const s of students) {
      const names = [s.firstName, s.lastName, s.middleName ?? '', s.preferredName ?? ''].join(' ');
      const tokens = new Set(normalizeTokens(names));
      // a hyphenated or two-word last name also matches typed together ("garcialopez")
      const last = normalizeTokens(s.lastName);
      if (last.length > 1) tokens.add(last.join(''));
      this.entries.push({
        student: s,
        tokens: Int32Array.from([...tokens].map(idOf)),
        number: s.studentNumber.toLowerCase(),
      });
    }
  }

  get size(): number {
    return this.entries.length;
  }

  search(query: string, limit: number): SearchHit[] {
    const raw = query.trim();
    if (raw.length === 0) return [];
    // a whole-query date (with separators) first; otherwise tokens
    const wholeDate = /[/-]/.test(raw) ? parseDateQuery(raw.replace(/\s+/g, '')) : null;
    const queryTokens = wholeDate ? [] : normalizeTokens(raw);
    if (!wholeDate && queryTokens.length === 0) return [];

    const nameScores: (Float32Array | null)[] = queryTokens.map((q) => {
      if (/^\d+$/.test(q)) return null;
      const scores = new Float32Array(this.dictionary.length);
      for (let i = 0; i < this.dictionary.length; i++) scores[i] = tokenSimilarity(q, this.dictionary[i]!);
      return scores;
    });
    const digitTokens = queryTokens.map((q) => (/\d/.test(q) ? q : null));
    const dateTokens = queryTokens.map((q) => (/^\d+$/.test(q) ? parseDateQuery(q) : null));

    const hits: SearchHit[] = [];
    for (const e of this.entries) {
      let total = 0;
      let matched = true;
      if (wholeDate) {
        total = e.student.birthDate === wholeDate ? 1 : e.student.birthDate.startsWith(wholeDate) ? 0.85 : 0;
        if (total === 0) continue;
      } else {
        for (let qi = 0; qi < queryTokens.length; qi++) {
          let best = 0;
          const ns = nameScores[qi];
          if (ns) for (const t of e.tokens) if (ns[t]! > best) best = ns[t]!;
          const digits = digitTokens[qi];
          if (digits) {
            const n = e.number;
            const sn =
              n === digits
                ? 1
                : n.startsWith(digits)
                  ? 0.9
                  : n.endsWith(digits)
                    ? 0.8
                    : n.includes(digits)
                      ? 0.6
                      : 0;
            if (sn > best) best = sn;
            const d = dateTokens[qi];
            if (d && e.student.birthDate.startsWith(d) && 0.7 > best) best = 0.7;
          }
          if (best < 0.5) {
            matched = false;
            break;
          }
          total += best;
        }
        if (!matched) continue;
        total /= queryTokens.length;
      }
      if (!e.student.active) total *= 0.9;
      hits.push({ student: e.student, score: total });
    }
    hits.sort(
      (a, b) =>
        b.score - a.score ||
        a.student.lastName.localeCompare(b.student.lastName) ||
        a.student.firstName.localeCompare(b.student.firstName) ||
        (a.student.id < b.student.id ? -1 : 1),
    );
    return hits.slice(0, limit);
  }
}
