import type { FactSource, MedicationSafetyDataset } from './dataset';
import { crossReactivityKey, pairKey, referenceId } from './ids';
import type { SafetyReference } from './reference';
import { catalogName } from './text';

/**
 * The reference the rules read, made from the shipped files (the CLI, tests): the same ids as the reference tables
 * (referenceId of the drug key, class code, pair key...), a pair stored with drugA < drugB (ids, bytewise) and a
 * class rule with classA <= classB, as the loader stores them. A fact's `source` is the citation of its manifest
 * source (sourceCitation), `sourceDate` the date it was read.
 */

/** The citation of a manifest source, as stored in the tables' `source` columns: the source's title. */
export function sourceCitation(ds: Pick<MedicationSafetyDataset, 'manifest'>, sourceId: string): string {
  return ds.manifest.sources.find((s) => s.id === sourceId)?.title ?? sourceId;
}

export function referenceFromDataset(ds: MedicationSafetyDataset): SafetyReference {
  const cite = (s: FactSource) => ({ source: sourceCitation(ds, s.source), sourceDate: s.date });
  const drugId = (key: string) => referenceId('drug', key);
  return {
    version: ds.manifest.version,
    drugs: ds.drugs.map((d) => ({
      id: drugId(d.key),
      name: catalogName(d.genericName),
      genericName: d.genericName,
      brandNames: d.brandNames,
      rxnorm: d.rxnorm,
      classes: d.classes,
      schedule: d.schedule ?? null,
      local: false,
    })),
    classes: ds.classes.map((c) => ({
      code: c.code,
      name: c.name,
      kind: c.kind,
      parent: c.parent ?? null,
      aliases: c.aliases,
    })),
    interactions: ds.interactions.map((x) => {
      const [a, b] = [drugId(x.drugs[0]), drugId(x.drugs[1])].sort();
      return {
        id: referenceId('interaction', pairKey(x.drugs[0], x.drugs[1])),
        drugA: a!,
        drugB: b!,
        severity: x.severity,
        type: x.type,
        mechanism: x.mechanism,
        clinicalEffect: x.clinicalEffect,
        management: x.management,
        evidence: x.evidence,
        oncHighPriority: x.oncHighPriority,
        ...cite(x.source),
      };
    }),
    classRules: ds.classRules.map((r) => {
      const [a, b] = [...r.classes].sort();
      return {
        id: referenceId('class-rule', pairKey(r.classes[0], r.classes[1])),
        classA: a!,
        classB: b!,
        severity: r.severity,
        type: r.type,
        mechanism: r.mechanism,
        clinicalEffect: r.clinicalEffect,
        management: r.management,
        evidence: r.evidence,
        ...cite(r.source),
      };
    }),
    crossReactivity: ds.crossReactivity.map((r) => ({
      id: referenceId('cross-reactivity', crossReactivityKey(r.allergyClass, r.reactsWith)),
      allergyClass: r.allergyClass,
      reactsWith: r.reactsWith,
      evidence: r.evidence,
      note: r.note,
      severity: r.severity,
      ...cite(r.source),
    })),
    severityLevels: ds.severityLevels.map((l) => ({
      severity: l.severity,
      rank: l.rank,
      displayName: l.displayName,
      color: l.color,
      guidance: l.guidance,
      alertThreshold: l.alertThreshold,
      requirePhysicianApproval: l.requirePhysicianApproval,
      preventPrescribing: l.preventPrescribing,
    })),
  };
}
