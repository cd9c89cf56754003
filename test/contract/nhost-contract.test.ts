import { describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { nhostContract } from './nhost/checker.ts'

// The contract checker itself: what it catches, so a green suite means the traffic was really checked.

const AUTH = 'http://auth.test/v1'
const session = {
  accessToken: 'eyJ.x.y',
  accessTokenExpiresIn: 900,
  refreshToken: '2c35b6f3-c4b9-48e3-978a-d4d0f1d42e24',
  refreshTokenId: '3c35b6f3-c4b9-48e3-978a-d4d0f1d42e24',
}

/** A checker in front of a server that answers `reply` to anything. */
function checked(reply: () => Response) {
  const checker = nhostContract('/v1')
  const fetch = checker.wrap(async () => reply())
  const post = (path: string, body: unknown) =>
    fetch(`${AUTH}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return { checker, fetch, post }
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

describe('the Nhost contract derived from @nhost/nhost-js', () => {
  it('lists the operations and schemas the adapter relies on', () => {
    const contract = inject('nhostContract')
    expect(contract.source).toMatch(/^@nhost\/nhost-js@\d+\.\d+\.\d+$/)
    const routes = contract.operations.map((op) => `${op.method} ${op.path}`)
    expect(routes).toEqual(
      expect.arrayContaining(['POST /signin/email-password', 'POST /token', 'GET /user', 'POST /signout', 'GET /verify', 'GET /signin/provider/{provider}']),
    )
    // limits stated only as prose in the package's doc comments made it into the schemas
    const password = (contract.definitions.SignInEmailPasswordRequest as { properties: Record<string, object> }).properties.password
    expect(password).toMatchObject({ minLength: 3, maxLength: 50 })
  })

  it('passes a request and reply that match', async () => {
    const { checker, post } = checked(() => json(200, { session }))
    await post('/signin/email-password', { email: 'a@example.com', password: 'secret' })
    expect(checker.violations).toEqual([])
    expect(checker.operations).toEqual(['signInEmailPassword'])
  })

  it('flags a path that is not in the contract', async () => {
    const { checker, post } = checked(() => json(200, {}))
    await post('/signin/made-up', {})
    expect(checker.violations).toEqual([expect.stringContaining('POST /signin/made-up: not in @nhost/nhost-js')])
  })

  it('flags request bodies over a length limit, off a format, or missing a field', async () => {
    const { checker, post } = checked(() => json(200, { session }))
    await post('/signin/email-password', { email: 'a@example.com', password: 'x'.repeat(51) })
    await post('/signin/email-password', { email: 'not an e-mail', password: 'secret' })
    await post('/signin/mfa/totp', { ticket: 'passwordReset:abc', otp: '123456' })
    await post('/token', {})
    expect(checker.violations.filter((line) => line.includes(' request: '))).toEqual([
      expect.stringMatching(/signInEmailPassword request: .*maxLength/),
      expect.stringMatching(/signInEmailPassword request: .*format/),
      expect.stringMatching(/verifySignInMfaTotp request: .*pattern/),
      expect.stringMatching(/refreshToken request: .*required/),
    ])
  })

  it('flags a reply missing a required field, of the wrong type, or not JSON', async () => {
    const replies = [json(200, { accessToken: 'x' }), json(200, { ...session, accessTokenExpiresIn: '900' }), new Response('<html>', { status: 200 })]
    const { checker, post } = checked(() => replies.shift()!)
    for (let i = 0; i < 3; i++) await post('/token', { refreshToken: session.refreshToken })
    expect(checker.violations).toEqual([
      expect.stringMatching(/refreshToken 200: .*required/),
      expect.stringMatching(/refreshToken 200: .*must be number/),
      'refreshToken 200: the reply is not JSON',
    ])
  })

  it('checks failed replies against ErrorResponse and its list of codes', async () => {
    const replies = [json(401, { status: 401, message: 'no', error: 'invalid-email-password' }), json(401, { status: 401, message: 'no', error: 'made-up-code' })]
    const { checker, post } = checked(() => replies.shift()!)
    await post('/signin/email-password', { email: 'a@example.com', password: 'secret' })
    expect(checker.violations).toEqual([])
    await post('/signin/email-password', { email: 'a@example.com', password: 'secret' })
    expect(checker.violations).toEqual([expect.stringMatching(/signInEmailPassword 401: .*allowed values/)])
  })

  it('checks the query of the redirect endpoints as nhost-js encodes it', async () => {
    const { checker, fetch } = checked(() => new Response(null, { status: 302, headers: { location: 'http://app.test' } }))
    await fetch(`${AUTH}/signin/provider/github?redirectTo=${encodeURIComponent('http://app.test/in')}&allowedRoles=user,me`)
    expect(checker.violations).toEqual([])
    await fetch(`${AUTH}/verify?ticket=abc`)
    expect(checker.violations).toEqual([expect.stringMatching(/verifyTicket query: .*redirectTo/)])
  })
})
