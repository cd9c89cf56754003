// Derives the Nhost Auth contract (operations, request and reply schemas) from the published
// `@nhost/nhost-js` package, which Nhost generates from the same OpenAPI document its server is built
// from. Runs once per test run in the global setup (test/contract/global-setup.ts); see
// test/backends/README.md for what it checks and why this source.
import { createRequire } from 'node:module'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createAPIClient } from '@nhost/nhost-js/auth'
import { createGenerator } from 'ts-json-schema-generator'
import ts from 'typescript'

export const PACKAGE = '@nhost/nhost-js'

type Schema = Record<string, unknown>

export interface ContractOperation {
  /** Nhost's operationId (the client method's name, less the `URL` suffix of the redirect builders). */
  id: string
  method: string
  /** Path template below the base URL, e.g. `/signin/provider/{provider}/callback/tokens`. */
  path: string
  /** Name of the request body's definition, and whether a body is required. */
  body: { type: string; required: boolean } | null
  /** Name of the query parameters' definition (redirect endpoints). */
  query: string | null
  /** Successful replies: status → definition name, `string` or `void`. */
  responses: Record<string, string>
}

export interface NhostContract {
  source: string
  operations: ContractOperation[]
  definitions: Record<string, Schema>
}

const require = createRequire(import.meta.url)

/** The installed package's folder (its exports hide package.json, so walk up from its entry). */
function packageRoot(): string {
  let dir = dirname(require.resolve(PACKAGE))
  while (!existsSync(join(dir, 'package.json')) || readPackage(dir).name !== PACKAGE) {
    if (dirname(dir) === dir) throw new Error(`${PACKAGE} is not installed: run npm install`)
    dir = dirname(dir)
  }
  return dir
}

const readPackage = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string }

export const packageVersion = (): string => readPackage(packageRoot()).version

/** The declarations behind the `./auth` export (dist/src/auth/index.d.ts re-exports ./client). */
const declarationFile = (): string => join(packageRoot(), 'dist/src/auth/client.d.ts')

/** Nhost's generator writes formats and limits as prose in the doc comments; turn them into keywords. */
function constraintsFromDescription(description: string): Schema {
  const found: Schema = {}
  const format = /Format - (\S+)/.exec(description)?.[1]
  // int64 is a number format (numbers need no string format check); the others are string formats
  if (format && format !== 'int64') found.format = format
  const min = /MinLength - (\d+)/.exec(description)?.[1]
  if (min) found.minLength = Number(min)
  const max = /MaxLength - (\d+)/.exec(description)?.[1]
  if (max) found.maxLength = Number(max)
  // a pattern runs up to the next labelled line (the generator joins the comment's lines with spaces)
  const pattern = /Pattern - (.+?)(?=\s+(?:Example|Format|MinLength|MaxLength|Pattern) - |\s*$)/s.exec(description)?.[1]
  if (pattern) found.pattern = pattern
  return found
}

/** Walks every schema node and adds the constraints its description states. */
function addConstraints(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(addConstraints)
  if (!node || typeof node !== 'object') return
  const schema = node as Schema
  for (const value of Object.values(schema)) addConstraints(value)
  if (typeof schema.description !== 'string') return
  const found = constraintsFromDescription(schema.description)
  if (Object.keys(found).length === 0) return
  if (schema.$ref) {
    // keep the reference and apply the constraints beside it, whatever the draft's $ref rules
    const ref = schema.$ref
    delete schema.$ref
    schema.allOf = [{ $ref: ref }, found]
  } else if (schema.type === 'string' || schema.type === undefined) {
    Object.assign(schema, found)
  }
}

function definitions(file: string): Record<string, Schema> {
  const names = [...readFileSync(file, 'utf8').matchAll(/^export (?:interface|type) (\w+)/gm)]
    .map((match) => match[1]!)
    .filter((name) => name !== 'Client')
  const generator = createGenerator({ path: file, skipTypeCheck: true, functions: 'hide', expose: 'export', topRef: true, jsDoc: 'extended' })
  const all: Record<string, Schema> = {}
  for (const name of names) Object.assign(all, generator.createSchema(name).definitions as Record<string, Schema>)
  addConstraints(all)
  return all
}

interface MethodShape {
  name: string
  params: Array<{ name: string; type: string; optional: boolean }>
  responses: Record<string, string>
}

/** The `Client` interface's methods: parameters, and the replies its doc comments list per status. */
function clientMethods(file: string): MethodShape[] {
  const text = readFileSync(file, 'utf8')
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
  const client = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'Client')
  if (!client) throw new Error(`${PACKAGE}: no Client interface in ${file}`)
  const methods: MethodShape[] = []
  for (const member of client.members) {
    if (!ts.isMethodSignature(member) || member.name.getText(source) === 'pushChainFunction') continue
    const comments = (ts.getLeadingCommentRanges(text, member.pos) ?? []).map((range) => text.slice(range.pos, range.end)).join('\n')
    const responses = Object.fromEntries([...comments.matchAll(/- (\d{3}): (\w+)/g)].map((match) => [match[1]!, match[2]!]))
    methods.push({
      name: member.name.getText(source),
      params: member.parameters.map((p) => ({ name: p.name.getText(source), type: p.type?.getText(source) ?? 'unknown', optional: !!p.questionToken })),
      responses,
    })
  }
  return methods
}

/** Calls every method of the published client with a recording fetch to learn its method and path. */
async function routes(methods: MethodShape[]): Promise<Map<string, { method: string; path: string }>> {
  const base = 'http://contract.invalid'
  let last: { method: string; path: string } | null = null
  const client = createAPIClient(base, [
    () => async (url, options) => {
      last = { method: (options?.method ?? 'GET').toUpperCase(), path: decodeURI(new URL(url).pathname) }
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } })
    },
  ]) as unknown as Record<string, (...args: unknown[]) => unknown>
  const found = new Map<string, { method: string; path: string }>()
  for (const { name, params } of methods) {
    last = null
    // path parameters become `{name}` placeholders; bodies and options are irrelevant to the route
    const args = params.map((p) => (p.name === 'body' || p.name === 'params' || p.name === 'options' ? undefined : `{${p.name}}`))
    const result = await client[name]!(...args)
    if (typeof result === 'string') {
      found.set(name, { method: 'GET', path: decodeURI(new URL(result).pathname) })
    } else if (last) {
      found.set(name, last)
    } else {
      throw new Error(`${PACKAGE}: ${name} sent no request`)
    }
  }
  return found
}

export async function deriveNhostContract(): Promise<NhostContract> {
  const file = declarationFile()
  const methods = clientMethods(file)
  const table = await routes(methods)
  const operations = methods.map(({ name, params, responses }): ContractOperation => {
    const route = table.get(name)!
    const body = params.find((p) => p.name === 'body')
    const query = params.find((p) => p.name === 'params')
    return {
      id: name.replace(/URL$/, ''),
      method: route.method,
      path: route.path,
      body: body ? { type: body.type, required: !body.optional } : null,
      query: query ? query.type : null,
      responses,
    }
  })
  return { source: `${PACKAGE}@${packageVersion()}`, operations, definitions: definitions(file) }
}
