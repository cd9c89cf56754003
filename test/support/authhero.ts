import { inject } from 'vitest'

// Helpers for tests against this run's AuthHero (servers/authhero): its application `keyward-test`, its
// e-mails, and a browser for its universal-login pages (plain HTML forms a test can fill over HTTP).

export const authHeroUrl = inject('authHeroUrl')
export const CLIENT_ID = 'keyward-test'
/** The page the tests play: one of the application's callbacks (authhero matches host and path). */
export const PAGE = 'http://localhost:3000'
export const PASSWORD = 'Correct-horse-9!'

export const uniqueEmail = (name: string) => `${name}-${crypto.randomUUID().slice(0, 8)}@example.com`

/** The messages AuthHero sent to `to`, oldest first. */
export async function mailTo(to: string): Promise<Array<{ subject: string; template: string; data: Record<string, string> }>> {
  return (await fetch(`${authHeroUrl}/__outbox?to=${encodeURIComponent(to)}`)).json()
}

/**
 * Signs in on AuthHero's own pages from `url` (its `/authorize`) as a browser would: the e-mail on the
 * identifier page, then the password page (authhero offers the e-mail code first; its "use a password"
 * leads to /u/enter-password), until AuthHero sends the browser off its site. Returns that address.
 */
export async function universalLogin(url: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>()
  const visit = async (target: string, form?: Record<string, string>) => {
    const headers = new Headers()
    if (jar.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '))
    if (form) headers.set('content-type', 'application/x-www-form-urlencoded')
    const response = await fetch(target, { method: form ? 'POST' : 'GET', headers, body: form ? new URLSearchParams(form) : null, redirect: 'manual' })
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';')
      const at = pair.indexOf('=')
      jar.set(pair.slice(0, at), pair.slice(at + 1))
    }
    const location = response.headers.get('location')
    if (!location) throw new Error(`AuthHero answered ${response.status} at ${new URL(target).pathname}: ${(await response.text()).slice(0, 200)}`)
    return new URL(location, target).toString()
  }
  const identifier = await visit(url)
  const next = await visit(identifier, { username: email })
  const passwordPage = next.replace('/u/enter-code', '/u/enter-password')
  return visit(passwordPage, { username: email, password })
}
