/** The value of `key` in a map the seed built itself; a missing key is a bug in the seed, named in the error. */
export function lookup<K, V>(map: ReadonlyMap<K, V>, key: K, what: string): V {
  const v = map.get(key);
  if (v === undefined) throw new Error(`seed: no ${what} ${String(key)}`);
  return v;
}
