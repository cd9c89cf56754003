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
    const load = () =>
      fetch('/auth/v1/__reference/outbox')
        .then((r) => r.json() as Promise<Message[]>)
        .then(setMessages)
        .catch(() => {})
    void load()
    const timer = setInterval(load, 1500)
    return () => clearInterval(timer)
  }, [])
  return (
    <Section title="Outbox">
      <p className="note">What the reference backend would have e-mailed or texted.</p>
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
