// Components rendered per keystroke in a sign-up field, measured on the built package in jsdom: React
// reports each commit to a devtools hook, and we count the components that ran in it (as React
// DevTools' "highlight updates" does: a component ran when its fiber was re-created in this commit
// and has the PerformedWork flag).
import { JSDOM } from 'jsdom'

const PERFORMED_WORK = 1
// FunctionComponent, ClassComponent, ForwardRef, MemoComponent, SimpleMemoComponent
const COMPONENT_TAGS = new Set([0, 1, 11, 14, 15])

let sink = null

const walk = (fiber, counted) => {
  for (let node = fiber; node; node = node.sibling) {
    if (COMPONENT_TAGS.has(node.tag) && node.flags & PERFORMED_WORK) counted.push(node.type?.displayName ?? node.type?.name ?? node.type?.render?.name ?? '?')
    // an untouched subtree keeps its old children: nothing in it ran
    if (node.child && (!node.alternate || node.child !== node.alternate.child)) walk(node.child, counted)
  }
}

export async function rendersPerKeystroke({ root, createReferenceBackend, createAuthClient, nhost, memoryStorage }) {
  const dom = new JSDOM('<!doctype html><div id="root"></div>', { url: 'http://localhost:3000/', pretendToBeVisual: true })
  const globals = { window: dom.window, document: dom.window.document, navigator: dom.window.navigator, HTMLElement: dom.window.HTMLElement, Node: dom.window.Node, Event: dom.window.Event, location: dom.window.location, history: dom.window.history }
  const saved = Object.fromEntries(Object.keys(globals).map((key) => [key, Object.getOwnPropertyDescriptor(globalThis, key)]))
  for (const [key, value] of Object.entries(globals)) Object.defineProperty(globalThis, key, { value, configurable: true, writable: true })
  globalThis.IS_REACT_ACT_ENVIRONMENT = true

  // React reads the hook once, when react-dom loads: installed once per process, it reports to
  // whichever measurement is running
  globalThis.__REACT_DEVTOOLS_GLOBAL_HOOK__ ??= {
    supportsFiber: true,
    inject: () => 1,
    onCommitFiberRoot: (_id, fiberRoot) => sink && walk(fiberRoot.current.child, sink.rendered),
    onCommitFiberUnmount: () => {},
    onPostCommitFiberRoot: () => {},
    checkDCE: () => {},
  }
  const state = { rendered: [] }
  sink = state
  try {
    const React = await import('react')
    const { createRoot } = await import('react-dom/client')
    const { act } = React
    const { AuthProvider } = await import(`${root}/dist/index.js`)
    const { SignUp } = await import(`${root}/dist/forms.js`)
    const server = createReferenceBackend({ basePath: '/v1', passwordHashIterations: 1000 })
    const client = createAuthClient({ backend: nhost({ url: 'http://auth.test/v1', passwordPolicy: { minLength: 9 } }), fetch: server.fetch, storage: memoryStorage(), sync: false, locks: null })
    const container = document.getElementById('root')
    const reactRoot = createRoot(container)
    await act(async () => reactRoot.render(React.createElement(AuthProvider, { client }, React.createElement(SignUp))))
    const input = container.querySelector('input[type="password"]')
    const setValue = Object.getOwnPropertyDescriptor(dom.window.HTMLInputElement.prototype, 'value').set
    const type = async (text) => {
      const perKey = []
      for (const char of text) {
        state.rendered = []
        await act(async () => {
          setValue.call(input, input.value + char)
          input.dispatchEvent(new dom.window.Event('input', { bubbles: true }))
          await new Promise((resolve) => setTimeout(resolve, 0))
        })
        perKey.push(state.rendered)
        state.rendered = []
      }
      return perKey
    }
    const before = await type('abc')
    // a failed submit: the field now shows "use at least 9 characters", re-checked on every keystroke
    const form = container.querySelector('form')
    await act(async () => {
      form.dispatchEvent(new dom.window.Event('submit', { bubbles: true, cancelable: true }))
    })
    // until the submit has settled (the schemas load with the first check; a busy machine is slow):
    // its own re-renders are not a keystroke's
    for (let waited = 0; form.getAttribute('data-state') === 'submitting' || !container.querySelector('[data-keyward-field-error]'); waited += 10) {
      if (waited > 10_000) throw new Error('the failed submit never showed its field error')
      await act(() => new Promise((resolve) => setTimeout(resolve, 10)))
    }
    state.rendered = []
    const after = await type('defghij')
    await act(async () => reactRoot.unmount())
    const max = (keys) => Math.max(0, ...keys.map((k) => k.length))
    const names = [...new Set(after.flat())].sort()
    return { beforeSubmit: max(before), afterSubmit: max(after), names, quietKeys: after.filter((k) => k.length === 0).length, keys: after.length }
  } finally {
    sink = null
    for (const [key, descriptor] of Object.entries(saved)) {
      if (descriptor) Object.defineProperty(globalThis, key, descriptor)
      else delete globalThis[key]
    }
  }
}
