import type { ErrorCode, ErrorView } from '../../contract/errors'

// A failure with a literal code; contract/errors.ts turns the code into the operator's words.
// `outcomeUnknown` marks an answer that never came (or came unreadable) to a call that changes
// the server: the call may or may not have happened, so it must be reconciled, not repeated.
export class KioskError extends Error {
  readonly code: ErrorCode
  readonly detail: string | undefined
  readonly apiCode: number | undefined
  readonly outcomeUnknown: boolean

  constructor(
    code: ErrorCode,
    options: { detail?: string; apiCode?: number; outcomeUnknown?: boolean; cause?: unknown } = {},
  ) {
    super(options.detail ? `${code}: ${options.detail}` : code, { cause: options.cause })
    this.name = 'KioskError'
    this.code = code
    this.detail = options.detail
    this.apiCode = options.apiCode
    this.outcomeUnknown = options.outcomeUnknown ?? false
  }

  toView(): ErrorView {
    return this.detail === undefined
      ? { code: this.code }
      : { code: this.code, detail: this.detail }
  }
}

export function toKioskError(error: unknown): KioskError {
  if (error instanceof KioskError) return error

  return new KioskError('internal', { cause: error })
}
