import { beforeAll, describe, it } from 'vitest'
import { replyke } from '../../src/backends/replyke/index.ts'
import type { BackendContext, Session } from '../../src/index.ts'
import { expectEveryOperationNamed, expectOnlyAuthErrors, expectWholeSessionsThroughRefresh, generatedReplies } from '../support/generated-replies.ts'
import { replykeStandIn } from '../standins/replyke.ts'

// Every Replyke operation that reads a reply, fed generated replies bent from the stand-in's real
// ones (test/support/generated-replies.ts): each call resolves or rejects with an AuthError, and a
// client never commits a session without a token.

const RUNS = Number(process.env.RUNS ?? 100)
const URL_ = 'https://api.replyke.test'
const templates: unknown[] = []
const replyArb = generatedReplies(templates)
beforeAll(async () => {
  const server = replykeStandIn({ rateLimits: false })
  const call = async (route: string, body: unknown, token?: string) => {
    const reply = await server.fetch(`${URL_}/api/v7/${server.projectId}/auth/${route}`, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {}, body: JSON.stringify(body) })
    return reply.status === 204 ? {} : ((await reply.json()) as { accessToken?: string; refreshToken?: string })
  }
  const signUp = await call('sign-up', { email: 'template@example.com', password: 'pw' })
  templates.push(
    signUp,
    await call('sign-in', { email: 'template@example.com', password: 'pw' }),
    await call('request-new-access-token', { refreshToken: signUp.refreshToken }),
    await call('request-new-access-token', {}),
    await call('change-password', { password: 'pw', newPassword: 'pw2' }, signUp.accessToken),
    await call('sign-in', { email: 'nobody@example.com', password: 'pw' }),
    { success: true },
  )
})

const session: Session = { accessToken: 'eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjQxMDI0NDQ4MDB9.sig', accessTokenExpiresAt: null, refreshToken: 'refresh.token.sig', sessionId: null, idToken: null, user: null }
const ada = { email: 'ada@example.com', password: 'pw' }

function operations(b: ReturnType<typeof replyke>): Array<[string, (ctx: BackendContext) => Promise<unknown>]> {
  return [
    ['signIn.withPassword', (ctx) => b.signIn.withPassword(ada, ctx)],
    ['signUp.withPassword', (ctx) => b.signUp.withPassword({ ...ada, fields: { name: 'Ada' } }, ctx)],
    ['session.refresh', (ctx) => b.session.refresh(session, ctx)],
    ['session.signOut', (ctx) => b.session.signOut(session, ctx)],
    ['password.change', (ctx) => b.password.change(session, { newPassword: 'new', currentPassword: 'pw' }, ctx)],
    ['password.requestReset', (ctx) => b.password.requestReset!({ email: ada.email }, ctx)],
    ['password.reset', (ctx) => b.password.reset!({ newPassword: 'new', token: 'abc' }, ctx)],
    ['email.verify', (ctx) => b.email!.verify({ token: 'abc' }, ctx)],
    ['verifyExternalUser', (ctx) => b.verifyExternalUser({ userJwt: 'a.b.c' }, ctx)],
  ]
}

const backend = replyke({ projectId: 'project', version: 'v7', url: URL_ })

describe('Replyke reply parsing, generated replies', () => {
  it('names every operation of the adapter that reads a reply', () => {
    // redirect.parse reads a URL, isTokenRejected a Response of the app’s API: no reply of the server to bend
    expectEveryOperationNamed(backend, operations(backend).map(([n]) => n), ['redirect.parse', 'traits.isTokenRejected'])
  })

  it.for(operations(backend).map(([name]) => name))('%s: resolves or rejects with an AuthError, never a broken session', async (name) => {
    await expectOnlyAuthErrors(name, operations(backend).find(([n]) => n === name)![1], replyArb, RUNS)
  })
})

describe('a client on Replyke, fed generated replies to sign-in and to a refresh', () => {
  it('commits only sessions with a token, keeps or ends them whole, and rejects only with AuthErrors', async () => {
    await expectWholeSessionsThroughRefresh(backend, ada, replyArb)
  })
})
