export {
  createReferenceBackend,
  type ReferenceBackend,
  type ReferenceBackendOptions,
  type OutboxMessage,
  type RequestLogEntry,
  type Fault,
  type FaultRule,
} from './reference/server.ts'
export { createClock, createFrozenClock, type Clock } from './reference/clock.ts'
export { memoryLocks } from './locks.ts'
