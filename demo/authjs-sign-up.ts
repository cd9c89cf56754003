import { AuthError, type SignUpInput } from 'keyward'
import type { BackendContext } from 'keyward/backends/kit'

// The app's own sign-up, which Auth.js leaves to the app: here the demo server's `POST /api/register`
// (servers/authjs), its refusals as keyward's error codes. A Next.js app would call its route handler
// or a server action the same way.
const REFUSALS: Record<string, 'email-already-in-use' | 'password-too-short' | 'invalid-request'> = {
  'email-taken': 'email-already-in-use',
  'password-too-short': 'password-too-short',
  'invalid-email': 'invalid-request',
}

export async function signUpRoute(input: SignUpInput, ctx: BackendContext): Promise<void> {
  const response = await ctx.fetch('/api/register', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: input.email, password: input.password, name: input.displayName }),
    signal: ctx.signal ?? null,
  })
  if (response.ok) return
  const { error } = (await response.json().catch(() => ({}))) as { error?: string }
  throw new AuthError(REFUSALS[error ?? ''] ?? 'internal-server-error', `The sign-up was refused (${error ?? response.status})`, { status: response.status, serverCode: error })
}
