// A software WebAuthn authenticator for tests: real P-256 keys, real "none" attestations and real
// ES256 assertions, so a server verifies genuine signatures. Installed as `navigator.credentials`
// (and `PublicKeyCredential`) in jsdom or any environment without a browser authenticator.

const encoder = new TextEncoder()

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function bytesOf(source: BufferSource): Uint8Array<ArrayBuffer> {
  if (source instanceof ArrayBuffer) return new Uint8Array(source.slice(0))
  return new Uint8Array(source.buffer.slice(source.byteOffset, source.byteOffset + source.byteLength) as ArrayBuffer)
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

const uint32 = (n: number) => new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255])
const sha256 = async (data: Uint8Array<ArrayBuffer>) => new Uint8Array(await crypto.subtle.digest('SHA-256', data))

// The subset of CBOR (RFC 8949) that attestation objects and COSE keys use.
type Cbor = number | string | Uint8Array | Map<Cbor, Cbor>
function cbor(value: Cbor): Uint8Array {
  const head = (major: number, n: number) =>
    n < 24 ? new Uint8Array([(major << 5) | n]) : n < 256 ? new Uint8Array([(major << 5) | 24, n]) : new Uint8Array([(major << 5) | 25, n >> 8, n & 255])
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value)
  if (typeof value === 'string') {
    const bytes = encoder.encode(value)
    return concat(head(3, bytes.length), bytes)
  }
  if (value instanceof Uint8Array) return concat(head(2, value.length), value)
  return concat(head(5, value.size), ...[...value].flatMap(([k, v]) => [cbor(k), cbor(v)]))
}

/** WebCrypto signs ECDSA as r‖s; WebAuthn's ES256 wants an ASN.1 DER SEQUENCE of two INTEGERs. */
function derSignature(raw: Uint8Array): Uint8Array {
  const integer = (bytes: Uint8Array) => {
    let start = 0
    while (start < bytes.length - 1 && bytes[start] === 0) start++
    let body = bytes.slice(start)
    if ((body[0] ?? 0) & 0x80) body = concat(new Uint8Array([0]), body)
    return concat(new Uint8Array([0x02, body.length]), body)
  }
  const seq = concat(integer(raw.slice(0, 32)), integer(raw.slice(32)))
  return concat(new Uint8Array([0x30, seq.length]), seq)
}

export interface SoftwareCredential {
  id: string
  /** Which device holds it: see `useNewDevice()`. */
  device: number
  rawId: Uint8Array<ArrayBuffer>
  rpId: string
  userHandle: Uint8Array<ArrayBuffer>
  userName: string
  keys: CryptoKeyPair
  signCount: number
}

export interface SoftwareAuthenticatorOptions {
  /** The page origin written into clientDataJSON. Default: `location.origin`. */
  origin?: string
  /**
   * Offer the WebAuthn Signal API (`PublicKeyCredential.signalUnknownCredential`,
   * `signalAllAcceptedCredentials`, `signalCurrentUserDetails`), acting on the credentials as a
   * password manager does: an unknown or no longer accepted passkey is removed, new details rename
   * them. Each call is recorded in `signals`. Default false: a browser without it.
   */
  signals?: boolean
  /**
   * Offer conditional create (`getClientCapabilities().conditionalCreate`): a `create` with
   * `mediation: 'conditional'` makes a passkey without a prompt, as a password manager does right
   * after the user signed in with a password it filled. Default false.
   */
  conditionalCreate?: boolean
  /** The AAGUID written into new credentials (the authenticator model). Default: all zeros. */
  aaguid?: string
}

/** A Signal API call the page made, with its arguments. */
export type SoftwareSignal =
  | { signal: 'unknownCredential'; rpId: string; credentialId: string }
  | { signal: 'allAcceptedCredentials'; rpId: string; userId: string; allAcceptedCredentialIds: string[] }
  | { signal: 'currentUserDetails'; rpId: string; userId: string; name: string; displayName: string }

/**
 * Installs a software passkey authenticator as `navigator.credentials` and `PublicKeyCredential`.
 * Conditional (autofill) requests wait until `pickAutofill()`; `cancelNext()` makes the next
 * ceremony fail the way a user dismissing the browser prompt does.
 *
 * @example
 * const authenticator = installSoftwareAuthenticator()
 * await usePasskeyResult.signUp({ email })   // a real attestation reaches the server
 * authenticator.uninstall()
 */
