/** Feature 26, real-time alerts: the pure rules shared by the district server, the workstation and the console. */
export { alertInstanceId, alertKey } from './keys';
export {
  ALERT_CATEGORIES,
  ALERT_DEFINITIONS,
  builtInDefinition,
  type AlertCategory,
  type AlertDef,
  type EscalationRules,
} from './catalog';
export {
  canTransition,
  escalates,
  isOpen,
  priorityRank,
  subscriptionMatches,
  type InstanceFacts,
  type SubscriptionFilter,
} from './rules';
export {
  ESCALATION_CHAIN,
  escalationNotice,
  escalationRoles,
  nextDeliveryInstant,
  nextEscalation,
  nextRetryAt,
  retryDelayMs,
  RETRY_BASE_MS,
  RETRY_MAX_MS,
  type DeliveryWindow,
  type EscalationState,
  type NextEscalation,
} from './schedule';
export {
  escapeHtml,
  formatInstant,
  renderTemplate,
  renderTemplateHtml,
  type TemplateOptions,
} from './template';
