import { hashPassword, sha256 } from '../passwords.js'
import { fail, isObject, json, type Kit, type Routes } from '../kit.js'

/** Password reset and change, e-mail change, anonymous users, personal access tokens. */
export function accountRoutes(kit: Kit): Routes {
  const pats = new Map<string, { id: string; userId: string; expiresAt: number }>()
  const redirectOf = (body: Record<string, unknown>) => kit.checkRedirect(isObject(body.options) ? body.options.redirectTo : undefined)

  return {
    'POST /user/password/reset': async (request, url) => {
      const body = await kit.readBody(request)
      const email = kit.validEmail(body.email)
      const redirectTo = redirectOf(body)
      const user = kit.findByEmail(email)
      // the same answer for unknown addresses: nobody learns which e-mails have accounts
      if (user) kit.sendLink(email, 'password-reset', 'Reset your password', kit.createTicket('passwordReset', user), url.origin, redirectTo, 'passwordReset')
      return json(200, 'OK')
    },

    'POST /user/password': async (request) => {
      const body = await kit.readBody(request)
      const newPassword = kit.validPassword(body.newPassword, 'newPassword')
      kit.strongEnough(newPassword)
      const user = body.ticket === undefined ? await kit.elevatedUser(request) : kit.ticketRecord(body.ticket, 'passwordReset').user
      user.passwordHash = await hashPassword(newPassword, kit.options.iterations)
      return json(200, 'OK')
    },

    'POST /user/email/change': async (request, url) => {
      const user = await kit.elevatedUser(request)
      const body = await kit.readBody(request)
      const newEmail = kit.validEmail(body.newEmail)
      const redirectTo = redirectOf(body)
      if (kit.findByEmail(newEmail)) fail(409, 'email-already-in-use', 'Email already in use')
      const ticket = kit.createTicket('emailConfirmChange', user, undefined, { newEmail })
      kit.sendLink(newEmail, 'email-change', 'Confirm your new e-mail address', ticket, url.origin, redirectTo, 'emailConfirmChange')
      return json(200, 'OK')
    },

    'POST /signin/anonymous': async (request) => {
      if (kit.options.disableSignUp) fail(403, 'signup-disabled', 'Sign up is disabled.')
      const body = await kit.readBody(request)
      const user = await kit.addUser({
        displayName: typeof body.displayName === 'string' ? body.displayName : 'Anonymous',
        locale: typeof body.locale === 'string' ? body.locale : 'en',
        metadata: isObject(body.metadata) ? body.metadata : {},
        isAnonymous: true,
        defaultRole: 'anonymous',
        roles: ['anonymous'],
      })
      return json(200, { session: await kit.issueSession(user) })
    },

    'POST /user/deanonymize': async (request, url) => {
      const { user } = await kit.bearerUser(request)
      const body = await kit.readBody(request)
      if (!user.isAnonymous) fail(400, 'user-not-anonymous', 'Logged in user is not anonymous')
      if (body.signInMethod !== 'email-password') fail(400, 'request-validation-error', 'signInMethod must be email-password')
      const email = kit.validEmail(body.email)
      const password = kit.validPassword(body.password)
      kit.strongEnough(password)
      const redirectTo = redirectOf(body)
      if (kit.findByEmail(email)) fail(409, 'email-already-in-use', 'Email already in use')
      Object.assign(user, {
        email,
        passwordHash: await hashPassword(password, kit.options.iterations),
        isAnonymous: false,
        defaultRole: 'user',
        roles: ['user', 'me'],
        displayName: user.displayName === 'Anonymous' ? email : user.displayName,
      })
      kit.sendLink(email, 'email-verification', 'Verify your e-mail address', kit.createTicket('verifyEmail', user), url.origin, redirectTo, 'emailVerify')
      return json(200, 'OK')
    },

    'POST /pat': async (request) => {
      const user = await kit.elevatedUser(request)
      const body = await kit.readBody(request)
      const expiresAt = typeof body.expiresAt === 'string' ? Date.parse(body.expiresAt) : NaN
      if (Number.isNaN(expiresAt)) fail(400, 'request-validation-error', 'expiresAt must be a date-time')
      if (expiresAt <= kit.clock.now()) fail(400, 'invalid-request', 'expiresAt must be in the future')
      const personalAccessToken = crypto.randomUUID()
      const id = crypto.randomUUID()
      pats.set(await sha256(personalAccessToken), { id, userId: user.id, expiresAt })
      return json(200, { id, personalAccessToken })
    },

    'POST /signin/pat': async (request) => {
      const body = await kit.readBody(request)
      const record = typeof body.personalAccessToken === 'string' ? pats.get(await sha256(body.personalAccessToken)) : undefined
      const user = record && record.expiresAt > kit.clock.now() ? kit.users.get(record.userId) : undefined
      if (!user || user.disabled) return fail(401, 'invalid-pat', 'Invalid or expired personal access token')
      return json(200, { session: await kit.issueSession(user) })
    },
  }
}
