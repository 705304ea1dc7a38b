/** Today (renderer): today's clinic, and the triage badge other screens show. */
export { Today, TriageBadge } from './Today';
