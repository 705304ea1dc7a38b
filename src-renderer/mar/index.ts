/** MAR (renderer): today's medication administration record. */
export { Mar } from './Mar';
export { StockPage } from './StockPage';
export { ChartDoses } from './ChartDoses';
