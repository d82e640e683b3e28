import { EventEmitter } from 'node:events'

// A stand-in for the `electron` module, for the shell's unit tests: it records what the shell
// asked of it (window options, handlers, menu, power blocker) and lets a test fire events.

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: unknown) => { action: string }) | null = null
  reloads = 0
  crashesForced = 0
  zoomLimits: [number, number] | null = null
  sent: [string, unknown][] = []
  destroyed = false

  setWindowOpenHandler(handler: (details: unknown) => { action: string }) {
    this.windowOpenHandler = handler
  }

  reload() {
    this.reloads += 1
  }

  forcefullyCrashRenderer() {
    this.crashesForced += 1
  }

  async setVisualZoomLevelLimits(min: number, max: number) {
    this.zoomLimits = [min, max]
  }

  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload])
  }

  isDestroyed() {
    return this.destroyed
  }

  // an event with preventDefault, as Electron passes it
  fire(name: string, ...args: unknown[]): { prevented: boolean } {
    const event = { prevented: false, preventDefault: () => (event.prevented = true) }
    this.emit(name, event, ...args)
    return event
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = []
  readonly webContents = new FakeWebContents()
  menuRemoved = false
  loaded: string[] = []

  constructor(readonly options: Record<string, unknown>) {
    super()
    FakeBrowserWindow.created.push(this)
  }

  removeMenu() {
    this.menuRemoved = true
  }

  setMenuBarVisibility() {}
  isDestroyed() {
    return false
  }
  isMinimized() {
    return false
  }
  restore() {}
  focus() {}
  show() {}

  async loadURL(url: string) {
    this.loaded.push(url)
  }
}

export function fakeElectron(options: { userData: string; singleInstance?: boolean }) {
  const app = Object.assign(new EventEmitter(), {
    isPackaged: true,
    quitCalled: 0,
    loginItems: [] as unknown[],
    requestSingleInstanceLock: () => options.singleInstance ?? true,
    quit() {
      app.quitCalled += 1
    },
    exit() {},
    relaunch() {},
    whenReady: async () => {},
    getPath: () => options.userData,
    getVersion: () => '0.1.0-test',
    setLoginItemSettings(settings: unknown) {
      app.loginItems.push(settings)
    },
  })
  const permissions: { request?: unknown; check?: unknown; device?: unknown; headers?: unknown } =
    {}
  const handlers = new Map<string, unknown>()
  const blockers = new Set<number>()
  let menu: unknown = 'default'

  return {
    app,
    permissions,
    handlers,
    blockers,
    menu: () => menu,
    BrowserWindow: FakeBrowserWindow,
    Menu: { setApplicationMenu: (value: unknown) => (menu = value) },
    ipcMain: {
      handle: (channel: string, handler: unknown) => handlers.set(channel, handler),
      removeHandler: (channel: string) => handlers.delete(channel),
    },
    powerSaveBlocker: {
      start: (type: string) => {
        blockers.add(blockers.size + 1)
        return type === 'prevent-display-sleep' ? blockers.size : -1
      },
      isStarted: (id: number) => blockers.has(id),
      stop: (id: number) => blockers.delete(id),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: unknown) => (permissions.request = h),
        setPermissionCheckHandler: (h: unknown) => (permissions.check = h),
        setDevicePermissionHandler: (h: unknown) => (permissions.device = h),
        webRequest: { onHeadersReceived: (h: unknown) => (permissions.headers = h) },
      },
    },
    dialog: { showErrorBox() {} },
  }
}
