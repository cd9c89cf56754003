// A real Medusa 1.20 store server for keyward's tests, on Debian's PostgreSQL 15:
//
//   node servers/medusa/server.mjs [--port N]
//
// Starts PostgreSQL when it is installed but not running, creates a role and a fresh database for this
// run, runs `medusa migrations run`, then serves Medusa's own loaders on 127.0.0.1 (store CORS: any
// http://localhost:<port> page, with credentials). Prints one line of JSON when ready:
// {"url": "http://127.0.0.1:N"}. GET /__outbox answers the password-reset tokens Medusa emitted
// (`customer.password_reset`, newest last). SIGTERM stops the server and drops the database.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const directory = fileURLToPath(new URL('.', import.meta.url))
const portArg = process.argv.indexOf('--port')
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0

// Medusa's cookies are Secure and SameSite=None in production: not stored over http://localhost
process.env.NODE_ENV = 'development'
// Medusa's telemetry is on by default: it appends every event to ~/.config/medusa/events.json and forks
// a detached `medusa-telemetry/dist/util/send.js` to flush it. With no route to its collector (a test
// machine, a closed network) nothing is ever sent: the file grew past 2.9 GB over earlier runs, and a
// dozen senders, each reading it (1–2 GB of memory apiece), loaded a 2-core machine to a load average
// of 20 during the tests. Off, as Medusa's docs say (MEDUSA_DISABLE_TELEMETRY stops new events), and
// with a configuration home of its own that says so (`telemetry.enabled: false` stops the senders):
// nothing is read from, or left in, the user's home.
process.env.MEDUSA_DISABLE_TELEMETRY = 'true'
const configHome = mkdtempSync(join(tmpdir(), 'keyward-medusa-config-'))
mkdirSync(join(configHome, 'medusa'))
writeFileSync(join(configHome, 'medusa', 'config.json'), JSON.stringify({ telemetry: { enabled: false } }))
process.env.XDG_CONFIG_HOME = configHome
process.on('exit', () => rmSync(configHome, { recursive: true, force: true }))

const psql = (sql) => execFileSync('runuser', ['-u', 'postgres', '--', 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' })

function ensurePostgres() {
  if (spawnSync('which', ['pg_ctlcluster']).status !== 0) {
    throw new Error('PostgreSQL is not installed: apt-get install -y postgresql (the Medusa tests need it)')
  }
  const clusters = execFileSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean)
  if (clusters.length === 0) throw new Error('PostgreSQL has no cluster: pg_createcluster 15 main --start')
  const [version, name, , status] = clusters[0].split(/\s+/)
  if (status !== 'online') execFileSync('pg_ctlcluster', [version, name, 'start'], { stdio: 'inherit' })
  return Number(clusters[0].split(/\s+/)[2])
}

const pgPort = ensurePostgres()
const database = `keyward_medusa_${process.pid}`
const role = 'keyward_medusa'
const password = 'keyward-test'
psql(`DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} LOGIN PASSWORD '${password}' CREATEDB; END IF; END $$;`)
psql(`DROP DATABASE IF EXISTS ${database}`)
psql(`CREATE DATABASE ${database} OWNER ${role}`)
process.env.DATABASE_URL = `postgres://${role}:${password}@127.0.0.1:${pgPort}/${database}`

const dropDatabase = () => {
  try {
    psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
  } catch {
    // already gone, or PostgreSQL stopped first: nothing left to clean
  }
}

const migrations = spawnSync(process.execPath, [require.resolve('@medusajs/medusa-cli/cli.js'), 'migrations', 'run'], { cwd: directory, env: process.env, encoding: 'utf8' })
if (migrations.status !== 0) {
  dropDatabase()
  throw new Error(`medusa migrations run failed:\n${migrations.stdout}\n${migrations.stderr}`)
}

const express = require('express')
const loaders = require('@medusajs/medusa/dist/loaders').default
const app = express()
const outbox = []
// read by the tests, and by the demo's outbox panel (npm run dev:medusa) from its own origin
app.get('/__outbox', (_req, res) => res.set('access-control-allow-origin', '*').json(outbox))
const { container } = await loaders({ directory, expressApp: app })
container.resolve('eventBusService').subscribe('customer.password_reset', async (data) => {
  outbox.push({ kind: 'password-reset', to: data.email, token: data.token, at: Date.now() })
})

const server = app.listen(port, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })}\n`)
})
const stop = () => {
  server.close()
  dropDatabase()
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
