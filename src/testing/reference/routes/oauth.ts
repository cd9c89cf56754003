import { fail, type Kit, type Routes } from '../kit.js'

// The providers of the Nhost contract (SignInProvider).
const PROVIDERS = new Set([
  'apple', 'github', 'google', 'linkedin', 'discord', 'spotify', 'twitch', 'gitlab',
  'bitbucket', 'workos', 'azuread', 'entraid', 'strava', 'facebook', 'windowslive', 'twitter',
])

/**
 * A stand-in OAuth provider: /signin/provider/{p} goes to the provider's "consent" (approved at once)
 * and its callback, which signs in (or creates) `{p}-user@example.com` — or links the provider to the
 * user named by `connect` — and returns to `redirectTo` with a refresh token.
 */
export function oauthRoutes(kit: Kit): Routes {
  const states = new Map<string, { provider: string; redirectTo: string; connectUserId: string | null; expiresAt: number }>()
  const routes: Routes = {}

  for (const provider of PROVIDERS) {
    routes[`GET /signin/provider/${provider}`] = async (request, url) => {
      const redirectTo = kit.checkRedirect(url.searchParams.get('redirectTo') ?? undefined)
      const connect = url.searchParams.get('connect')
      let connectUserId: string | null = null
      if (connect) {
        const { user } = await kit.bearerUser(new Request(request.url, { headers: { authorization: `Bearer ${connect}` } }))
        connectUserId = user.id
      }
      const state = crypto.randomUUID()
      states.set(state, { provider, redirectTo, connectUserId, expiresAt: kit.clock.now() + 10 * 60_000 })
      const callback = `${url.origin}${kit.options.basePath}/signin/provider/${provider}/callback?${new URLSearchParams({ code: crypto.randomUUID(), state })}`
      return new Response(null, { status: 302, headers: { location: callback } })
    }

    routes[`GET /signin/provider/${provider}/callback`] = async (_request, url) => {
      const stateId = url.searchParams.get('state') ?? ''
      const state = states.get(stateId)
      states.delete(stateId)
      if (!state || state.expiresAt <= kit.clock.now() || state.provider !== provider || !url.searchParams.get('code')) {
        return fail(400, 'invalid-state', 'The OAuth state is unknown or expired')
      }
      const email = `${provider}-user@example.com`
      let user = state.connectUserId ? kit.users.get(state.connectUserId) : kit.findByEmail(email)
      user ??= await kit.addUser({ email, emailVerified: true, displayName: `${provider} user` })
      if (!user.providers.includes(provider)) user.providers.push(provider)
      const session = await kit.issueSession(user)
      const target = new URL(state.redirectTo)
      target.searchParams.set('refreshToken', session.refreshToken)
      return new Response(null, { status: 302, headers: { location: target.toString() } })
    }
  }
  return routes
}
