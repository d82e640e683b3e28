import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

// Packaging cannot run here (it downloads Electron and its own tools), but the installer
// configuration is checked with electron-builder's own validator, so it stays valid.

// electron-builder's packages have no ES module entry for these internals
interface BuilderConfig {
  win?: { target?: unknown }
  linux?: { target?: unknown }
}
const require = createRequire(import.meta.url)
const builder = require.resolve('electron-builder')
const { getConfig, validateConfiguration } = require(
  require.resolve('app-builder-lib/out/util/config/config', { paths: [builder] }),
) as {
  getConfig(dir: string, file: string, options: null): Promise<BuilderConfig>
  validateConfiguration(config: unknown, logger: unknown): Promise<void>
}
const { DebugLogger } = require(require.resolve('builder-util', { paths: [builder] })) as {
  DebugLogger: new (enabled: boolean) => unknown
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own validation', async () => {
    const config = await getConfig(process.cwd(), 'electron-builder.yml', null)

    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
    expect(config.win?.target).toBeDefined()
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
  })

  it('refuses a configuration with an unknown key', async () => {
    const config = await getConfig(process.cwd(), 'electron-builder.yml', null)

    await expect(
      validateConfiguration({ ...config, kioskMode: true } as never, new DebugLogger(false)),
    ).rejects.toThrow(/kioskMode/)
  })
})
