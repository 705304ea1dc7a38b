/**
 * Enumerations shared by every layer (workstation, renderer, server). Each is a readonly tuple of
 * its allowed values plus the union type of those values; the database enforces the same lists
 * with CHECK (col IN (...)) constraints (docs/data-model.md). No TypeScript `enum`: a tuple works
 * with zod (`z.enum(UserRole)`) and erases to plain strings.
 */
// ---- Core tables and sync protocol
/** Core (auth): role of a user account; users.role. */
export const UserRole = ['NURSE', 'SCHOOL_ADMIN', 'DISTRICT_ADMIN', 'BILLING', 'AUDITOR'] as const;
export type UserRole = (typeof UserRole)[number];

/** Core (students): enrollment status of a student; students.enrollment_status. */
export const EnrollmentStatus = ['ACTIVE', 'TRANSFERRED', 'WITHDRAWN', 'GRADUATED'] as const;
export type EnrollmentStatus = (typeof EnrollmentStatus)[number];

/** Core (students): administrative sex (F, M, X = non-binary, U = unknown); students.sex. */
export const Sex = ['F', 'M', 'X', 'U'] as const;
export type Sex = (typeof Sex)[number];

/** Core (students): grade level, pre-kindergarten through 12; students.grade_level. */
export const GradeLevel = ['PK', 'K', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'] as const;
export type GradeLevel = (typeof GradeLevel)[number];

/** Core (allergies): kind of allergen; allergies.allergen_type. */
export const AllergenType = ['DRUG', 'FOOD', 'ENVIRONMENTAL', 'INSECT', 'LATEX', 'OTHER'] as const;
export type AllergenType = (typeof AllergenType)[number];

/** Core (allergies): severity of an allergy; allergies.severity. */
export const AllergySeverity = ['MILD', 'MODERATE', 'SEVERE', 'LIFE_THREATENING'] as const;
export type AllergySeverity = (typeof AllergySeverity)[number];

/** Core (health conditions): status of a chronic condition; health_conditions.status. */
export const ConditionStatus = ['ACTIVE', 'MANAGED', 'RESOLVED'] as const;
export type ConditionStatus = (typeof ConditionStatus)[number];

/** Core (medications): status of a medication order; student_medications.order_status. */
export const MedicationOrderStatus = ['ACTIVE', 'ON_HOLD', 'DISCONTINUED', 'EXPIRED'] as const;
export type MedicationOrderStatus = (typeof MedicationOrderStatus)[number];

/** Core (medications): outcome of a scheduled or PRN dose; medication_administrations.administration_status. */
export const AdministrationStatus = ['GIVEN', 'MISSED', 'REFUSED', 'HELD', 'NOT_IN_SCHOOL'] as const;
export type AdministrationStatus = (typeof AdministrationStatus)[number];

/** Core (vaccinations): where a dose record came from; vaccinations.source. */
export const VaccinationSource = ['ADMINISTERED', 'HISTORICAL', 'REGISTRY', 'SIS'] as const;
export type VaccinationSource = (typeof VaccinationSource)[number];

/** Core (vaccinations): body site of an injection (HL7 table 0163 style codes); vaccinations.site. */
export const VaccinationSite = [
  'LA',
  'RA',
  'LT',
  'RT',
  'LD',
  'RD',
  'LG',
  'RG',
  'LVL',
  'RVL',
  'NS',
  'OTHER',
] as const;
export type VaccinationSite = (typeof VaccinationSite)[number];

/** Core (vaccinations): route of administration; vaccinations.route. */
export const VaccinationRoute = ['IM', 'SC', 'ID', 'PO', 'IN', 'OTHER'] as const;
export type VaccinationRoute = (typeof VaccinationRoute)[number];

/** Core (immunization exemptions): reason a student is exempt from a vaccine requirement; immunization_exemptions.exemption_type. */
export const ExemptionType = [
  'MEDICAL',
  'RELIGIOUS',
  'PHILOSOPHICAL',
  'LAB_EVIDENCE_OF_IMMUNITY',
  'HISTORY_OF_DISEASE',
] as const;
export type ExemptionType = (typeof ExemptionType)[number];

/** Core (audit): action recorded in the hash-chained audit log; audit_logs.action. */
export const AuditAction = [
  'CREATE',
  'READ',
  'UPDATE',
  'DELETE',
  'LOGIN',
  'LOGIN_FAILED',
  'LOGOUT',
  'EXPORT',
  'PRINT',
  'SHARE',
  'BREAK_GLASS',
  'SYNC_PUSH',
  'SYNC_PULL',
  'ADMIN',
] as const;
export type AuditAction = (typeof AuditAction)[number];

/** Sync protocol: operation of a change (REMOVE = drop from a school's workstations, e.g. a transfer); sync_changes.operation. */
export const SyncOperation = ['UPSERT', 'DELETE', 'REMOVE'] as const;
export type SyncOperation = (typeof SyncOperation)[number];

/** Sync protocol: kind of conflict the server decided; sync_conflicts.conflict_type. */
export const ConflictType = ['FIELD_LWW', 'EDIT_AFTER_DELETE', 'CONSTRAINT'] as const;
export type ConflictType = (typeof ConflictType)[number];

/** Sync protocol: review status of a conflict; sync_conflicts.status. */
export const ConflictStatus = ['OPEN', 'RESOLVED'] as const;
export type ConflictStatus = (typeof ConflictStatus)[number];

/** Sync protocol: how a reviewed conflict was resolved; sync_conflicts.resolution. */
export const ConflictResolution = ['KEPT_WINNER', 'APPLIED_LOSER', 'MERGED'] as const;
export type ConflictResolution = (typeof ConflictResolution)[number];

// ---- Spec: New Enum Definitions
/** Feature 30, PHI disclosure tracking: HIPAA purpose of a disclosure. */
export const PHIDisclosureType = [
  'TREATMENT',
  'PAYMENT',
  'HEALTHCARE_OPERATIONS',
  'PUBLIC_HEALTH',
  'ABUSE_NEGLECT',
  'JUDICIAL_PROCEEDING',
  'LAW_ENFORCEMENT',
  'RESEARCH',
  'PATIENT_REQUEST',
  'DIRECTORY_LISTING',
  'EMERGENCY',
  'OTHER',
] as const;
export type PHIDisclosureType = (typeof PHIDisclosureType)[number];

/** Feature 30, PHI disclosure tracking: how much of the record was disclosed. */
export const DisclosureScope = ['MINIMUM_NECESSARY', 'FULL_RECORD', 'PARTIAL'] as const;
export type DisclosureScope = (typeof DisclosureScope)[number];

/** Feature 30, PHI disclosure tracking: kind of recipient of a disclosure. */
export const RecipientType = [
  'INDIVIDUAL',
  'ORGANIZATION',
  'GOVERNMENT_AGENCY',
  'INSURANCE_COMPANY',
  'HEALTHCARE_PROVIDER',
  'ATTORNEY',
  'COURT',
  'PARENT_GUARDIAN',
  'SCHOOL_OFFICIAL',
  'OTHER',
] as const;
export type RecipientType = (typeof RecipientType)[number];

/** Feature 32, encryption key management: lifecycle status of a data key. */
export const EncryptionKeyStatus = [
  'PENDING',
  'ACTIVE',
  'ROTATING',
  'RETIRED',
  'REVOKED',
  'COMPROMISED',
] as const;
export type EncryptionKeyStatus = (typeof EncryptionKeyStatus)[number];

/** Feature 32, encryption key management: why a key was rotated. */
export const KeyRotationType = ['SCHEDULED', 'EMERGENCY', 'COMPROMISED', 'MANUAL', 'POLICY_CHANGE'] as const;
export type KeyRotationType = (typeof KeyRotationType)[number];

/** Feature 32, encryption key management: classification of an encrypted field. */
export const DataClassification = ['PHI', 'PII', 'SENSITIVE', 'CONFIDENTIAL', 'PUBLIC'] as const;
export type DataClassification = (typeof DataClassification)[number];

/** Feature 33, tamper alert system: kind of integrity violation detected. */
export const TamperAlertType = [
  'CHECKSUM_MISMATCH',
  'UNAUTHORIZED_MODIFICATION',
  'LOG_TAMPERING',
  'DELETED_RECORD',
  'SUSPICIOUS_PATTERN',
] as const;
export type TamperAlertType = (typeof TamperAlertType)[number];

/** Feature 33, tamper alert system: severity of a tamper alert. */
export const TamperAlertSeverity = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type TamperAlertSeverity = (typeof TamperAlertSeverity)[number];

/** Feature 33, tamper alert system: investigation status of a tamper alert. */
export const TamperResolutionStatus = [
  'OPEN',
  'INVESTIGATING',
  'FALSE_POSITIVE',
  'CONFIRMED',
  'RESOLVED',
] as const;
export type TamperResolutionStatus = (typeof TamperResolutionStatus)[number];

/** Feature 48, drug interaction checker: severity of a drug-drug interaction. */
export const DrugInteractionSeverity = ['MINOR', 'MODERATE', 'MAJOR', 'CONTRAINDICATED'] as const;
export type DrugInteractionSeverity = (typeof DrugInteractionSeverity)[number];

/** Feature 48, drug interaction checker: therapeutic class of a drug. */
export const DrugClass = [
  'ANALGESIC',
  'ANTIBIOTIC',
  'ANTIHISTAMINE',
  'ANTIHYPERTENSIVE',
  'BRONCHODILATOR',
  'STIMULANT',
  'INSULIN',
  'OTHER',
] as const;
export type DrugClass = (typeof DrugClass)[number];

/** Feature 37, outbreak detection: status of an outbreak alert. */
export const OutbreakStatus = ['INVESTIGATING', 'CONFIRMED', 'CONTAINED', 'RESOLVED'] as const;
export type OutbreakStatus = (typeof OutbreakStatus)[number];

/** Feature 37, outbreak detection: category of disease a pattern watches for. */
export const DiseaseCategory = [
  'RESPIRATORY',
  'GASTROINTESTINAL',
  'SKIN_INFECTION',
  'COMMUNICABLE_DISEASE',
  'VECTOR_BORNE',
] as const;
export type DiseaseCategory = (typeof DiseaseCategory)[number];

/** Feature 26, real-time alerts: priority of an alert. */
export const AlertPriority = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL', 'EMERGENCY'] as const;
export type AlertPriority = (typeof AlertPriority)[number];

/** Feature 26, real-time alerts: status of an alert instance. */
export const AlertStatus = ['ACTIVE', 'ACKNOWLEDGED', 'ESCALATED', 'RESOLVED', 'EXPIRED'] as const;
export type AlertStatus = (typeof AlertStatus)[number];

/** Feature 26, real-time alerts: channel an alert is delivered on. */
export const AlertDeliveryChannel = ['IN_APP', 'EMAIL', 'SMS', 'PUSH', 'VOICE'] as const;
export type AlertDeliveryChannel = (typeof AlertDeliveryChannel)[number];

/** Feature 17, clinic visit tracking: triage level of a clinic visit. */
export const VisitSeverityTriage = ['ROUTINE', 'URGENT', 'EMERGENCY'] as const;
export type VisitSeverityTriage = (typeof VisitSeverityTriage)[number];

/** Feature 44, Medicaid billing: status of an eligibility verification. */
export const MedicaidEligibilityStatus = ['PENDING', 'VERIFIED', 'EXPIRED', 'DENIED'] as const;
export type MedicaidEligibilityStatus = (typeof MedicaidEligibilityStatus)[number];

/** Feature 44, Medicaid billing: status of a billing claim. */
export const ClaimStatus = ['DRAFT', 'READY', 'SUBMITTED', 'PENDING', 'PAID', 'DENIED', 'ADJUSTED'] as const;
export type ClaimStatus = (typeof ClaimStatus)[number];

/** Feature 43, state registry integration: kind of state registry. */
export const RegistryType = ['IMMUNIZATION', 'BIRTH_DEFECTS', 'REPORTABLE_DISEASE'] as const;
export type RegistryType = (typeof RegistryType)[number];

/** Feature 43, state registry integration: HL7 v2 message type (VXU vaccination update, QBP query by parameter, RSP response, ADT admission/discharge/transfer). */
export const HL7MessageType = ['VXU', 'QBP', 'RSP', 'ADT'] as const;
export type HL7MessageType = (typeof HL7MessageType)[number];

/** Feature 42, SIS integration: student information system vendor. */
export const SISVendor = [
  'POWERSCHOOL',
  'INFINITE_CAMPUS',
  'SKYWARD',
  'ASPEN',
  'SYNERGY',
  'ESCHOOL',
  'OTHER',
] as const;
export type SISVendor = (typeof SISVendor)[number];

/** Feature 42, SIS integration: direction of an SIS sync. */
export const SyncDirection = ['IMPORT_ONLY', 'EXPORT_ONLY', 'BIDIRECTIONAL'] as const;
export type SyncDirection = (typeof SyncDirection)[number];

/** Feature 35, PDF reports: category of a report definition; report_definitions.report_category. */
export const ReportCategory = [
  'HEALTH',
  'IMMUNIZATION',
  'COMPLIANCE',
  'INCIDENT',
  'MEDICATION',
  'ANALYTICS',
  'CUSTOM',
] as const;
export type ReportCategory = (typeof ReportCategory)[number];

/** Feature 35, PDF reports: status of a generated report; report_instances.generation_status. */
export const ReportGenerationStatus = ['GENERATING', 'COMPLETED', 'FAILED'] as const;
export type ReportGenerationStatus = (typeof ReportGenerationStatus)[number];

/** Feature 38, export scheduling: file format of an export; scheduled_exports.export_format. */
export const ExportFormat = ['CSV', 'EXCEL', 'JSON', 'XML', 'HL7', 'EDI', 'PDF'] as const;
export type ExportFormat = (typeof ExportFormat)[number];

/** Feature 38, export scheduling: where an export is delivered; scheduled_exports.destination_type. */
export const ExportDestinationType = ['SFTP', 'S3', 'EMAIL', 'LOCAL_STORAGE', 'API_ENDPOINT'] as const;
export type ExportDestinationType = (typeof ExportDestinationType)[number];

// ---- Status and kind columns of the reporting, document sharing and export tables
/** Feature 35, PDF reports: output type of a report template; report_definitions.template_type. */
export const ReportTemplateType = ['PDF', 'EXCEL', 'CSV', 'HTML'] as const;
export type ReportTemplateType = (typeof ReportTemplateType)[number];

/** Feature 35, PDF reports: engine that renders a report template; report_definitions.template_engine. */
export const ReportTemplateEngine = ['JSPDF', 'HANDLEBARS', 'PUPPETEER'] as const;
export type ReportTemplateEngine = (typeof ReportTemplateEngine)[number];

/** Feature 35, PDF reports: page orientation of a report; report_definitions.page_orientation. */
export const PageOrientation = ['PORTRAIT', 'LANDSCAPE'] as const;
export type PageOrientation = (typeof PageOrientation)[number];

/** Feature 35, PDF reports: paper size of a report; report_definitions.page_size. */
export const PageSize = ['LETTER', 'A4', 'LEGAL'] as const;
export type PageSize = (typeof PageSize)[number];

/** Feature 35, PDF reports: level of a report generation log entry; report_generation_log.log_level. */
export const ReportLogLevel = ['INFO', 'WARNING', 'ERROR'] as const;
export type ReportLogLevel = (typeof ReportLogLevel)[number];

/** Feature 21, secure document sharing: status of a document share; shared_documents.share_status. */
export const ShareStatus = ['ACTIVE', 'EXPIRED', 'REVOKED', 'EXHAUSTED'] as const;
export type ShareStatus = (typeof ShareStatus)[number];

/** Feature 21, secure document sharing: what a sharing permission allows; sharing_permissions.permission_type. */
export const SharePermissionType = ['VIEW', 'DOWNLOAD', 'PRINT', 'ANNOTATE'] as const;
export type SharePermissionType = (typeof SharePermissionType)[number];

/** Feature 21, secure document sharing: kind of access attempt audited; share_access_audit.access_type. */
export const ShareAccessType = ['VIEW', 'DOWNLOAD', 'PRINT', 'DENIED'] as const;
export type ShareAccessType = (typeof ShareAccessType)[number];

/** Feature 38, export scheduling: what an export contains (the spec names the first three; CUSTOM for anything else); scheduled_exports.export_type, export_history.export_type. */
export const ExportType = [
  'STUDENT_ROSTER',
  'IMMUNIZATION_COMPLIANCE',
  'MEDICAID_CLAIMS',
  'CLINIC_VISITS',
  'MEDICATION_ADMINISTRATION',
  'HEALTH_CONDITIONS',
  'ALLERGIES',
  'PHI_DISCLOSURES',
  'AUDIT_LOG',
  'CUSTOM',
] as const;
export type ExportType = (typeof ExportType)[number];

/** Feature 38, export scheduling: how often a scheduled export runs (CUSTOM uses schedule_cron_expression); scheduled_exports.schedule_frequency. */
export const ExportScheduleFrequency = ['HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'CUSTOM'] as const;
export type ExportScheduleFrequency = (typeof ExportScheduleFrequency)[number];

/** Feature 38, export scheduling: status of one export run; export_jobs.job_status. */
export const ExportJobStatus = ['RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
export type ExportJobStatus = (typeof ExportJobStatus)[number];

/** Feature 38, export scheduling: what started an export run; export_jobs.trigger_type. */
export const ExportTriggerType = ['SCHEDULED', 'MANUAL', 'API'] as const;
export type ExportTriggerType = (typeof ExportTriggerType)[number];

/** Feature 38, export scheduling: delivery status of an export file at its destination; export_jobs.destination_delivery_status. */
export const ExportDeliveryStatus = ['PENDING', 'SENT', 'FAILED'] as const;
export type ExportDeliveryStatus = (typeof ExportDeliveryStatus)[number];
