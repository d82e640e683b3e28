#!/usr/bin/env node
// `npm start`: builds the app, then opens it in Electron. Where no Electron runtime can be had
// (it downloads on first launch, and some machines cannot reach the download), it says so in
// one line and starts the web shell instead, so the app still runs.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const electronDir = join(root, 'node_modules', 'electron')

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

function electronBinary() {
  const pathFile = join(electronDir, 'path.txt')
  if (!existsSync(pathFile)) return null

  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}

function fetchElectron() {
  if (electronBinary()) return electronBinary()

  spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    cwd: electronDir,
    stdio: 'ignore',
    timeout: 120_000,
  })
  return electronBinary()
}

run('npx', ['electron-vite', 'build'])

// BSO_KIOSK_SHELL=web goes straight to the web shell: no attempt at the download at all, for a
// machine that is known to have no way to it
const webOnly = process.env['BSO_KIOSK_SHELL'] === 'web'
const binary = !webOnly && existsSync(electronDir) ? fetchElectron() : null
const child = binary
  ? spawn(binary, [root, ...process.argv.slice(2)], { stdio: 'inherit' })
  : (process.stdout.write(
      webOnly
        ? 'BSO_KIOSK_SHELL=web: starting the web shell.\n'
        : 'Electron runtime is not available on this machine; starting the web shell instead.\n',
    ),
    spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'main/web/cli.ts'), ...process.argv.slice(2)],
      {
        cwd: root,
        stdio: 'inherit',
      },
    ))

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code) => process.exit(code ?? 0))
