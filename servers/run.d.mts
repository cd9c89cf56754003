// Types of servers/run.mjs, for the TypeScript that imports it (the Vitest global setup).
export interface RunningServer {
  url: string
  stop(): Promise<void>
}
/** `npm ci` in servers/<name> unless its node_modules matches its lockfile; returns the folder. */
export function ensureInstalled(name: string): string
/** Starts `node servers/<name>/server.mjs` and resolves once it prints its URL. */
export function startServer(name: string, timeoutMs?: number): Promise<RunningServer>
