import { serveStandIn } from './serve.ts'
import { supabaseStandIn } from './supabase.ts'

/** `npm run dev:supabase`: the Supabase stand-in on loopback, as the Supabase suites serve it. */
export async function serveSupabase() {
  const standIn = supabaseStandIn()
  const served = await serveStandIn(standIn)
  return { url: served.url, stop: served.stop, anonKey: standIn.anonKey }
}
