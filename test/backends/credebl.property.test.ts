import { beforeAll, describe, it } from 'vitest'
import { credebl } from '../../src/backends/credebl/index.ts'
import { type BackendContext, createAuthClient, memoryStorage, type Session } from '../../src/index.ts'
import { expectEveryOperationNamed, expectOnlyAuthErrors, expectWholeSessionsThroughRefresh, generatedReplies } from '../support/generated-replies.ts'
import { credeblStandIn } from '../standins/credebl.ts'

// Every CREDEBL operation that reads a reply, fed generated replies bent from the stand-in's real
// ones (test/support/generated-replies.ts): each call resolves or rejects with an AuthError, and a
// client never commits a session without a token.

const RUNS = Number(process.env.RUNS ?? 100)
const URL_ = 'https://credebl.test'
const KEY = 'property-key'
const templates: unknown[] = []
const replyArb = generatedReplies(templates)
beforeAll(async () => {
  const server = await credeblStandIn({ passwordKey: KEY })
  const b = credebl({ url: URL_, passwordKey: KEY })
  const client = createAuthClient({ backend: b, storage: memoryStorage(), sync: false, locks: null, fetch: server.fetch })
  const email = 'template@example.com'
  const raw = async (method: string, path: string, body?: unknown, token?: string) =>
    (await server.fetch(`${URL_}/v1/auth${path}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })).json()
  templates.push(await raw('POST', '/verification-mail', { email }))
  const { query } = server.lastMessage(email, 'verification')
  templates.push(await raw('GET', `/verify?${new URLSearchParams(query)}`))
  await client.signUp({ email, password: 'pw', fields: { firstName: 'Ada', lastName: 'Lovelace' } })
  const session = client.getSnapshot().session!
  templates.push(
    await raw('POST', '/signin', { email, password: 'pw', isPasswordEncrypted: false }),
    await raw('POST', '/refresh-token', { refreshToken: session.refreshToken }),
    await raw('GET', `/${session.user!.id}/sessions`, undefined, session.accessToken!),
    await raw('POST', '/signin', { email: 'nobody@example.com', password: 'pw', isPasswordEncrypted: false }),
    await raw('POST', '/signup', { email, password: 'x', firstName: 'A', lastName: 'B' }),
    { statusCode: 200, message: 'ok' },
  )
})

const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIwMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDAiLCJleHAiOjQxMDI0NDQ4MDB9.sig'
const session: Session = { accessToken: token, accessTokenExpiresAt: null, refreshToken: 'refresh', sessionId: '00000000-0000-0000-0000-000000000001', idToken: null, user: null }
const ada = { email: 'ada@example.com', password: 'pw' }

function operations(b: ReturnType<typeof credebl>): Array<[string, (ctx: BackendContext) => Promise<unknown>]> {
  return [
    ['signIn.withPassword', (ctx) => b.signIn.withPassword(ada, ctx)],
    ['signUp.withPassword', (ctx) => b.signUp.withPassword({ ...ada, fields: { firstName: 'Ada', lastName: 'Lovelace' } }, ctx)],
    ['session.refresh', (ctx) => b.session.refresh(session, ctx)],
    ['session.signOut', (ctx) => b.session.signOut(session, ctx)],
    ['session.signOutEverywhere', (ctx) => b.session.signOutEverywhere(session, ctx)],
    ['session.signOutOthers', (ctx) => b.session.signOutOthers(session, ctx)],
    ['devices.list', (ctx) => b.devices.list(session, ctx)],
    ['devices.revoke', (ctx) => b.devices.revoke(session, '00000000-0000-0000-0000-000000000002', ctx)],
    ['password.requestReset', (ctx) => b.password!.requestReset({ email: ada.email }, ctx)],
    ['password.reset', (ctx) => b.password!.reset({ newPassword: 'new', token: 'abc', email: ada.email }, ctx)],
    ['password.change', (ctx) => b.password!.change({ ...session, user: { email: ada.email } as never }, { newPassword: 'new', currentPassword: 'pw' }, ctx)],
    ['email.sendVerification', (ctx) => b.email.sendVerification({ email: ada.email }, ctx)],
    ['email.verify', (ctx) => b.email.verify({ token: 'abc', email: ada.email }, ctx)],
  ]
}

const backend = credebl({ url: URL_, passwordKey: KEY })

describe('CREDEBL reply parsing, generated replies', () => {
  it('names every operation of the adapter that reads a reply', () => {
    // redirect.parse reads a URL: no reply of the server to bend
    expectEveryOperationNamed(backend, operations(backend).map(([n]) => n), ['redirect.parse'])
  })

  it.for(operations(backend).map(([name]) => name))('%s: resolves or rejects with an AuthError, never a broken session', async (name) => {
    await expectOnlyAuthErrors(name, operations(backend).find(([n]) => n === name)![1], replyArb, RUNS)
  })
})

describe('a client on CREDEBL, fed generated replies to sign-in and to a refresh', () => {
  it('commits only sessions with a token, keeps or ends them whole, and rejects only with AuthErrors', async () => {
    await expectWholeSessionsThroughRefresh(backend, ada, replyArb)
  })
})
