import { execFile } from 'node:child_process'

export interface CommandResult {
  // null when the program could not be started or was killed by the time limit
  code: number | null
  stdout: string
  stderr: string
  // why the program did not run or did not finish: 'not-installed', 'timed-out', a message
  failure?: string
}

export interface CommandOptions {
  input?: Uint8Array
  timeoutMs?: number
}

// Printing commands run through this, never through a shell, so a queue name or a title can
// never become a second command; tests pass a fake that answers like lp, lpstat and cancel.
export type CommandRunner = (
  command: string,
  args: readonly string[],
  options?: CommandOptions,
) => Promise<CommandResult>

export const execFileRunner: CommandRunner = (command, args, options = {}) =>
  new Promise((resolve) => {
    // the C locale keeps the tools' messages in the English the parsers read
    const env = { ...process.env, LC_ALL: 'C', LANG: 'C' }
    const child = execFile(
      command,
      [...args],
      { env, timeout: options.timeoutMs ?? 30_000, maxBuffer: 8 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ code: 0, stdout, stderr })
          return
        }

        const errno = error as NodeJS.ErrnoException & { killed?: boolean; code?: unknown }
        if (errno.code === 'ENOENT') {
          resolve({ code: null, stdout, stderr, failure: 'not-installed' })
          return
        }
        if (errno.killed) {
          resolve({ code: null, stdout, stderr, failure: 'timed-out' })
          return
        }

        const code = typeof errno.code === 'number' ? errno.code : null
        resolve({ code, stdout, stderr, ...(code === null ? { failure: error.message } : {}) })
      },
    )

    // a program that exits before reading its input must not crash us with EPIPE
    child.stdin?.on('error', () => undefined)
    child.stdin?.end(options.input ?? undefined)
  })
