import { conformanceTargets } from '../support/conformance-targets.ts'
import { useDemoInChromium } from './browser.ts'
import { describeConformance, referenceInbox } from './conformance.ts'

// The conformance suite on Nhost's contract: the demo's `/` (the README's mounting) on the embedded
// reference backend, configured as the demo configures the adapter.

const env = useDemoInChromium()
describeConformance(conformanceTargets.nhost, env, referenceInbox(env))
