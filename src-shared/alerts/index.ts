/** Feature 26, real-time alerts: the pure rules shared by the district server, the workstation and the console. */
export { alertInstanceId, alertKey } from './keys';
