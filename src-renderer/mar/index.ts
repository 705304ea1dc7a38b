/** MAR (renderer): today's medication administration record. */
export { Mar } from './Mar';
