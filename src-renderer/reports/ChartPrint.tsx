import { useState } from 'react';
import { localDate } from '../../src-shared/time';
import { displayTimeZone } from '../lib/format';
import { PrintMenu, type PrintItem } from './PrintMenu';

/**
 * The chart's Print menu: the health summary, the emergency card, the MAR sheet of a month (this month unless the
 * nurse picks another) and the immunization record. Emergency access prints the summary and the card only.
 */
export function ChartPrint(props: { studentId: string; readOnly: boolean }) {
  const [month, setMonth] = useState(() => localDate(Date.now(), displayTimeZone()).slice(0, 7));
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  const items: PrintItem[] = [
    { label: 'Health summary', request: { report: 'healthSummary', studentId: props.studentId } },
    { label: 'Emergency card', request: { report: 'emergencyCard', studentId: props.studentId } },
    ...(props.readOnly
      ? []
      : [
          ...(valid
            ? [{ label: 'MAR sheet', request: { report: 'marSheet', studentId: props.studentId, month } } as const]
            : []),
          {
            label: 'Immunization record',
            request: { report: 'immunizationRecord', studentId: props.studentId },
          } as const,
        ]),
  ];
  return (
    <PrintMenu items={items} label="Print…">
      {props.readOnly ? null : (
        <label className="print-month">
          MAR sheet month
          <input type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
        </label>
      )}
    </PrintMenu>
  );
}
