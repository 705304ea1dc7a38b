/** The medication (MAR) seed: the school formulary, medication orders and their scheduled doses. */
export { FORMULARY, type FormularyItem } from './formulary-data';
export { formularyName, seedFormulary } from './formulary';
export { seedOrders, type AdministrationEvent, type OrderRec, type OrdersResult } from './orders';
export { seedMarLedger } from './ledger';
