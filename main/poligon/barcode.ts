import bwipjs from 'bwip-js/node'

export interface BarcodeBar {
  /** Offset from the left edge of the symbol, in modules. */
  x: number
  width: number
}

export interface Code128 {
  bars: BarcodeBar[]
  /** Width of the symbol without quiet zones, in modules. */
  modules: number
}

/** A scanner needs ten blank modules either side of the symbol. */
export const QUIET_ZONE_MODULES = 10

/**
 * The bars of a Code 128 symbol, so that documents draw them as vector rectangles and
 * stay sharp at any printer resolution. The default export's `raw` is the encoder; the
 * named `raw` export of bwip-js is a symbology of that name.
 */
export function code128(text: string): Code128 {
  const [symbol] = bwipjs.raw({ bcid: 'code128', text })
  if (symbol === undefined || !('sbs' in symbol)) {
    throw new Error(`bwip-js gave no linear symbol for ${text}`)
  }

  const bars: BarcodeBar[] = []
  let x = 0
  symbol.sbs.forEach((width, index) => {
    // sbs alternates bar, space, bar, … starting with a bar.
    if (index % 2 === 0) bars.push({ x, width })
    x += width
  })
  return { bars, modules: x }
}
