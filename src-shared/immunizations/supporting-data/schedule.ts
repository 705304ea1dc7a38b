import { z } from 'zod';
import type { ScheduleSupportingData } from './model';
import {
  cvx,
  duration,
  entries,
  many,
  node,
  nullable,
  nullableProse,
  one,
  opt,
  parseTree,
  prose,
  required,
  requiredDuration,
  word,
  xmlTree,
  yesNoOrEmpty,
} from './xml';

/**
 * ScheduleSupportingData.xml (ScheduleSupportingData.xsd): live-virus conflicts, vaccine groups and their antigens,
 * the CVX-to-antigen map, and the coded observations. A file that does not follow the XSD is refused with every
 * problem, each naming the file and the element's path.
 */

const vaccine = node({ vaccineType: one(required), cvx: one(cvx) });

/** The whole file, as zod reads it (exported for the test that compares its elements with the XSD). */
export const scheduleFile = z.object({
  scheduleSupportingData: node({
    liveVirusConflicts: node({
      liveVirusConflict: entries({
        previous: vaccine,
        current: vaccine,
        conflictBeginInterval: one(requiredDuration),
        minConflictEndInterval: one(requiredDuration),
        conflictEndInterval: one(requiredDuration),
      }),
    }),
    vaccineGroups: node({
      vaccineGroup: entries({ name: one(required), administerFullVaccineGroup: one(yesNoOrEmpty) }),
    }),
    vaccineGroupToAntigenMap: node({
      vaccineGroupMap: entries({ name: one(required), antigen: many(required) }),
    }),
    cvxToAntigenMap: node({
      cvxMap: entries({
        cvx: one(cvx),
        shortDescription: one(prose),
        association: entries({
          antigen: one(required),
          associationBeginAge: opt(duration),
          associationEndAge: opt(duration),
        }),
      }),
    }),
    observations: node({
      observation: entries({
        observationCode: one(required),
        observationTitle: one(prose),
        group: one(nullable),
        indicationText: one(nullableProse),
        contraindicationText: one(nullableProse),
        clarifyingText: one(nullableProse),
        codedValues: many(
          z.preprocess(
            (v) => (v === '' ? {} : v),
            z.object({
              codedValue: entries({
                code: one(required),
                codeSystem: one(word(['SNOMED', 'CVX', 'CDCPHINVS'])),
                text: one(prose),
              }),
            }),
          ),
        ),
      }),
    }),
  }),
});

/** Parses the schedule file. */
export function parseScheduleXml(fileName: string, xml: string): ScheduleSupportingData {
  const { scheduleSupportingData: s } = parseTree(fileName, scheduleFile, xmlTree(fileName, xml));
  return {
    liveVirusConflicts: s.liveVirusConflicts.liveVirusConflict,
    vaccineGroups: s.vaccineGroups.vaccineGroup,
    vaccineGroupToAntigenMap: s.vaccineGroupToAntigenMap.vaccineGroupMap.map((m) => ({
      name: m.name,
      antigens: m.antigen,
    })),
    cvxToAntigenMap: s.cvxToAntigenMap.cvxMap.map((m) => ({
      cvx: m.cvx,
      shortDescription: m.shortDescription,
      associations: m.association.map((a) => ({
        antigen: a.antigen,
        associationBeginAge: a.associationBeginAge ?? null,
        associationEndAge: a.associationEndAge ?? null,
      })),
    })),
    observations: s.observations.observation.map((o) => ({
      ...o,
      codedValues: o.codedValues.flatMap((c) => c.codedValue),
    })),
  };
}
