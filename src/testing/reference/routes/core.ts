import { verifyPassword, hashPassword } from '../passwords.js'
import { fail, HttpError, isObject, json, type Kit, type Routes } from '../kit.js'

/** Sign-up, sign-in, tokens, the user, e-mail verification and the /verify redirect. */
export function coreRoutes(kit: Kit): Routes {
  const { options } = kit
  // a fixed hash to compare against when the e-mail is unknown, so timing does not reveal accounts
  let dummyHash: Promise<string> | null = null

  return {
    'GET /healthz': async () => json(200, 'OK'),
    'GET /version': async () => json(200, { version: 'keyward-reference' }),
    'GET /.well-known/jwks.json': async () => json(200, (await options.signer()).jwks()),

    'POST /signup/email-password': async (request, url) => {
      if (options.disableSignUp) fail(403, 'signup-disabled', 'Sign up is disabled.')
      const body = await kit.readBody(request)
      const email = kit.validEmail(body.email)
      const password = kit.validPassword(body.password)
      const signUpOptions = isObject(body.options) ? body.options : {}
      const redirectTo = kit.checkRedirect(signUpOptions.redirectTo)
      kit.strongEnough(password)
      if (kit.findByEmail(email)) fail(409, 'email-already-in-use', 'Email already in use')
      const user = await kit.addUser({
        email,
        password,
        ...(typeof signUpOptions.displayName === 'string' ? { displayName: signUpOptions.displayName } : {}),
        ...(typeof signUpOptions.locale === 'string' ? { locale: signUpOptions.locale } : {}),
        ...(isObject(signUpOptions.metadata) ? { metadata: signUpOptions.metadata } : {}),
      })
      kit.sendLink(email, 'email-verification', 'Verify your e-mail address', kit.createTicket('verifyEmail', user), url.origin, redirectTo, 'emailVerify')
      // the spec's SessionPayload has an optional, non-nullable `session`: omitted until verified
      if (options.requireEmailVerification) return json(200, {})
      return json(200, { session: await kit.issueSession(user) })
    },

    'POST /signin/email-password': async (request) => {
      const body = await kit.readBody(request)
      const email = kit.validEmail(body.email)
      const password = kit.validPassword(body.password)
      const user = kit.findByEmail(email)
      const ok = await verifyPassword(password, user?.passwordHash ?? (await (dummyHash ??= hashPassword('x', options.iterations))))
      if (!user || !ok) return fail(401, 'invalid-email-password', 'Incorrect email or password')
      if (user.disabled) fail(401, 'disabled-user', 'User is disabled')
      if (options.requireEmailVerification && !user.emailVerified) fail(401, 'unverified-user', 'Email is not verified')
      if (user.activeMfaType === 'totp') return json(200, { mfa: { ticket: kit.createTicket('mfaTotp', user, 300) } })
      return json(200, { session: await kit.issueSession(user) })
    },

    'POST /token': async (request) => {
      const body = await kit.readBody(request)
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
      if (typeof body.refreshToken !== 'string' || !uuid.test(body.refreshToken)) {
        fail(400, 'request-validation-error', 'refreshToken must be a UUID')
      }
      return json(200, await kit.rotate(body.refreshToken as string))
    },

    'POST /signout': async (request) => {
      const body = await kit.readBody(request)
      if (body.all === true) {
        const { user } = await kit.bearerUser(request)
        kit.revokeAllOf(user.id)
      } else if (typeof body.refreshToken === 'string') {
        await kit.revokeFamilyOf(body.refreshToken)
      }
      return json(200, 'OK')
    },

    'GET /user': async (request) => json(200, kit.publicUser((await kit.bearerUser(request)).user)),

    'POST /user/email/send-verification-email': async (request, url) => {
      const body = await kit.readBody(request)
      const email = kit.validEmail(body.email)
      const redirectTo = kit.checkRedirect(isObject(body.options) ? body.options.redirectTo : undefined)
      const user = kit.findByEmail(email)
      if (user?.emailVerified) fail(400, 'email-already-verified', "User's email is already verified")
      // unknown addresses get the same answer: nobody learns which e-mails have accounts
      if (user) kit.sendLink(email, 'email-verification', 'Verify your e-mail address', kit.createTicket('verifyEmail', user), url.origin, redirectTo, 'emailVerify')
      return json(200, 'OK')
    },

    // Every e-mailed link lands here: the ticket is consumed and the browser is sent back to the app
    // with a refresh token (the user is signed in), or with `error` and `errorDescription`.
    'GET /verify': async (_request, url) => {
      const redirectTo = url.searchParams.get('redirectTo') ?? options.clientUrl
      if (!kit.isAllowedUrl(redirectTo)) fail(400, 'redirectTo-not-allowed', kit.notAllowed(redirectTo))
      const target = new URL(redirectTo)
      const ticket = url.searchParams.get('ticket') ?? ''
      const type = ticket.split(':')[0] ?? ''
      try {
        if (!['verifyEmail', 'emailConfirmChange', 'signinPasswordless', 'passwordReset'].includes(type)) {
          fail(401, 'invalid-ticket', 'Invalid or expired ticket')
        }
        const record = kit.ticketRecord(ticket, type as 'verifyEmail')
        const { user } = record
        if (type === 'emailConfirmChange' && record.newEmail) {
          if (kit.findByEmail(record.newEmail)) fail(409, 'email-already-in-use', 'Email already in use')
          user.email = record.newEmail
        }
        user.emailVerified = true
        // following a reset link proves control of the mailbox: the session it starts may change the
        // password (the app gets the refresh token, so the elevation rides on it to the first session)
        const session = await kit.issueSession(user, type === 'passwordReset' ? { 'x-hasura-auth-elevated': user.id } : {}, true)
        target.searchParams.set('refreshToken', session.refreshToken)
        target.searchParams.set('type', url.searchParams.get('type') ?? type)
      } catch (error) {
        if (!(error instanceof HttpError)) throw error
        target.searchParams.set('error', error.code)
        target.searchParams.set('errorDescription', error.message)
      }
      return new Response(null, { status: 302, headers: { location: target.toString() } })
    },
  }
}
