import { useEffect, useState } from 'react'
import { Section } from './ui.tsx'

interface Message {
  to: string
  kind: string
  subject: string
  link: string | null
  code: string | null
}

/** What the reference backend would have e-mailed or texted (served by it in the demo only). */
export function Outbox() {
  const [messages, setMessages] = useState<Message[]>([])
  useEffect(() => {
    // the reference backend's outbox, or the local better-auth server's (npm run dev:better-auth)
    const betterAuth = import.meta.env.VITE_KEYWARD_BACKEND === 'better-auth'
    const load = () =>
      fetch(betterAuth ? `${import.meta.env.VITE_BETTER_AUTH_URL}/__outbox` : '/auth/v1/__reference/outbox')
        .then((r) => r.json() as Promise<Array<Message & { otp?: string }>>)
        .then((all) => setMessages(betterAuth ? all.map((m) => ({ to: m.to, kind: m.kind, subject: m.kind, link: m.link ?? null, code: m.otp ?? null })) : all))
        .catch(() => {})
    void load()
    const timer = setInterval(load, 1500)
    return () => clearInterval(timer)
  }, [])
  return (
    <Section title="Outbox">
      <p className="note">What the auth server would have e-mailed or texted.</p>
      {messages.length === 0 ? (
        <p>Nothing sent yet.</p>
      ) : (
        <ul className="mail">
          {messages.map((m, i) => (
            <li key={i} data-kind={m.kind}>
              To {m.to}: {m.subject} {m.link && <a href={m.link}>open link</a>} {m.code && <code>{m.code}</code>}
            </li>
          ))}
        </ul>
      )}
    </Section>
  )
}
