import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { KioskError } from '../errors'

// One app a data folder. Two would both append to one journal and take blanks from one stack,
// and neither would know of the other's: the shift report would stop adding up. Electron's
// single-instance lock covers its own windows; this covers the web shell and the CLI too.
// The lock is a file with the owner's pid; one left by a process that died is taken over.

export interface DataLock {
  release(): void
}

export function lockDataDir(dataDir: string, pid = process.pid): DataLock {
  mkdirSync(dataDir, { recursive: true })
  const file = join(dataDir, 'app.lock')

  if (!tryCreate(file, pid)) {
    const owner = Number(readFileSync(file, 'utf8').trim())
    if (isAlive(owner)) {
      throw new KioskError('data-in-use', { detail: `${dataDir}, pid ${owner}` })
    }

    // the owner is gone (a crash, a power cut): its lock means nothing now
    rmSync(file, { force: true })
    if (!tryCreate(file, pid)) throw new KioskError('data-in-use', { detail: dataDir })
  }

  return {
    release() {
      try {
        if (Number(readFileSync(file, 'utf8').trim()) === pid) rmSync(file, { force: true })
      } catch {
        // already gone
      }
    },
  }
}

function tryCreate(file: string, pid: number): boolean {
  try {
    writeFileSync(file, `${pid}\n`, { flag: 'wx', mode: 0o600 })
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false

  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: alive, but another user's
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
