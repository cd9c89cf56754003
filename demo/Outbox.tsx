import { useEffect, useState } from 'react'
import { Section } from './ui.tsx'

interface Message {
  /** When it was sent (the server's time where its outbox says, else when this page first saw it). */
  at: number
  to: string
  kind: string
  subject: string
  link: string | null
  code: string | null
}

/** A Supabase project's e-mail link, as its templates build it: the page with the token hash and the type. */
function supabaseLink(redirectTo: string, tokenHash: string, kind: string): string {
  const page = new URL(redirectTo)
  page.searchParams.set('token_hash', tokenHash)
  page.searchParams.set('type', kind === 'magiclink' || kind === 'recovery' || kind === 'email_change' ? kind : 'signup')
  return String(page)
}

/** What the reference backend would have e-mailed or texted (served by it in the demo only). */
export function Outbox() {
  const [messages, setMessages] = useState<Message[]>([])
  useEffect(() => {
    // the reference backend's outbox, or the local better-auth server's (npm run dev:better-auth), or
    // the reset tokens the local Medusa emitted (npm run dev:medusa), as the shop's e-mail would link them
    const backend = import.meta.env.VITE_KEYWARD_BACKEND
    const source =
      backend === 'better-auth'
        ? `${import.meta.env.VITE_BETTER_AUTH_URL}/__outbox`
        : backend === 'medusa'
          ? `${import.meta.env.VITE_MEDUSA_URL}/__outbox`
          : backend === 'authhero'
            ? `${import.meta.env.VITE_AUTHHERO_URL}/__outbox`
            : backend === 'replyke'
              ? `${import.meta.env.VITE_REPLYKE_URL}/__outbox`
              : backend === 'credebl'
                ? `${import.meta.env.VITE_CREDEBL_URL}/__outbox`
                : backend === 'authjs'
                  ? // the Auth.js server's, proxied on this origin
                    '/__outbox'
                  : backend === 'supabase'
                    ? `${import.meta.env.VITE_SUPABASE_URL}/__outbox`
                  : '/auth/v1/__reference/outbox'
    const firstSeen = new Map<string, number>()
    const sentAt = (m: { at?: unknown; to: string; subject?: string; link?: string | null; kind?: string }, index: number) => {
      if (typeof m.at === 'number') return m.at
      if (typeof m.at === 'string' && !Number.isNaN(Date.parse(m.at))) return Date.parse(m.at)
      const key = `${index} ${m.to} ${m.kind ?? ''}`
      if (!firstSeen.has(key)) firstSeen.set(key, Date.now())
      return firstSeen.get(key)!
    }
    const shape = (m: Message & { otp?: string; token?: string; tokenHash?: string; redirectTo?: string; template?: string; data?: Record<string, string>; query?: Record<string, string> }): Message =>
      backend === 'authhero'
        ? { at: 0, to: m.to, kind: m.template ?? '', subject: m.subject, link: m.data?.passwordResetUrl ?? m.data?.emailValidationUrl ?? null, code: m.data?.code ?? null }
        : backend === 'better-auth' || backend === 'authjs'
        ? { at: 0, to: m.to, kind: m.kind, subject: m.kind, link: m.link ?? null, code: m.otp ?? null }
        : backend === 'supabase'
        ? // the project's templates link to the page with the token hash; the code is in the same e-mail
          { at: 0, to: m.to, kind: m.kind, subject: m.kind, link: m.redirectTo ? supabaseLink(m.redirectTo, m.tokenHash ?? '', m.kind) : null, code: m.token ?? null }
        : backend === 'credebl'
        ? // the platform's e-mails link to its front end; here, to this demo's pages with the same query
          { at: 0, to: m.to, kind: m.kind, subject: m.kind, link: `${location.origin}/${m.kind === 'password-reset' ? 'reset-password' : 'verify-email'}?${new URLSearchParams(m.query ?? {})}`, code: null }
        : backend === 'replyke'
        ? // the contracts do not say where Replyke's links lead: here, to this demo's pages
          { at: 0, to: m.to, kind: m.kind, subject: m.kind, link: `${location.origin}/${m.kind === 'password-reset' ? 'reset-password' : 'verify-email'}?token=${m.token ?? ''}`, code: null }
        : backend === 'medusa'
          ? { at: 0, to: m.to, kind: m.kind, subject: 'Reset your password', link: `${location.origin}/?keyward=reset-password&${new URLSearchParams({ token: m.token ?? '', email: m.to })}`, code: null }
          : m
    const load = () =>
      fetch(source)
        .then((r) => r.json() as Promise<Array<Message & { otp?: string; token?: string; tokenHash?: string; redirectTo?: string; template?: string; data?: Record<string, string>; query?: Record<string, string> }>>)
        .then((all) => setMessages(all.map((m, index) => ({ ...shape(m), at: sentAt(m, index) })).reverse()))
        .catch(() => {})
    void load()
    const timer = setInterval(load, 1500)
    return () => clearInterval(timer)
  }, [])
  const [address, setAddress] = useState('')
  const addresses = [...new Set(messages.map((m) => m.to))].sort()
  const shown = address ? messages.filter((m) => m.to === address) : messages
  const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' })
  return (
    <Section title="Outbox">
      <p className="note">What the auth server would have e-mailed or texted, newest first.</p>
      {addresses.length > 1 && (
        <label>
          Show messages to{' '}
          <select value={address} onChange={(event) => setAddress(event.target.value)}>
            <option value="">every address</option>
            {addresses.map((to) => (
              <option key={to}>{to}</option>
            ))}
          </select>
        </label>
      )}
      {shown.length === 0 ? (
        <p>Nothing sent yet.</p>
      ) : (
        <ul className="mail">
          {shown.map((m, i) => (
            <li key={i} data-kind={m.kind}>
              <time dateTime={new Date(m.at).toISOString()}>{time.format(m.at)}</time>
              To {m.to}: {m.subject} {m.link && <a href={m.link}>open link</a>} {m.code && <code>{m.code}</code>}
            </li>
          ))}
        </ul>
      )}
    </Section>
  )
}
