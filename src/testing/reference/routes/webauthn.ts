import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server'
import { fail, isObject, json, type Kit, type Routes, type StoredCredential, type UserRecord } from '../kit.js'

type Purpose = 'signin' | 'signup' | 'add' | 'elevate'

interface Challenge {
  purpose: Purpose
  expiresAt: number
  /** The signed-in user an `add` or `elevate` challenge was issued to. */
  userId?: string
  /** What a `signup` challenge will create. */
  signUp?: { email: string; displayName: string; webauthnUserId: string; redirectTo: string }
}

const FIVE_MINUTES = 5 * 60_000

function clientData(credential: unknown): { challenge: string; origin: string } {
  try {
    const encoded = (credential as { response: { clientDataJSON: string } }).response.clientDataJSON
    const text = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'))
    const data = JSON.parse(text) as { challenge?: unknown; origin?: unknown }
    if (typeof data.challenge === 'string' && typeof data.origin === 'string') return { challenge: data.challenge, origin: data.origin }
  } catch {
    // fall through
  }
  return fail(400, 'request-validation-error', 'credential is not a WebAuthn response')
}

/**
 * Passkeys with real attestation and assertion verification (@simplewebauthn/server). Each challenge
 * is single-use, expires after `timeout` (five minutes unless set), and is bound to what it was issued for: a sign-up, the
 * signed-in user adding a key, or that user's elevation.
 */
