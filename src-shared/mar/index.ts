/** MAR: standing-order doses of stock medications (pure). */
export { acetaminophenDose, describeDose, ibuprofenDose, type AnalgesicDose } from './standing-orders';
