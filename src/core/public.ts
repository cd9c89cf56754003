// keyward/core: the session engine, the backends' contract and the flows as plain functions, with no
// React anywhere below it — for workers, servers, React Native, Next.js server components, other
// frameworks. `keyward` re-exports all of it next to the React bindings.
export * from './index.js'
export * from './flows/index.js'
