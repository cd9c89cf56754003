import type { LinkPurpose, RedirectResult } from '../kit/index.js'
import { markedPurpose } from '../kit/index.js'
import { nhostError } from './errors.js'

// What hasura-auth appends to a redirect back to the app: `/verify` sends every e-mailed link there
// with a refresh token and the link's `type`, or with `error` and `errorDescription`; a provider's
// return carries a refresh token alone.
const PARAMS = ['refreshToken', 'type', 'error', 'errorDescription', 'ticket']
const PURPOSES: Record<string, LinkPurpose> = {
  passwordReset: 'reset-password',
  emailVerify: 'verify-email',
  emailConfirmChange: 'change-email',
  signinPasswordless: 'sign-in',
}

/** Reads a redirect from hasura-auth: what the link is for (its `type`), and its refresh token, ticket or error. */
export function parseNhostLink(url: URL): RedirectResult | null {
  const type = url.searchParams.get('type')
  // no type: a provider's return, which signs in (or the page core's form marked)
  const purpose = (type ? PURPOSES[type] : undefined) ?? markedPurpose(url) ?? 'sign-in'
  const error = url.searchParams.get('error')
  const description = url.searchParams.get('errorDescription')
  // hasura-auth sends both: a lone `error` on an app's page is the app's own
  if (error && description !== null) return { kind: 'error', error: nhostError(400, { error, message: description }), purpose, params: PARAMS }
  const refreshToken = url.searchParams.get('refreshToken')
  if (refreshToken) return { kind: 'refresh-token', refreshToken, purpose, params: PARAMS }
  // a custom reset template's link to the app carries the ticket, which names its type (`passwordReset:<id>`)
  const ticket = url.searchParams.get('ticket')
  if (ticket && (purpose === 'reset-password' || ticket.startsWith('passwordReset:'))) return { kind: 'ticket', ticket, purpose: 'reset-password', params: PARAMS }
  return null
}
