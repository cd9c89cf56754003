// A real OpenID Connect provider (panva's oidc-provider 9) for keyward's tests:
//
//   node servers/oidc-provider/server.mjs [--port N]
//
// Listens on 127.0.0.1 and prints one line of JSON when ready: {"url": "http://127.0.0.1:N"}; the
// issuer is http://localhost:N (one site with the test pages). One public client, `keyward-test`:
// authorization code with PKCE (S256), refresh tokens with rotation (`offline_access`, which the spec
// grants with `prompt=consent`), access tokens of 60 s. Any http://localhost:<port> page may be its
// redirect and post-logout URI and call its token, userinfo and revocation endpoints (CORS). The login
// and consent pages are oidc-provider's development interactions: any login name signs in, as the
// account `<name>` with e-mail `<name>@example.com` (or the name itself where it is an address).
import { createServer } from 'node:http'
import Provider from 'oidc-provider'

const portArg = process.argv.indexOf('--port')
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0
const LOCAL_PAGE = /^http:\/\/localhost:\d+(\/|$)/

const server = createServer()
await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve))
const issuer = `http://localhost:${server.address().port}`

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'keyward-test',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      // any http://localhost page is allowed below; these are the registered defaults
      redirect_uris: ['http://localhost:3000/'],
      post_logout_redirect_uris: ['http://localhost:3000/'],
    },
  ],
  scopes: ['openid', 'offline_access', 'email', 'profile'],
  claims: { email: ['email', 'email_verified'], profile: ['name'] },
  async findAccount(_ctx, sub) {
    return {
      accountId: sub,
      async claims() {
        return { sub, email: sub.includes('@') ? sub : `${sub}@example.com`, email_verified: true, name: sub }
      },
    }
  },
  ttl: { AccessToken: 60, IdToken: 3600, RefreshToken: 86_400, Session: 86_400, Grant: 86_400, Interaction: 600 },
  clientBasedCORS: (_ctx, origin) => LOCAL_PAGE.test(origin),
  cookies: { keys: ['keyward-test-cookie-key-not-for-production'] },
  features: {
    devInteractions: { enabled: true },
    revocation: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    userinfo: { enabled: true },
  },
})
// the test pages and the demo run on any localhost port: allow them as redirects (the registered list
// cannot know the port a run picks)
provider.Client.prototype.redirectUriAllowed = (uri) => LOCAL_PAGE.test(uri)
provider.Client.prototype.postLogoutRedirectUriAllowed = (uri) => LOCAL_PAGE.test(uri)

server.on('request', provider.callback())
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}`, issuer })}\n`)
const stop = () => server.close(() => process.exit(0))
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
