// npm run dev:better-auth | dev:medusa [-- --jwt] | dev:oidc | dev:authhero | dev:authjs | dev:supabase: the same demo as `npm run dev`,
// against a real auth server (servers/<name>, installed on first run) instead of the embedded
// reference backend. Auth.js gets the OpenID Connect test provider as its OAuth provider, and sits on
// the demo's origin (vite.config.ts proxies /api to it), as in a Next.js app. Supabase runs on the
// tests' stand-in (GoTrue cannot run here), and the demo says so.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { startServer } from '../servers/run.mjs'

const [name, ...rest] = process.argv.slice(2)
if (!['better-auth', 'medusa', 'oidc-provider', 'authhero', 'authjs', 'supabase'].includes(name)) throw new Error('usage: node scripts/dev-server.mjs better-auth|medusa|oidc-provider|authhero|authjs|supabase [--jwt] [vite options]')
const jwt = rest.includes('--jwt')
const viteArgs = rest.filter((arg) => arg !== '--jwt')

/**
 * Supabase Auth cannot run here: the tests' stand-in (test/standins/supabase.ts, written from its
 * source), compiled with esbuild and served on loopback as the Supabase suites serve it.
 */
async function supabaseStandIn() {
  const { build } = await import('esbuild')
  const out = fileURLToPath(new URL('../node_modules/.cache/keyward-dev/supabase-stand-in.mjs', import.meta.url))
  await build({ entryPoints: [fileURLToPath(new URL('../test/standins/dev.ts', import.meta.url))], outfile: out, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' })
  const { serveSupabase } = await import(out)
  return serveSupabase()
}

const provider = name === 'authjs' ? await startServer('oidc-provider') : null
const server =
  name === 'supabase' ? await supabaseStandIn() : await startServer(name, name === 'medusa' ? 240_000 : 60_000, provider ? ['--oidc', provider.url.replace('127.0.0.1', 'localhost')] : [])
// `localhost`, not 127.0.0.1: the page (localhost:5173) and the server are then one site, so the
// browser keeps the server's cookies (better-auth's two-factor step, Medusa's session)
const url = server.url.replace('127.0.0.1', 'localhost')
const env =
  name === 'medusa'
    ? { VITE_KEYWARD_BACKEND: 'medusa', VITE_MEDUSA_URL: url, VITE_MEDUSA_MODE: jwt ? 'jwt' : 'cookie' }
    : name === 'oidc-provider'
      ? { VITE_KEYWARD_BACKEND: 'oidc', VITE_OIDC_ISSUER: url }
      : name === 'authhero'
        ? { VITE_KEYWARD_BACKEND: 'authhero', VITE_AUTHHERO_URL: url }
        : name === 'authjs'
          ? { VITE_KEYWARD_BACKEND: 'authjs', VITE_AUTHJS_OIDC: '1', KEYWARD_AUTHJS_SERVER: server.url }
          : name === 'supabase'
            ? { VITE_KEYWARD_BACKEND: 'supabase', VITE_SUPABASE_URL: url, VITE_SUPABASE_ANON_KEY: server.anonKey, VITE_SUPABASE_STAND_IN: '1' }
            : { VITE_KEYWARD_BACKEND: 'better-auth', VITE_BETTER_AUTH_URL: url }
console.log(
  name === 'oidc-provider'
    ? `OpenID provider at ${url} (client keyward-test)`
    : name === 'authjs'
      ? `Auth.js at ${url}, proxied at /api (outbox: /__outbox)`
      : name === 'supabase'
        ? `Supabase Auth STAND-IN (written from GoTrue's source; not Supabase itself) at ${url}/auth/v1 (outbox: ${url}/__outbox)`
        : `${name} at ${url} (outbox: ${url}/__outbox)`,
)
const vite = spawn('npx', ['vite', ...viteArgs], { stdio: 'inherit', env: { ...process.env, ...env } })
const stop = async () => {
  vite.kill('SIGTERM')
  await server.stop()
  await provider?.stop()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
vite.on('exit', async (code) => {
  await server.stop()
  await provider?.stop()
  process.exit(code ?? 0)
})
