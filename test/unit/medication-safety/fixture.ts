import {
  buildSafetyIndex,
  pairKey,
  referenceId,
  type InteractionSeverity,
  type OtherMedication,
  type OtherMedicationKind,
  type SafetyClass,
  type SafetyClassRule,
  type SafetyCrossReactivity,
  type SafetyDrug,
  type SafetyIndex,
  type SafetyInteraction,
} from '../../../src-shared/medication-safety';

/**
 * A small hand-made reference for the rules' tests: drugs by key (id = referenceId('drug', key), as the tables), a
 * class tree with parents, pairs, class rules and cross-reactivity rows written out in a line each.
 */

export const drugId = (key: string): string => referenceId('drug', key);

export function drug(key: string, classes: string[], extra: Partial<SafetyDrug> = {}): SafetyDrug {
  return {
    id: drugId(key),
    name: key.charAt(0).toUpperCase() + key.slice(1),
    genericName: key,
    brandNames: [],
    rxnorm: null,
    classes,
    schedule: null,
    local: false,
    ...extra,
  };
}

export const cls = (
  code: string,
  kind: SafetyClass['kind'] = 'PHARMACOLOGIC',
  parent: string | null = null,
  aliases: string[] = [],
): SafetyClass => ({ code, name: code.toLowerCase().replace(/_/g, ' '), kind, parent, aliases });

const facts = (severity: InteractionSeverity, what: string) => ({
  severity,
  type: 'PHARMACODYNAMIC' as const,
  mechanism: `mechanism of ${what}`,
  clinicalEffect: `effect of ${what}`,
  management: `management of ${what}`,
  evidence: 'CLINICAL_STUDY' as const,
  source: `source of ${what}`,
  sourceDate: '2026-12-07',
});

export function pair(a: string, b: string, severity: InteractionSeverity): SafetyInteraction {
  const [x, y] = [drugId(a), drugId(b)].sort();
  return {
    id: referenceId('interaction', pairKey(a, b)),
    drugA: x!,
    drugB: y!,
    oncHighPriority: false,
    ...facts(severity, `${a}+${b}`),
  };
}

export function rule(a: string, b: string, severity: InteractionSeverity): SafetyClassRule {
  const [x, y] = [a, b].sort();
  return {
    id: referenceId('class-rule', pairKey(a, b)),
    classA: x!,
    classB: y!,
    ...facts(severity, `${a}+${b}`),
  };
}

export function cross(
  from: string,
  to: string,
  evidence: SafetyCrossReactivity['evidence'],
  severity: InteractionSeverity,
): SafetyCrossReactivity {
  return {
    id: referenceId('cross-reactivity', `${from}>${to}`),
    allergyClass: from,
    reactsWith: to,
    evidence,
    note: `note ${from}>${to}`,
    severity,
    source: `source ${from}>${to}`,
    sourceDate: '2026-12-07',
  };
}

export function index(parts: {
  drugs: SafetyDrug[];
  classes?: SafetyClass[];
  pairs?: SafetyInteraction[];
  rules?: SafetyClassRule[];
  cross?: SafetyCrossReactivity[];
}): SafetyIndex {
  return buildSafetyIndex({
    version: 'test',
    drugs: parts.drugs,
    classes: parts.classes ?? [],
    interactions: parts.pairs ?? [],
    classRules: parts.rules ?? [],
    crossReactivity: parts.cross ?? [],
    severityLevels: [],
  });
}

export const other = (text: string, kind: OtherMedicationKind = 'ACTIVE_ORDER'): OtherMedication => ({
  drug: { text },
  kind,
  label: `${text} (${kind})`,
});
