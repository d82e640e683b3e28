// Pure helpers shared by the benchmarks; tests/unit/bench-stats.test.ts checks them.

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values')

  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)

  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

// each measured run is divided by the baseline run next to it, so drift of the machine
// between pairs cancels out
export function pairedRatios(measured: readonly number[], baseline: readonly number[]): number[] {
  if (measured.length !== baseline.length) throw new RangeError('unpaired samples')

  return measured.map((value, i) => value / baseline[i]!)
}

export function formatRatio(ratio: number): string {
  return ratio.toFixed(3)
}

export function formatMs(ms: number): string {
  return `${ms.toFixed(2)} ms`
}

export function formatBytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`
}

export function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(2)} MB`
}

// the last line of every bench, the one the README quotes
export function figureLine(name: string, value: string): string {
  return `${name}: ${value}`
}
