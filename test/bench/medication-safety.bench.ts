import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { readDataset } from '../../server-sync/medication-safety';
import {
  buildSafetyIndex,
  checkMedication,
  referenceFromDataset,
  type SafetyCheckInput,
} from '../../src-shared/medication-safety';
import type { Benchmark } from './registry';

/**
 * npm run bench -- medication-safety [--runs 20000]
 *
 * The medication-safety check the workstation runs before every dose (pure, on the shipped dataset): building the
 * index once, then a check of one drug against 5 other medications and 3 allergies (p50, p95, p99 over --runs).
 * Aim: well under 1 ms a check.
 */
const options = z.strictObject({ runs: z.coerce.number().int().min(100).default(20_000) });

const INPUT: SafetyCheckInput = {
  drug: { text: 'ibuprofen' },
  others: ['sertraline', 'Concerta', 'albuterol', 'fluticasone', 'cetirizine'].map((text) => ({
    drug: { text },
    kind: 'HOME_MEDICATION' as const,
    label: text,
  })),
  allergies: [{ allergen: 'penicillin' }, { allergen: 'sulfa drugs' }, { allergen: 'amoxicillin' }],
};

const us = (ms: number) => Number((ms * 1000).toFixed(1));

export const medicationSafetyBench: Benchmark = {
  description:
    'the medication-safety check of one dose (5 other medications, 3 allergies) on the shipped dataset',
  async run(args, emit) {
    const o: Record<string, string> = {};
    for (let i = 0; i < args.length; i += 2) o[(args[i] ?? '').replace(/^--/, '')] = args[i + 1] ?? '';
    const parsed = options.safeParse(o);
    if (!parsed.success)
      throw new Error(
        `medication-safety bench: ${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    const ds = await readDataset();
    const t0 = performance.now();
    const index = buildSafetyIndex(referenceFromDataset(ds));
    emit({
      measurement: 'index',
      ms: Number((performance.now() - t0).toFixed(2)),
      drugs: index.drugs.size,
      pairs: index.pairs.size,
    });
    for (let i = 0; i < 1000; i++) checkMedication(index, INPUT); // warm up
    const times: number[] = [];
    for (let i = 0; i < parsed.data.runs; i++) {
      const t = performance.now();
      checkMedication(index, INPUT);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
    emit({
      measurement: 'check',
      runs: times.length,
      p50_us: us(at(0.5)),
      p95_us: us(at(0.95)),
      p99_us: us(at(0.99)),
      aim_us: 1000,
    });
  },
};