export function webauthnRoutes(kit: Kit, rpName: string, timeout: number = FIVE_MINUTES): Routes {
  const challenges = new Map<string, Challenge>()

  /** The relying party is the app's origin, as long as it is one the server trusts. */
  function relyingParty(origin: string) {
    if (!kit.isAllowedUrl(origin)) fail(400, 'request-validation-error', kit.notAllowed(origin, 'passkey origin'))
    return { origin, rpID: new URL(origin).hostname }
  }

  function rpFromRequest(request: Request) {
    return relyingParty(request.headers.get('origin') ?? new URL(kit.options.clientUrl).origin)
  }

  function remember(challenge: string, record: Omit<Challenge, 'expiresAt'>) {
    challenges.set(challenge, { ...record, expiresAt: kit.clock.now() + timeout })
  }

  /** Takes (and spends) the challenge the credential answers, if it was issued for this purpose and user. */
  function takeChallenge(credential: unknown, purpose: Purpose, userId?: string) {
    const data = clientData(credential)
    const record = challenges.get(data.challenge)
    challenges.delete(data.challenge)
    if (!record || record.purpose !== purpose || record.expiresAt <= kit.clock.now() || (userId && record.userId !== userId)) {
      return fail(401, 'invalid-request', 'The passkey challenge is unknown, expired or already used')
    }
    return { ...record, ...relyingParty(data.origin), challenge: data.challenge }
  }

  async function registration(user: { webauthnUserId: string; email: string; displayName: string; credentials: StoredCredential[] }, rpID: string) {
    return generateRegistrationOptions({
      rpName,
      rpID,
      userName: user.email,
      userDisplayName: user.displayName,
      userID: new TextEncoder().encode(user.webauthnUserId),
      attestationType: 'none',
      timeout,
      excludeCredentials: user.credentials.map((c) => ({ id: c.id, transports: c.transports as AuthenticatorTransport[] })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
    })
  }

  async function verifyRegistration(credential: unknown, expected: { challenge: string; origin: string; rpID: string }, nickname: unknown) {
    const result = await verifyRegistrationResponse({
      response: credential as RegistrationResponseJSON,
      expectedChallenge: expected.challenge,
      expectedOrigin: expected.origin,
      expectedRPID: expected.rpID,
      requireUserVerification: false,
    }).catch(() => null)
    if (!result?.verified) return fail(400, 'invalid-request', 'The passkey could not be verified')
    const { credential: verified } = result.registrationInfo
    return {
      id: verified.id,
      publicKey: new Uint8Array(verified.publicKey),
      counter: verified.counter,
      transports: verified.transports ?? [],
      nickname: typeof nickname === 'string' && nickname ? nickname : null,
    } satisfies StoredCredential
  }

  async function assertion(user: UserRecord | undefined, rpID: string, purpose: Purpose) {
    const options = await generateAuthenticationOptions({
      rpID,
      timeout,
      userVerification: 'preferred',
      allowCredentials: user?.credentials.map((c) => ({ id: c.id, transports: c.transports as AuthenticatorTransport[] })) ?? [],
    })
    remember(options.challenge, { purpose, ...(user && purpose === 'elevate' ? { userId: user.id } : {}) })
    return options
  }

  /** Verifies an assertion against the stored key; returns its owner. */
  async function verifyAssertion(credential: unknown, purpose: Purpose, userId?: string): Promise<UserRecord> {
    const expected = takeChallenge(credential, purpose, userId)
    const id = isObject(credential) && typeof credential.id === 'string' ? credential.id : ''
    const user = [...kit.users.values()].find((u) => u.credentials.some((c) => c.id === id) && (!userId || u.id === userId))
    const stored = user?.credentials.find((c) => c.id === id)
    if (!user || !stored) return fail(401, 'invalid-request', 'Unknown passkey')
    const result = await verifyAuthenticationResponse({
      response: credential as AuthenticationResponseJSON,
      expectedChallenge: expected.challenge,
      expectedOrigin: expected.origin,
      expectedRPID: expected.rpID,
      credential: { id: stored.id, publicKey: stored.publicKey, counter: stored.counter, transports: stored.transports as AuthenticatorTransport[] },
      requireUserVerification: false,
    }).catch(() => null)
    if (!result?.verified) return fail(401, 'invalid-request', 'The passkey signature is not valid')
    stored.counter = result.authenticationInfo.newCounter
    if (user.disabled) fail(401, 'disabled-user', 'User is disabled')
    return user
  }

  return {
    'POST /signin/webauthn': async (request) => {
      const body = await kit.readBody(request)
      const { rpID } = rpFromRequest(request)
      // an unknown e-mail gets discoverable-credential options, like a known one without keys
      const user = typeof body.email === 'string' ? kit.findByEmail(body.email) : undefined
      return json(200, await assertion(user, rpID, 'signin'))
    },

    'POST /signin/webauthn/verify': async (request) => {
      const body = await kit.readBody(request)
      const user = await verifyAssertion(body.credential, 'signin')
      return json(200, { session: await kit.issueSession(user) })
    },

    'POST /signup/webauthn': async (request) => {
      if (kit.options.disableSignUp) fail(403, 'signup-disabled', 'Sign up is disabled.')
      const body = await kit.readBody(request)
      const email = kit.validEmail(body.email)
      const signUpOptions = isObject(body.options) ? body.options : {}
      const redirectTo = kit.checkRedirect(signUpOptions.redirectTo)
      if (kit.findByEmail(email)) fail(409, 'email-already-in-use', 'Email already in use')
      const { rpID } = rpFromRequest(request)
      const displayName = typeof signUpOptions.displayName === 'string' ? signUpOptions.displayName : email
      const webauthnUserId = crypto.randomUUID()
      const options = await registration({ webauthnUserId, email, displayName, credentials: [] }, rpID)
      remember(options.challenge, { purpose: 'signup', signUp: { email, displayName, webauthnUserId, redirectTo } })
      return json(200, options)
    },

    'POST /signup/webauthn/verify': async (request, url) => {
      const body = await kit.readBody(request)
      const expected = takeChallenge(body.credential, 'signup')
      const pending = expected.signUp!
      if (kit.findByEmail(pending.email)) fail(409, 'email-already-in-use', 'Email already in use')
      const credential = await verifyRegistration(body.credential, expected, body.nickname)
      const user = await kit.addUser({ email: pending.email, displayName: pending.displayName, webauthnUserId: pending.webauthnUserId, credentials: [credential] })
      kit.sendLink(user.email!, 'email-verification', 'Verify your e-mail address', kit.createTicket('verifyEmail', user), url.origin, pending.redirectTo, 'emailVerify')
      if (kit.options.requireEmailVerification) return json(200, {})
      return json(200, { session: await kit.issueSession(user) })
    },

    'POST /user/webauthn/add': async (request) => {
      const user = await kit.elevatedUser(request)
      const { rpID } = rpFromRequest(request)
      const options = await registration({ ...user, email: user.email ?? user.id }, rpID)
      remember(options.challenge, { purpose: 'add', userId: user.id })
      return json(200, options)
    },

    'POST /user/webauthn/verify': async (request) => {
      const { user } = await kit.bearerUser(request)
      const body = await kit.readBody(request)
      const expected = takeChallenge(body.credential, 'add', user.id)
      const credential = await verifyRegistration(body.credential, expected, body.nickname)
      user.credentials.push(credential)
      return json(200, credential.nickname ? { id: credential.id, nickname: credential.nickname } : { id: credential.id })
    },

    'POST /elevate/webauthn': async (request) => {
      const { user } = await kit.bearerUser(request)
      if (user.credentials.length === 0) fail(400, 'invalid-request', 'The user has no passkey to elevate with')
      const { rpID } = rpFromRequest(request)
      return json(200, await assertion(user, rpID, 'elevate'))
    },

    'POST /elevate/webauthn/verify': async (request) => {
      const { user } = await kit.bearerUser(request)
      const body = await kit.readBody(request)
      await verifyAssertion(body.credential, 'elevate', user.id)
      // the claim lives as long as this access token: the next refresh drops it
      return json(200, { session: await kit.issueSession(user, { 'x-hasura-auth-elevated': user.id }) })
    },
  }
}
