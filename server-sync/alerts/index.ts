/**
 * Feature 26, alerts on the district server: raising (deduplicated by key), delivery per recipient and channel
 * (in the app, e-mail through SMTP, SMS and voice through a provider) with retries, quiet hours and escalation on
 * the job queue, the server's triggers, the routes and the SSE stream.
 */
export { alertRoutes, type AlertRoutesOptions } from './routes';
export { raiseAlert, transitionAlert, expireDue, type RaiseAlertInput } from './service';
export { alertJobs, alertJobsWith } from './jobs';
export { channelsFromConfig, type DeliveryChannels } from './channels';
export { deliverOne } from './delivery';
export { escalateAlert } from './escalate';
export { sweepAlerts } from './sweep';
export {
  raiseImmunizationOverdueAlerts,
  raiseSyncConflictAlerts,
  raiseWorkstationSilentAlerts,
} from './triggers';
export { smtpEmailSender, messageIdOf, type EmailSender } from './adapters/email';
export { twilioSmsProvider, e164, SmsProviderError, type SmsProvider } from './adapters/sms-twilio';
export { JOB as ALERT_JOB } from './plan';
export type { JobDefinition, JobRunContext, JobSender } from '../jobs';
