import { Faker, en, en_US } from '@faker-js/faker';
import { v7 as uuidv7 } from 'uuid';

/**
 * The seed's random sources. Every value comes from a section's seeded faker (or from hashUnit, for decisions
 * several sections share): no clock, no Math.random().
 */

/** A seeded random source per section, so adding rows to one section never reshuffles another. */
export function sectionFaker(seed: number, section: string): Faker {
  let h = seed >>> 0;
  for (const ch of section) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const f = new Faker({ locale: [en_US, en] });
  f.seed(h);
  return f;
}

/** Deterministic UUIDv7: the time part is the row's own creation time, the rest comes from the section's faker. */
export function idAt(f: Faker, at: Date): string {
  const random = new Uint8Array(16);
  for (let i = 0; i < 16; i++) random[i] = f.number.int({ min: 0, max: 255 });
  return uuidv7({ msecs: at.getTime(), random });
}

/** A deterministic id whose time part is `at`. */
export const newId = (f: Faker, at: Date): string => idAt(f, at);

/** Picks by weight (weights need not sum to 1). */
export function weighted<T>(f: Faker, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = f.number.float({ min: 0, max: total });
  for (const [item, w] of items) {
    if (r < w) return item;
    r -= w;
  }
  const lastItem = items[items.length - 1];
  if (!lastItem) throw new Error('weighted() needs at least one item');
  return lastItem[0];
}

/** True with probability p. */
export const chance = (f: Faker, p: number): boolean => f.number.float({ min: 0, max: 1 }) < p;

/** Picks one element (throws on an empty list, which is a bug in the seed). */
export function pick<T>(f: Faker, items: readonly T[]): T {
  const item = items[f.number.int({ min: 0, max: items.length - 1 })];
  if (item === undefined) throw new Error('pick() from an empty list');
  return item;
}

/** Poisson-distributed count (Knuth; fine for the small means the seed uses). */
export function poisson(f: Faker, mean: number): number {
  if (mean <= 0) return 0;
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= f.number.float({ min: 0, max: 1 });
  } while (p > l);
  return k - 1;
}

/** `n` of `items` without repetition, in a seeded order. */
export function sample<T>(f: Faker, items: readonly T[], n: number): T[] {
  return f.helpers.shuffle([...items]).slice(0, Math.max(0, Math.min(n, items.length)));
}

/** A random instant between two instants (ms precision). */
export const between = (f: Faker, a: Date, b: Date): Date =>
  new Date(
    a.getTime() + Math.floor(f.number.float({ min: 0, max: 1 }) * Math.max(0, b.getTime() - a.getTime())),
  );

/** n decimal digits (leading zeros allowed). */
export const digits = (f: Faker, n: number): string =>
  f.string.numeric({ length: n, allowLeadingZeros: true });

/** A uniform number in [0, 1) that depends only on its inputs (FNV-1a + a murmur finalizer); for decisions shared between sections, such as "was this student in school that day". */
export function hashUnit(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('\u0000')) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return (h >>> 0) / 4_294_967_296;
}

/** A SHA-256-looking lowercase hex digest drawn from the section's random stream (synthetic files have no bytes to hash). */
export const fakeSha256 = (f: Faker): string =>
  f.string.hexadecimal({ length: 64, casing: 'lower', prefix: '' });
