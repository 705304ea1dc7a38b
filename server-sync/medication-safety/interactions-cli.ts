import type { Command } from 'commander';
import { z } from 'zod';
import {
  buildSafetyIndex,
  checkDrugList,
  referenceFromDataset,
  type DrugListCheck,
} from '../../src-shared/medication-safety';
import { readDataset, SHIPPED_DATASET_DIR } from './read-dataset';

/**
 * `white-cross interactions --drugs "..." [--allergies "..."] [--dataset DIR]`: the medication-safety check of a
 * list of drugs (names, brand names or RxNorm codes, comma-separated) against each other and the allergies, on the
 * shipped dataset (or a dataset folder), no database. Prints the DrugListCheck as one line of JSON.
 */

/** A comma-separated list of names: each trimmed, none empty, no control characters; named by option and place. */
const nameList = (option: string, required: boolean) =>
  z
    .string()
    .transform((s) => s.split(',').map((n) => n.trim()))
    .superRefine((names, ctx) => {
      if (names.length === 1 && names[0] === '') {
        if (required)
          ctx.addIssue({ code: 'custom', message: `${option}: give at least one drug name or RxNorm code` });
        return;
      }
      names.forEach((n, i) => {
        if (n === '')
          ctx.addIssue({
            code: 'custom',
            message: `${option}: name ${i + 1} of ${names.length} is empty (two commas, or a comma at an end)`,
          });
        // eslint-disable-next-line no-control-regex
        else if (/[\u0000-\u001f\u007f]/.test(n))
          ctx.addIssue({
            code: 'custom',
            message: `${option}: name ${i + 1} (${JSON.stringify(n)}) holds a control character`,
          });
        else if (n.length > 200)
          ctx.addIssue({ code: 'custom', message: `${option}: name ${i + 1} is longer than 200 characters` });
      });
    })
    .transform((names) => names.filter((n) => n !== ''));

export const interactionsArgs = z.object({
  drugs: nameList('--drugs', true),
  allergies: nameList('--allergies', false),
});

/** Parses the options (a clear error naming the option and the name), reads the dataset, runs the check. */
export async function runInteractions(opts: {
  drugs: string;
  allergies?: string;
  dataset?: string;
}): Promise<DrugListCheck> {
  const parsed = interactionsArgs.safeParse({ drugs: opts.drugs, allergies: opts.allergies ?? '' });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('\n'));
  const ds = await readDataset(opts.dataset ?? SHIPPED_DATASET_DIR);
  const index = buildSafetyIndex(referenceFromDataset(ds));
  return checkDrugList(index, parsed.data.drugs, parsed.data.allergies);
}

export function registerInteractionsCommand(program: Command): void {
  program
    .command('interactions')
    .description(
      'check a list of drugs against each other and a list of allergies on the medication-safety dataset (no database); prints JSON {unknown, interactions, allergyConflicts}',
    )
    .requiredOption('--drugs <names>', 'comma-separated drug names, brand names or RxNorm codes')
    .option('--allergies <allergens>', 'comma-separated allergens (drugs or classes: "penicillin, sulfa")')
    .option('--dataset <dir>', `a medication-safety dataset folder (default: ${SHIPPED_DATASET_DIR})`)
    .action(async (o: { drugs: string; allergies?: string; dataset?: string }) => {
      const result = await runInteractions(o);
      process.stdout.write(`${JSON.stringify(result)}\n`);
    });
}
