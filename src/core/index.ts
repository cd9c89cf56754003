// keyward/core: the session engine, the backends' contract and the flows as plain functions, with no
// React anywhere below it — for workers, servers, React Native, Next.js server components, other
// frameworks. `keyward` (the React API) re-exports the engine's pieces an app configures, not the flows.
export { createAuthClient, type AuthClient, type AuthClientOptions } from './client.js'
export { AuthError, AuthErrorCode, isAuthError, isTransient, type AuthErrorOptions } from './errors.js'
export { memoryStorage, localStorageStorage, sessionStorageStorage, type TokenStorage } from './storage.js'
export { parseStoredSession } from './persistence.js'
export { cookieStorage, type CookieStorageOptions } from './cookie-storage.js'
export { viaTokenRoute, type TokenRouteClientOptions } from './token-route.js'
export { decodeJwtClaims } from './jwt.js'
export { capabilitiesOf, withoutCapabilities } from './capabilities.js'
export { signInFlow, type SignInFlow, type SignInSnapshot, type SignInStep } from './sign-in.js'
export type { LockManagerLike } from './lock.js'
export { broadcastChannelSync, type SyncChannel, type SyncMessage } from './sync.js'
export type * from './backend.js'
export type { AuthSnapshot, AuthStatus, Session, User } from './types.js'
export * from './flows/index.js'
