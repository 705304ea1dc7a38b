import type { Faker } from '@faker-js/faker';
import { npiOf } from '../../../src-shared/billing';

/** A valid NPI drawn from the section's random stream: individual providers start with 1, organizations with 2. */
export function makeNpi(f: Faker, kind: 'individual' | 'organization'): string {
  return npiOf(
    `${kind === 'individual' ? '1' : '2'}${f.string.numeric({ length: 8, allowLeadingZeros: true })}`,
  );
}
