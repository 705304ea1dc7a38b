import { createHash } from 'node:crypto';

/**
 * The demo district's key-encryption key: 32 bytes derived from the seed of `white-cross seed-demo`, so a demo
 * server can open the data keys the seed wrapped. A real district's KEK comes from configuration or a KMS; never
 * use this outside the demo.
 */
export function demoKek(seed: number): Buffer {
  if (!Number.isInteger(seed) || seed < 0)
    throw new Error(`demo KEK: seed must be a whole number >= 0, got ${seed}`);
  return createHash('sha256').update(`white-cross demo key-encryption key v1|seed=${seed}`, 'utf8').digest();
}
