import { conformanceTargets } from '../support/conformance-targets.ts'
import { useDemoInChromium } from './browser.ts'
import { describeConformance, referenceInbox } from './conformance.ts'

// The conformance suite on the example adapter of docs/writing-a-backend.md (docs/example-backend.ts,
// written on keyward/backends/kit alone): the demo's `/` with that adapter, on the embedded reference
// backend, whose outbox holds the e-mails.

const env = useDemoInChromium({ demoEnv: () => ({ VITE_KEYWARD_BACKEND: 'example' }) })
describeConformance(conformanceTargets.example, env, referenceInbox(env))
