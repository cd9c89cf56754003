// The Standard Schema interface (standardschema.dev), which zod, Valibot, ArkType and others
// implement: what the forms accept as an app's own validator. Types only.

export interface StandardIssue {
  readonly message: string
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined
}

export type StandardResult<Output> = { readonly value: Output; readonly issues?: undefined } | { readonly issues: ReadonlyArray<StandardIssue> }

/** Any validator that implements Standard Schema v1 (zod ≥ 3.24, Valibot ≥ 1, ArkType ≥ 2, …). */
export interface StandardSchema<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1
    readonly vendor: string
    readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>
    readonly types?: { readonly input: Input; readonly output: Output } | undefined
  }
}

/** The first path segment of an issue, as a field name (`''` for an issue about the whole form). */
export function issueField(issue: StandardIssue): string {
  return (issue.path ?? [])
    .map((segment) => String(typeof segment === 'object' ? segment.key : segment))
    .join('.')
}
