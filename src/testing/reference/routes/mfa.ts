import { Secret, TOTP } from 'otpauth'
import { renderSVG } from 'uqr'
import { fail, json, type Kit, type Routes, type UserRecord } from '../kit.js'

/** TOTP: generate a secret, activate or disable it with a code, and the sign-in challenge. */
export function mfaRoutes(kit: Kit, issuer: string): Routes {
  const totp = (secret: string, label = '') =>
    new TOTP({ issuer, label, secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' })

  /** ±1 step of clock drift; a code (or an older one) cannot be used twice. */
  function checkCode(user: UserRecord, secret: string, code: unknown): boolean {
    if (typeof code !== 'string' || !/^\d{6}$/.test(code)) return false
    const generator = totp(secret)
    const now = kit.clock.now()
    const delta = generator.validate({ token: code, timestamp: now, window: 1 })
    if (delta === null) return false
    const counter = generator.counter({ timestamp: now }) + delta
    if (counter <= user.lastTotpCounter) return false
    user.lastTotpCounter = counter
    return true
  }

  return {
    'GET /mfa/totp/generate': async (request) => {
      const { user } = await kit.bearerUser(request)
      if (user.activeMfaType === 'totp') fail(400, 'totp-already-active', 'TOTP is already active')
      user.pendingTotpSecret = new Secret({ size: 20 }).base32
      const uri = totp(user.pendingTotpSecret, user.email ?? user.id).toString()
      const imageUrl = `data:image/svg+xml;base64,${btoa(renderSVG(uri))}`
      return json(200, { imageUrl, totpSecret: user.pendingTotpSecret })
    },

    'POST /user/mfa': async (request) => {
      const { user } = await kit.bearerUser(request)
      const body = await kit.readBody(request)
      if (typeof body.code !== 'string') fail(400, 'request-validation-error', 'code is required')
      if (body.activeMfaType === 'totp') {
        if (user.activeMfaType === 'totp') fail(400, 'totp-already-active', 'TOTP is already active')
        if (!user.pendingTotpSecret) fail(400, 'no-totp-secret', 'Generate a TOTP secret first')
        if (!checkCode(user, user.pendingTotpSecret!, body.code)) fail(401, 'invalid-totp', 'Invalid TOTP code')
        user.totpSecret = user.pendingTotpSecret
        user.pendingTotpSecret = null
        user.activeMfaType = 'totp'
        return json(200, 'OK')
      }
      if (body.activeMfaType === '' || body.activeMfaType === undefined) {
        if (user.activeMfaType !== 'totp' || !user.totpSecret) fail(400, 'disabled-mfa-totp', 'TOTP is not active')
        if (!checkCode(user, user.totpSecret!, body.code)) fail(401, 'invalid-totp', 'Invalid TOTP code')
        user.totpSecret = null
        user.activeMfaType = null
        return json(200, 'OK')
      }
      return fail(400, 'request-validation-error', 'activeMfaType must be "totp" or ""')
    },

    'POST /signin/mfa/totp': async (request) => {
      const body = await kit.readBody(request)
      if (typeof body.ticket !== 'string' || typeof body.otp !== 'string') fail(400, 'request-validation-error', 'ticket and otp are required')
      // the ticket is spent only by a right code: a typo does not force a new password sign-in
      const { user } = kit.ticketRecord(body.ticket, 'mfaTotp', false)
      if (user.activeMfaType !== 'totp' || !user.totpSecret) return fail(400, 'disabled-mfa-totp', 'MFA TOTP is not enabled')
      if (!checkCode(user, user.totpSecret, body.otp)) return fail(401, 'invalid-totp', 'Invalid TOTP code')
      kit.ticketRecord(body.ticket, 'mfaTotp')
      return json(200, { session: await kit.issueSession(user) })
    },
  }
}
