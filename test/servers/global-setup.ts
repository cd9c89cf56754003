import type { TestProject } from 'vitest/node'
import { startServer } from '../../servers/run.mjs'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the better-auth server of this run listens (its API at /api/auth, its outbox at /__outbox). */
    betterAuthUrl: string
  }
}

/** Starts each real server once per run, and stops it after. */
export default async function setup(project: TestProject) {
  const betterAuth = await startServer('better-auth')
  project.provide('betterAuthUrl', betterAuth.url)
  return () => betterAuth.stop()
}
