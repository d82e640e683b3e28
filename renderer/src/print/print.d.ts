import type { PrintPageBridge } from '../../../contract/print'

declare global {
  interface Window {
    // set by preload/print.ts before the page runs
    readonly bsoPrint?: PrintPageBridge
  }
}

export {}
