import { get } from 'node:http'
import { performance } from 'node:perf_hooks'
import { createApiClient } from '../main/core/api/client'
import { startPoligon } from '../main/poligon'
import { figureLine, formatMs, formatRatio, median, pairedRatios } from './stats'

// `npm run bench:api`: one look-up of the 20-ticket order through the API client (axios, the
// envelope and order checks) against a plain http.get of the same URL, in alternating pairs
// against the simulator on 127.0.0.1 with 20 ms of added latency.

const calls = 200
const warmUp = 20
const orderId = 12100020
const pincode = '9876'

function plainGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (body += chunk))
      response.on('end', () => resolve(body))
      response.on('error', reject)
    }).on('error', reject)
  })
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await work()

  return performance.now() - started
}

async function main(): Promise<void> {
  const poligon = await startPoligon({ latencyMs: 20, flavour: 'polygon' })
  const api = createApiClient({ baseUrl: poligon.url, partnerKey: poligon.partnerKey })
  const query = new URLSearchParams({ id: String(orderId), pincode, session: poligon.partnerKey })
  const url = `${poligon.url}/jtransport/partner/get_order_for_print?${query}`
  const viaClient = () => api.getOrderForPrint(orderId, pincode)
  const viaPlain = () => plainGet(url)

  try {
    const order = await viaClient()
    if (order.tickets.length !== 20) throw new Error('the 20-ticket order did not come back')

    for (let i = 0; i < warmUp; i++) await Promise.all([viaClient(), viaPlain()])

    const client: number[] = []
    const plain: number[] = []
    for (let i = 0; i < calls; i++) {
      // who goes first alternates, so neither side always meets a warm socket
      if (i % 2 === 0) {
        client.push(await timed(viaClient))
        plain.push(await timed(viaPlain))
      } else {
        plain.push(await timed(viaPlain))
        client.push(await timed(viaClient))
      }
    }

    const ratio = median(pairedRatios(client, plain))
    console.log(`client median ${formatMs(median(client))}, plain ${formatMs(median(plain))}`)
    console.log(figureLine('api', formatRatio(ratio)))
  } finally {
    await poligon.close()
  }
}

await main()
