/** The state immunization registry on the district server (feature 43): submissions, transport, jobs, CLI. */
export { makeRegistryJobs, REGISTRY_SUBMIT, REGISTRY_SWEEP, sweepRegistry } from './jobs';
export { queueDoseSubmissions, readyConnections, resubmit, type ResubmitResult } from './queue';
export { backoffMs, submitSubmission, type SubmitDeps, type SubmitOutcome } from './submit';
export {
  storeRegistryCredentials,
  loadRegistryCredentials,
  sealRegistrySecrets,
  CredentialError,
} from './credentials';
export { checkClientCertificate, inspectCertificate, CertificateError } from './certificate';
export { connectivityTest, submitSingleMessage, TransportError, type IisEndpoint } from './transport';
export { doseForRegistry, activeConnection, RegistryDataError } from './vxu-source';
export { registerRegistryCommands, type RegistryCliDeps } from './cli';
export { parseReport, type ParseReport } from './parse-report';
export { registryRoutes, type RegistryRoutesOptions } from './routes';
