/** Lower case, accents and punctuation removed, split on anything that is not a letter or digit. */
export function normalizeTokens(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
}

/** Damerau-Levenshtein (optimal string alignment) distance, or max+1 as soon as it must exceed max. */
export function damerauLevenshtein(a: string, b: string, max: number): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (la === 0) return lb;
  if (lb === 0) return la;
  let prev2 = new Array<number>(lb + 1).fill(0);
  let prev = new Array<number>(lb + 1);
  let cur = new Array<number>(lb + 1);
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj)
        v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[lb]!;
}

const allowedEdits = (len: number): number => (len <= 3 ? 0 : len <= 6 ? 1 : 2);

/** Similarity of a typed token to a word (a name, a medication), 0 when they do not match: typing-error tolerant. */
export function tokenSimilarity(q: string, t: string): number {
  if (q === t) return 1;
  if (t.startsWith(q)) return 0.85 + 0.1 * (q.length / t.length);
  const k = allowedEdits(q.length);
  if (k === 0) return 0;
  const whole = damerauLevenshtein(q, t, k);
  let best = whole <= k ? 0.8 - 0.12 * whole : 0;
  if (t.length > q.length) {
    const pre = damerauLevenshtein(q, t.slice(0, q.length), k);
    if (pre <= k) best = Math.max(best, 0.72 - 0.12 * pre);
  }
  return best;
}
