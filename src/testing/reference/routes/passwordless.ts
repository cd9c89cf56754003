import { fail, isObject, json, type Kit, type Routes, type UserRecord } from '../kit.js'

/** Magic links, e-mail one-time codes and SMS one-time codes. New addresses get an account. */
export function passwordlessRoutes(kit: Kit): Routes {
  async function userForEmail(email: string, body: Record<string, unknown>): Promise<UserRecord> {
    const existing = kit.findByEmail(email)
    if (existing) return existing
    if (kit.options.disableSignUp) return fail(403, 'signup-disabled', 'Sign up is disabled.')
    const options = isObject(body.options) ? body.options : {}
    return kit.addUser({ email, ...(typeof options.displayName === 'string' ? { displayName: options.displayName } : {}) })
  }

  function phoneNumber(value: unknown): string {
    if (typeof value !== 'string' || !/^\+?[0-9 ()-]{6,20}$/.test(value)) return fail(400, 'request-validation-error', 'phoneNumber is not a phone number')
    return value.replace(/[ ()-]/g, '')
  }

  const mfaOrSession = async (user: UserRecord) =>
    user.activeMfaType === 'totp'
      ? { mfa: { ticket: kit.createTicket('mfaTotp', user, 300) } }
      : { session: await kit.issueSession(user) }

  return {
    'POST /signin/passwordless/email': async (request, url) => {
      const body = await kit.readBody(request)
      const email = kit.validEmail(body.email)
      const redirectTo = kit.checkRedirect(isObject(body.options) ? body.options.redirectTo : undefined)
      const user = await userForEmail(email, body)
      if (user.disabled) fail(401, 'disabled-user', 'User is disabled')
      kit.sendLink(email, 'magic-link', 'Your sign-in link', kit.createTicket('signinPasswordless', user), url.origin, redirectTo, 'signinPasswordless')
      return json(200, 'OK')
    },

    'POST /signin/otp/email': async (request) => {
      const body = await kit.readBody(request)
      const email = kit.validEmail(body.email)
      const user = await userForEmail(email, body)
      const { code, record } = await kit.newOtp()
      user.emailOtp = record
      kit.outbox.push({ to: email, kind: 'email-otp', subject: 'Your sign-in code', text: `Your sign-in code is ${code}`, link: null, code, ticket: null, at: kit.clock.now() })
      return json(200, 'OK')
    },

    'POST /signin/otp/email/verify': async (request) => {
      const body = await kit.readBody(request)
      const user = kit.findByEmail(kit.validEmail(body.email))
      if (!user || !(await kit.checkOtp(user.emailOtp, body.otp))) return fail(401, 'invalid-otp', 'Invalid or expired code')
      user.emailVerified = true
      return json(200, { session: await kit.issueSession(user) })
    },

    'POST /signin/passwordless/sms': async (request) => {
      const body = await kit.readBody(request)
      const phone = phoneNumber(body.phoneNumber)
      let user = kit.findByPhone(phone)
      if (!user) {
        if (kit.options.disableSignUp) fail(403, 'signup-disabled', 'Sign up is disabled.')
        user = await kit.addUser({ phoneNumber: phone })
      }
      const { code, record } = await kit.newOtp()
      user.smsOtp = record
      kit.outbox.push({ to: phone, kind: 'sms-otp', subject: 'SMS', text: `Your code is ${code}`, link: null, code, ticket: null, at: kit.clock.now() })
      return json(200, 'OK')
    },

    'POST /signin/passwordless/sms/otp': async (request) => {
      const body = await kit.readBody(request)
      const user = kit.findByPhone(phoneNumber(body.phoneNumber))
      if (!user || !(await kit.checkOtp(user.smsOtp, body.otp))) return fail(401, 'invalid-otp', 'Invalid or expired code')
      user.phoneNumberVerified = true
      return json(200, await mfaOrSession(user))
    },
  }
}
