/** @fairledger/issuer-service: start/stop the service, provision identities, configuration. */
export { startIssuerService, type IssuerService, type ProvisionRequest, type StartOptions } from "./service.ts";
export { parseConfig, configFromEnv, issuerConfigSchema, type IssuerConfig, type IssuerConfigInput } from "./config.ts";
export { ServiceError, SERVICE_ERRORS, type ServiceErrorCode } from "./errors.ts";
export { credentialJsonSchema, SUBJECT_SCHEMAS, SCHEMA_FILE } from "@fairledger/common";
export { loadOrCreateDevSecrets, type ServiceSecrets } from "./dev-secrets.ts";
