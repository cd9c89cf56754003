import { describe, expect, inject, it } from 'vitest'
import { supabaseContract } from './supabase/checker.ts'

// The Supabase contract checker itself: what it catches, so a green suite means the replies were checked.

const AUTH = 'https://project.supabase.test/auth/v1'
const user = { id: 'u1', aud: 'authenticated', app_metadata: {}, user_metadata: {}, created_at: '2026-01-01T00:00:00Z' }
const session = { access_token: 'eyJ.x.y', refresh_token: 'r1', expires_in: 3600, expires_at: 1, token_type: 'bearer', user }
const json = (status: number, body: unknown) => Response.json(body, { status })

function checked(reply: () => Response) {
  const checker = supabaseContract()
  const fetch = checker.wrap(async () => reply())
  return { checker, post: (path: string, body: unknown = {}) => fetch(`${AUTH}${path}`, { method: 'POST', body: JSON.stringify(body) }) }
}

describe('the Supabase contract derived from @supabase/auth-js', () => {
  it('holds the client’s reply types and its error codes', () => {
    const contract = inject('supabaseContract')
    expect(contract.source).toMatch(/^@supabase\/auth-js@\d+\.\d+\.\d+$/)
    expect(Object.keys(contract.definitions)).toEqual(expect.arrayContaining(['Session', 'User', 'EnrollReply', 'ChallengeReply', 'ErrorReply']))
  })

  it('passes a session and a refusal with a known code', async () => {
    const replies = [json(200, session), json(400, { code: 'invalid_credentials', message: 'Invalid login credentials' })]
    const { checker, post } = checked(() => replies.shift()!)
    await post('/token?grant_type=password')
    await post('/token?grant_type=password')
    expect(checker.violations).toEqual([])
  })

  it('flags a session without its refresh token, a user without an id, a reply that is not JSON, and an unknown route', async () => {
    const { refresh_token: _, ...noRefresh } = session
    const { id: __, ...noId } = user
    const replies = [json(200, noRefresh), json(200, { ...session, user: noId }), new Response('<html>', { status: 200 }), json(200, {})]
    const { checker, post } = checked(() => replies.shift()!)
    await post('/token?grant_type=refresh_token')
    await post('/verify')
    await post('/token?grant_type=password')
    await post('/made-up')
    expect(checker.violations).toEqual([
      expect.stringMatching(/POST \/token 200: SessionReply: .*refresh_token/),
      expect.stringMatching(/POST \/verify 200: SessionReply: .*id/),
      'POST /token 200: the reply is not JSON',
      'POST /made-up 200: not a route the client calls',
    ])
  })

  it('flags a refusal whose code the client does not know', async () => {
    const { checker, post } = checked(() => json(400, { code: 'made_up_code', message: 'no' }))
    await post('/token?grant_type=password')
    expect(checker.violations).toEqual([expect.stringMatching(/POST \/token 400: .*allowed values/)])
  })
})
