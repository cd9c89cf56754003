// Types of servers/run.mjs, for the TypeScript that imports it (the Vitest global setup).
export interface RunningServer {
  url: string
  stop(): Promise<void>
}
/** `npm ci` in servers/<name> unless its node_modules matches its lockfile (once per process, asynchronously); resolves with the folder. */
export function ensureInstalled(name: string): Promise<string>
/** Starts `node servers/<name>/server.mjs` and resolves once it prints its URL (installed first; the timer counts the start only). */
export function startServer(name: string, timeoutMs?: number, args?: string[]): Promise<RunningServer>
