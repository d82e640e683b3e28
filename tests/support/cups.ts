import { existsSync, readFileSync, truncateSync } from 'node:fs'
import { join } from 'node:path'
import { execFileRunner } from '../../main/core/printing/commands'

// The CUPS that scripts/cups-test-setup.sh prepares: cupsd on this machine and two queues
// whose device is a file. Tests that need it fail, never skip, when it is not there.

export const cupsDir = process.env['BSO_CUPS_DIR'] || '/var/tmp/bso-cups'
export const goodQueue = 'bso-test'
export const brokenQueue = 'bso-test-broken'
export const goodOutput = join(cupsDir, `${goodQueue}.prn`)
export const brokenOutputDir = join(cupsDir, 'missing')
export const brokenOutput = join(brokenOutputDir, `${brokenQueue}.prn`)

export const howToSetUpCups =
  'CUPS is not set up for the tests: run `sudo scripts/cups-test-setup.sh` (cupsd, bso-test queues)'

export async function requireCups(): Promise<void> {
  const scheduler = await execFileRunner('lpstat', ['-r'])
  const queues = await execFileRunner('lpstat', ['-p', goodQueue, brokenQueue])

  if (!scheduler.stdout.includes('scheduler is running') || queues.code !== 0) {
    throw new Error(howToSetUpCups)
  }
  if (!existsSync(goodOutput)) throw new Error(howToSetUpCups)
}

export async function cupsCommand(command: string, ...args: string[]): Promise<void> {
  const result = await execFileRunner(command, args)
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(' ')}: ${result.stderr || result.failure}`)
  }
}

// the scheduler writes into a file device without truncating it: each test starts it empty
export function emptyOutput(path = goodOutput): void {
  truncateSync(path)
}

export interface PrintedPage {
  widthMm: number
  heightMm: number
  title: string
}

// The queue's PostScript driver writes the page it printed on into the DSC comments
export function printedPages(path = goodOutput): PrintedPage[] {
  const text = readFileSync(path, 'latin1')
  const title = /^%%Title: \((.*)\)$/m.exec(text)?.[1] ?? ''
  const boxes = [...text.matchAll(/^%%PageBoundingBox: (-?[\d.]+) (-?[\d.]+) ([\d.]+) ([\d.]+)/gm)]
  const mm = (pt: number) => (pt / 72) * 25.4

  return boxes.map((box) => ({
    widthMm: mm(Number(box[3]) - Number(box[1])),
    heightMm: mm(Number(box[4]) - Number(box[2])),
    title,
  }))
}
