/**
 * How names are compared: Unicode-normalized (NFKC), lower case, every run of spaces and punctuation one space
 * ("Amoxicillin/Clavulanate", "amoxicillin / clavulanate" and "AMOXICILLIN-CLAVULANATE" are the same text). This is
 * exact matching that ignores case, spacing and punctuation; nothing is guessed (no spelling correction, no prefix).
 */
export const normalizeText = (s: string): string =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** The catalog's name of a shipped drug (drug_catalog.drug_name): its generic name with a capital first letter. */
export const catalogName = (genericName: string): string =>
  genericName.charAt(0).toUpperCase() + genericName.slice(1);

/** The ingredients of a generic name ("amoxicillin / clavulanate" -> ["amoxicillin", "clavulanate"]), normalized. */
export const ingredientsOf = (genericName: string): string[] =>
  genericName
    .split('/')
    .map(normalizeText)
    .filter((s) => s !== '');
