import { existsSync, readdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'

// The end-to-end tests use whichever Chromium the machine has: one named in CHROMIUM_PATH,
// Debian's, or one Playwright downloaded earlier. They never download one themselves.

export const howToGetChromium =
  'No Chromium found: run `apt-get install -y chromium` ' +
  '(or set CHROMIUM_PATH to a Chromium binary).'

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [
    env['CHROMIUM_PATH'],
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    ...playwrightChromiums(env),
  ]

  return candidates.find((path): path is string => Boolean(path && existsSync(path))) ?? null
}

function playwrightChromiums(env: NodeJS.ProcessEnv): string[] {
  const cache = env['PLAYWRIGHT_BROWSERS_PATH'] || join(homedir(), '.cache', 'ms-playwright')
  if (!existsSync(cache)) return []

  return readdirSync(cache)
    .filter((name) => name.startsWith('chromium'))
    .flatMap((name) => [
      join(cache, name, 'chrome-linux', 'chrome'),
      join(cache, name, 'chrome-linux64', 'chrome'),
    ])
}

export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium()
  if (!executablePath) throw new Error(howToGetChromium)

  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
}