export function installSoftwareAuthenticator(options: SoftwareAuthenticatorOptions = {}) {
  const credentials: SoftwareCredential[] = []
  const origin = () => options.origin ?? globalThis.location.origin
  let device = 0
  let cancelNext = false
  let pending = 0
  let maxPending = 0
  let autofill: { resolve: () => void } | null = null
  const signals: SoftwareSignal[] = []
  const creations: Array<{ mediation: string | undefined }> = []
  const aaguid = Uint8Array.from((options.aaguid ?? '00000000-0000-0000-0000-000000000000').replace(/-/g, '').match(/../g)!, (h) => parseInt(h, 16))

  function track<T>(signal: AbortSignal | undefined, work: (aborted: Promise<never>) => Promise<T>): Promise<T> {
    pending += 1
    maxPending = Math.max(maxPending, pending)
    let open = true
    const close = () => {
      if (open) pending -= 1
      open = false
    }
    const aborted = new Promise<never>((_, reject) => {
      if (signal?.aborted) reject(signal.reason)
      // like a browser, an abort ends the ceremony at once, not on a later tick
      signal?.addEventListener('abort', () => (close(), reject(signal.reason)), { once: true })
    })
    aborted.catch(() => {})
    return Promise.race([work(aborted), aborted]).finally(close)
  }

  function userCancels() {
    if (!cancelNext) return
    cancelNext = false
    throw new DOMException('The operation either timed out or was not allowed.', 'NotAllowedError')
  }

  async function create({ publicKey, signal, mediation }: CredentialCreationOptions & { mediation?: string }) {
    if (!publicKey) throw new TypeError('publicKey options are required')
    creations.push({ mediation })
    return track(signal ?? undefined, async () => {
      // conditional create: made without a prompt where the browser offers it, refused (as a browser
      // does when it declines) where it does not
      if (mediation === 'conditional' && !options.conditionalCreate) throw new DOMException('Conditional create is not available.', 'NotAllowedError')
      if (mediation !== 'conditional') userCancels()
      const rpId = publicKey.rp.id ?? new URL(origin()).hostname
      const excluded = (publicKey.excludeCredentials ?? []).map((c) => base64url(bytesOf(c.id)))
      if (credentials.some((c) => c.device === device && c.rpId === rpId && excluded.includes(c.id))) {
        throw new DOMException('The authenticator already holds one of these credentials.', 'InvalidStateError')
      }
      const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])
      const rawId = crypto.getRandomValues(new Uint8Array(16))
      const jwk = await crypto.subtle.exportKey('jwk', keys.publicKey)
      const coseKey = cbor(
        new Map<Cbor, Cbor>([
          [1, 2], // kty: EC2
          [3, -7], // alg: ES256
          [-1, 1], // crv: P-256
          [-2, Uint8Array.from(atob(jwk.x!.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))],
          [-3, Uint8Array.from(atob(jwk.y!.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))],
        ]),
      )
      const authData = concat(
        await sha256(encoder.encode(rpId)),
        new Uint8Array([0x45]), // user present, user verified, attested credential data
        uint32(0),
        aaguid,
        new Uint8Array([0, rawId.length]),
        rawId,
        coseKey,
      )
      const clientDataJSON = encoder.encode(
        JSON.stringify({ type: 'webauthn.create', challenge: base64url(bytesOf(publicKey.challenge)), origin: origin(), crossOrigin: false }),
      )
      const attestationObject = cbor(new Map<Cbor, Cbor>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]))
      const credential: SoftwareCredential = {
        id: base64url(rawId),
        device,
        rawId,
        rpId,
        userHandle: bytesOf(publicKey.user.id),
        userName: publicKey.user.name,
        keys,
        signCount: 0,
      }
      credentials.push(credential)
      const spki = await crypto.subtle.exportKey('spki', keys.publicKey)
      return asCredential({
        id: credential.id,
        rawId: rawId.buffer,
        type: 'public-key',
        authenticatorAttachment: 'platform',
        response: {
          clientDataJSON: clientDataJSON.buffer,
          attestationObject: attestationObject.slice().buffer,
          getTransports: () => ['internal'],
          getAuthenticatorData: () => authData.buffer,
          getPublicKey: () => spki,
          getPublicKeyAlgorithm: () => -7,
        },
        getClientExtensionResults: () => ({}),
      })
    })
  }

  async function get({ publicKey, signal, mediation }: CredentialRequestOptions) {
    if (!publicKey) throw new TypeError('publicKey options are required')
    return track(signal ?? undefined, async (aborted) => {
      if (mediation === 'conditional') {
        // waits for the user to pick the passkey from the autofill list
        // (an aborted request leaves the list: nothing is waiting any more)
        const waiting = { resolve: () => {} }
        const picked = new Promise<void>((resolve) => (waiting.resolve = resolve))
        autofill = waiting
        try {
          await Promise.race([picked, aborted])
        } finally {
          if (autofill === waiting) autofill = null
        }
      }
      userCancels()
      const rpId = publicKey.rpId ?? new URL(origin()).hostname
      const allowed = (publicKey.allowCredentials ?? []).map((c) => base64url(bytesOf(c.id)))
      const credential = credentials.find((c) => c.rpId === rpId && (allowed.length === 0 || allowed.includes(c.id)))
      if (!credential) throw new DOMException('No passkey for this site.', 'NotAllowedError')
      credential.signCount += 1
      const authData = concat(await sha256(encoder.encode(rpId)), new Uint8Array([0x05]), uint32(credential.signCount))
      const clientDataJSON = encoder.encode(
        JSON.stringify({ type: 'webauthn.get', challenge: base64url(bytesOf(publicKey.challenge)), origin: origin(), crossOrigin: false }),
      )
      const signed = concat(authData, await sha256(clientDataJSON))
      const raw = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, credential.keys.privateKey, signed))
      return asCredential({
        id: credential.id,
        rawId: credential.rawId.slice().buffer,
        type: 'public-key',
        authenticatorAttachment: 'platform',
        response: {
          clientDataJSON: clientDataJSON.buffer,
          authenticatorData: authData.buffer,
          signature: derSignature(raw).slice().buffer,
          userHandle: credential.userHandle.buffer,
        },
        getClientExtensionResults: () => ({}),
      })
    })
  }

  const g = globalThis as unknown as { PublicKeyCredential?: unknown; navigator: Navigator }
  const previous = { PublicKeyCredential: g.PublicKeyCredential, credentials: Object.getOwnPropertyDescriptor(g.navigator, 'credentials') }
  const PublicKeyCredential = function PublicKeyCredential() {} as unknown as Record<string, unknown>
  PublicKeyCredential.isConditionalMediationAvailable = async () => true
  PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable = async () => true
  PublicKeyCredential.getClientCapabilities = async () => ({
    conditionalGet: true,
    conditionalCreate: options.conditionalCreate === true,
    passkeyPlatformAuthenticator: true,
    userVerifyingPlatformAuthenticator: true,
    signalUnknownCredential: options.signals === true,
    signalAllAcceptedCredentials: options.signals === true,
    signalCurrentUserDetails: options.signals === true,
  })
  const forget = (drop: (c: SoftwareCredential) => boolean) => {
    for (let i = credentials.length - 1; i >= 0; i--) if (drop(credentials[i]!)) credentials.splice(i, 1)
  }
  if (options.signals) {
    PublicKeyCredential.signalUnknownCredential = async ({ rpId, credentialId }: { rpId: string; credentialId: string }) => {
      signals.push({ signal: 'unknownCredential', rpId, credentialId })
      forget((c) => c.rpId === rpId && c.id === credentialId)
    }
    PublicKeyCredential.signalAllAcceptedCredentials = async ({ rpId, userId, allAcceptedCredentialIds }: { rpId: string; userId: string; allAcceptedCredentialIds: string[] }) => {
      signals.push({ signal: 'allAcceptedCredentials', rpId, userId, allAcceptedCredentialIds: [...allAcceptedCredentialIds] })
      forget((c) => c.rpId === rpId && base64url(c.userHandle) === userId && !allAcceptedCredentialIds.includes(c.id))
    }
    PublicKeyCredential.signalCurrentUserDetails = async ({ rpId, userId, name, displayName }: { rpId: string; userId: string; name: string; displayName: string }) => {
      signals.push({ signal: 'currentUserDetails', rpId, userId, name, displayName })
      for (const c of credentials) if (c.rpId === rpId && base64url(c.userHandle) === userId) c.userName = name
    }
  }
  g.PublicKeyCredential = PublicKeyCredential
  // what the ceremonies answer is a PublicKeyCredential, as a browser's is (clients check `instanceof`)
  function asCredential<T extends object>(value: T): T {
    return Object.setPrototypeOf(value, (PublicKeyCredential as unknown as { prototype: object }).prototype) as T
  }
  Object.defineProperty(g.navigator, 'credentials', { configurable: true, value: { create, get } })

  return {
    credentials: credentials as readonly SoftwareCredential[],
    /** The Signal API calls the page made (with `signals: true`), oldest first. */
    signals: signals as readonly SoftwareSignal[],
    /** Every `navigator.credentials.create` call, with its mediation (`'conditional'`: an automatic upgrade). */
    creations: creations as readonly { mediation: string | undefined }[],
    /** Ceremonies in progress right now, and the most there ever were at once. */
    get pending() {
      return pending
    },
    get maxPending() {
      return maxPending
    },
    /**
     * New passkeys go to another device from now on (a security key beside the laptop's platform
     * authenticator): its exclusion list starts empty; sign-ins can still use every device.
     */
    useNewDevice() {
      device += 1
    },
    /** The next create/get fails as if the user closed the browser's passkey prompt. */
    cancelNext() {
      cancelNext = true
    },
    /** Completes a pending conditional (autofill) request, as if the user picked the passkey. */
    pickAutofill() {
      if (!autofill) throw new Error('no autofill request is waiting')
      autofill.resolve()
    },
    get autofillWaiting() {
      return autofill !== null
    },
    uninstall() {
      g.PublicKeyCredential = previous.PublicKeyCredential
      if (previous.credentials) Object.defineProperty(g.navigator, 'credentials', previous.credentials)
      else delete (g.navigator as unknown as Record<string, unknown>).credentials
    },
  }
}

export type SoftwareAuthenticator = ReturnType<typeof installSoftwareAuthenticator>
