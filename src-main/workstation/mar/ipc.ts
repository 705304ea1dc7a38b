import type { marSlice } from '../../../src-shared/ipc/mar';
import type { FeatureDeps, SliceHandlers } from '../handlers';
import { marToday } from './read';
import { recordDose } from './write';
import { correctDose, doseHistory, voidDose } from './correct';
import { controlledStock, recordStock } from './controlled';
import { studentDoses } from './doses';

export const marHandlers = (d: FeatureDeps): SliceHandlers<typeof marSlice> => ({
  'mar.today': () => marToday(d.ctx()),
  'mar.record': (a) => recordDose(d.ctx(), d.actor(), a),
  'mar.correct': (a) => correctDose(d.ctx(), d.actor(), a),
  'mar.void': (a) => voidDose(d.ctx(), d.actor(), a),
  'mar.history': (a) => doseHistory(d.ctx(), d.actor(), a),
  'mar.stock': () => controlledStock(d.ctx(), d.actor()),
  'mar.stockRecord': (a) => recordStock(d.ctx(), d.actor(), a),
  'mar.studentDoses': (a) => studentDoses(d.ctx(), d.actor(), a),
});
