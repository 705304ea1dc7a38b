import { authBench } from './auth.bench';
import { immunizationsBench } from './immunizations.bench';
import { medicationSafetyBench } from './medication-safety.bench';
import { outbreaksBench } from './outbreaks.bench';
import { reportsBench } from './reports.bench';
import { seedBench } from './seed.bench';
import { sisBench } from './sis.bench';
import { syncBench } from './sync.bench';
import { workstationBench } from './workstation.bench';

export type Measurement = Record<string, string | number | boolean | null>;
export interface Benchmark {
  readonly description: string;
  run(args: string[], emit: (m: Measurement) => void): Promise<void>;
}

/** Later issues add their benchmarks here (sync, workstation, ...). */
export const benchmarks: Readonly<Record<string, Benchmark>> = Object.freeze({
  auth: authBench,
  immunizations: immunizationsBench,
  'medication-safety': medicationSafetyBench,
  outbreaks: outbreaksBench,
  reports: reportsBench,
  seed: seedBench,
  sis: sisBench,
  sync: syncBench,
  workstation: workstationBench,
});
