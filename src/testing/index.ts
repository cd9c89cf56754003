export {
  createReferenceBackend,
  FAULT_HEADER,
  type ReferenceBackend,
  type ReferenceBackendOptions,
  type OutboxMessage,
  type OutboxKind,
  type ElevationPolicy,
  type RequestLogEntry,
  type Fault,
  type FaultRule,
} from './reference/server.js'
export { createClock, createFrozenClock, type Clock } from './reference/clock.js'
export { memoryLocks } from './locks.js'
export { installSoftwareAuthenticator, type SoftwareAuthenticator, type SoftwareCredential, type SoftwareSignal } from './authenticator.js'
export { signedInSession, totpCode, emailedLink, mountedFetch, FIXTURE_PASSWORD, FIXTURE_AUTH_URL, type FixtureUser } from './fixtures.js'
export { LOOPBACK_ORIGINS } from './origins.js'
