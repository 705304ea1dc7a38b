import { readAck, type ParsedAck } from './ack-read';
import { parseHl7, type Hl7Message, type Hl7Segment } from './parse';
import { readMsh, readObx, readOrc, readPid, readQak, readRxa, readRxr, type Obx, type Pid } from './readers';

/**
 * The RSP^K11 answer to a QBP^Q11 (CDC IG release 1.5): Z32 the complete history of the one patient matched,
 * Z31 a list of candidates (no history), Z33 no match (QAK-2 NF), too many (TM) or an error (AE/AR), Z42 the
 * evaluated history and forecast. Doses are read from each ORC/RXA/RXR/OBX group under their PID.
 */

export interface RegistryDose {
  /** YYYY-MM-DD (RXA-3). */
  readonly date: string;
  readonly cvx: string;
  readonly vaccineName: string;
  readonly ndc: string | null;
  /** RXA-6 in mL; null when 999 (unknown). */
  readonly amount: string | null;
  readonly lot: string | null;
  readonly lotExpiration: string | null;
  readonly mvx: string | null;
  /** RXA-9 00: the reporting provider gave it; 01...: historical. */
  readonly historical: boolean;
  /** RXA-20: CP complete, RE refused, NA not administered, PA partial. */
  readonly completion: string;
  /** RXA-21. */
  readonly action: string;
  readonly route: string | null;
  readonly site: string | null;
  readonly administeredAt: string | null;
  /** ORC-3, the registry's (or the reporting provider's) id of the dose. */
  readonly registryId: string | null;
  /** The OBX of the dose's group (eligibility, VIS, evaluation). */
  readonly observations: readonly { code: string; text: string; value: string; subId: string }[];
}

export interface RegistryForecast {
  readonly vaccineGroup: string;
  readonly observations: readonly { code: string; text: string; value: string }[];
}

export interface RegistryPatient {
  readonly pid: Pid;
  /** The registry's own id of the patient (PID-3 of type SR), where given. */
  readonly registryId: string | null;
  readonly doses: readonly RegistryDose[];
  readonly forecasts: readonly RegistryForecast[];
}

export type RspOutcome = 'HISTORY' | 'CANDIDATES' | 'NO_MATCH' | 'TOO_MANY' | 'ERROR';

export interface ParsedRsp {
  readonly profile: string;
  readonly queryTag: string;
  /** QAK-2: OK, NF, TM, PD, AE, AR. */
  readonly queryStatus: string;
  readonly outcome: RspOutcome;
  readonly ack: ParsedAck;
  readonly patients: readonly RegistryPatient[];
}

const isoDate = (dtm: string): string | null => {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(dtm);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
};
const orNull = (v: string | undefined): string | null => (v && v.trim() !== '' ? v.trim() : null);
const obxEntry = (o: Obx) => ({
  code: o.observation.code,
  text: o.observation.text,
  value: o.value.code,
  subId: o.subId,
});

function doseOf(orc: Hl7Segment | undefined, rxaSeg: Hl7Segment, rest: readonly Hl7Segment[]): RegistryDose {
  const rxa = readRxa(rxaSeg);
  const cvx = rxa.vaccines.find((v) => v.system.toUpperCase() === 'CVX') ?? rxa.vaccines[0];
  const ndc = rxa.vaccines.find((v) => v.system.toUpperCase() === 'NDC');
  const rxrSeg = rest.find((s) => s.name === 'RXR');
  const rxr = rxrSeg ? readRxr(rxrSeg) : undefined;
  const amount = rxa.amount.trim();
  return {
    date: isoDate(rxa.startDate) ?? '',
    cvx: cvx?.code.trim() ?? '',
    vaccineName: cvx?.text ?? '',
    ndc: orNull(ndc?.code),
    amount: amount === '' || amount === '999' ? null : amount,
    lot: orNull(rxa.lotNumbers[0]),
    lotExpiration: isoDate(rxa.expirationDates[0] ?? ''),
    mvx: orNull(rxa.manufacturers[0]?.code),
    historical: rxa.informationSource.code !== '' && rxa.informationSource.code !== '00',
    completion: rxa.completionStatus || 'CP',
    action: rxa.actionCode || 'A',
    route: orNull(rxr?.route.code),
    site: orNull(rxr?.site.code),
    administeredAt: orNull(rxa.location),
    registryId: orc ? orNull(readOrc(orc).fillerOrder) : null,
    observations: rest.filter((s) => s.name === 'OBX').map((s) => obxEntry(readObx(s))),
  };
}

/** CVX 998 "no vaccine administered" carries the forecast (Z42) rather than a dose. */
const NO_VACCINE = '998';

function patientsOf(m: Hl7Message): RegistryPatient[] {
  const out: RegistryPatient[] = [];
  let i = 0;
  const segs = m.segments;
  while (i < segs.length) {
    if (segs[i]!.name !== 'PID') {
      i++;
      continue;
    }
    const pid = readPid(segs[i]!);
    i++;
    const doses: RegistryDose[] = [];
    const forecasts: RegistryForecast[] = [];
    let orc: Hl7Segment | undefined;
    while (i < segs.length && segs[i]!.name !== 'PID') {
      const s = segs[i]!;
      if (s.name === 'ORC') orc = s;
      if (s.name === 'RXA') {
        let j = i + 1;
        while (
          j < segs.length &&
          (segs[j]!.name === 'RXR' || segs[j]!.name === 'OBX' || segs[j]!.name === 'NTE')
        )
          j++;
        const dose = doseOf(orc, s, segs.slice(i + 1, j));
        if (dose.cvx === NO_VACCINE) {
          // Z42: OBX grouped by sub-id, one group per vaccine series (30956-7 names the vaccine group).
          const groups = new Map<string, { code: string; text: string; value: string }[]>();
          for (const o of dose.observations) {
            const g = groups.get(o.subId) ?? [];
            g.push({ code: o.code, text: o.text, value: o.value });
            groups.set(o.subId, g);
          }
          for (const g of groups.values()) {
            const group = g.find((o) => o.code === '30956-7' || o.code === '30979-9')?.value ?? '';
            forecasts.push({ vaccineGroup: group, observations: g });
          }
        } else doses.push(dose);
        i = j;
        continue;
      }
      i++;
    }
    const sr = pid.identifiers.find((x) => x.type === 'SR');
    out.push({ pid, registryId: sr ? sr.id : null, doses, forecasts });
  }
  return out;
}

export function readRsp(m: Hl7Message): ParsedRsp {
  const msh = readMsh(m.segments[0]!);
  if (msh.messageType !== 'RSP')
    throw new Error(`the answer is ${msh.messageType}^${msh.triggerEvent}, not RSP^K11`);
  const ack = readAck(m);
  const qakSeg = m.segments.find((s) => s.name === 'QAK');
  const qak = qakSeg ? readQak(qakSeg) : undefined;
  const profile = msh.profiles[0]?.code ?? '';
  const status = qak?.status ?? '';
  const patients = patientsOf(m);
  const outcome: RspOutcome =
    ack.code === 'AR' || ack.code === 'AE' || status === 'AE' || status === 'AR'
      ? 'ERROR'
      : status === 'NF'
        ? 'NO_MATCH'
        : status === 'TM'
          ? 'TOO_MANY'
          : profile === 'Z31' || patients.length > 1
            ? 'CANDIDATES'
            : patients.length === 0
              ? 'NO_MATCH'
              : 'HISTORY';
  return { profile, queryTag: qak?.queryTag ?? '', queryStatus: status, outcome, ack, patients };
}

export const parseRsp = (text: string): ParsedRsp => readRsp(parseHl7(text));
