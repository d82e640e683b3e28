import { describe, expect, it } from 'vitest'
import {
  figureLine,
  formatBytes,
  formatMegabytes,
  formatMs,
  formatRatio,
  median,
  pairedRatios,
} from '../../bench/stats'

describe('bench helpers', () => {
  it.each([
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[10, 10, 1, 10], 10],
  ])('median of %j is %d', (values, want) => {
    expect(median(values)).toBe(want)
  })

  it('refuses the median of nothing and leaves its input unsorted', () => {
    const values = [3, 1, 2]

    expect(() => median([])).toThrow(RangeError)
    median(values)
    expect(values).toEqual([3, 1, 2])
  })

  it('divides each run by the baseline beside it, and refuses unpaired samples', () => {
    expect(pairedRatios([22, 30], [20, 20])).toEqual([1.1, 1.5])
    expect(() => pairedRatios([1, 2], [1])).toThrow(RangeError)
  })

  it('formats figures as the README quotes them', () => {
    expect(formatRatio(1.04349)).toBe('1.043')
    expect(formatMs(12.345)).toBe('12.35 ms')
    expect(formatBytes(96_870)).toBe('94.6 KB')
    expect(formatMegabytes(1.5 * 1024 * 1024)).toBe('1.50 MB')
    expect(figureLine('api', '1.043')).toBe('api: 1.043')
  })
})
