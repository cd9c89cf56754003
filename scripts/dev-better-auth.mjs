// npm run dev:better-auth: the same demo as `npm run dev`, against a local better-auth server
// (servers/better-auth, installed on first run) instead of the embedded reference backend.
import { spawn } from 'node:child_process'
import { startServer } from '../servers/run.mjs'

const server = await startServer('better-auth')
// `localhost`, not 127.0.0.1: the page (localhost:5173) and the server are then one site, so the
// browser sends the two-factor cookie better-auth keeps between the password and the code
const url = server.url.replace('127.0.0.1', 'localhost')
console.log(`better-auth at ${url}/api/auth (outbox: ${url}/__outbox)`)
const vite = spawn('npx', ['vite', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, VITE_KEYWARD_BACKEND: 'better-auth', VITE_BETTER_AUTH_URL: url },
})
const stop = async () => {
  vite.kill('SIGTERM')
  await server.stop()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
vite.on('exit', async (code) => {
  await server.stop()
  process.exit(code ?? 0)
})
