/** Turns measured rows into one markdown table per client kind, and writes RESULTS.md. */
import { readFileSync } from 'node:fs'
import { cpus } from 'node:os'
import type { KindReport, Row, WorkloadReport } from './runner.ts'
import { formatNumber, median, percentile } from './stats.ts'
import { FLOOR } from './systems/index.ts'

interface Summary {
  median: number
  /** p99 for latencies; the slowest round for rates. */
  tail: number
}

function summarize(workload: WorkloadReport, row: Row): Summary {
  const mid = median(row.values)
  if (workload.shape === 'latency') return { median: mid, tail: percentile(row.values, 99) }
  if (workload.shape === 'rate') return { median: mid, tail: Math.min(...row.values) }
  return { median: mid, tail: Number.NaN }
}

/** How many times the floor's cost this is: time per operation, or memory. Higher is worse. */
function ratio(workload: WorkloadReport, value: number, floor: number | undefined): string {
  if (floor === undefined || !(floor > 0) || !(value > 0) || workload.id.startsWith('cycles-')) return '—'
  const x = workload.shape === 'rate' ? floor / value : value / floor
  return `${x.toFixed(2)}×`
}

function workloadRows(workload: WorkloadReport): string[] {
  const floorRow = workload.rows.find((row) => row.system === FLOOR && row.status === 'ok')
  const floor = floorRow ? summarize(workload, floorRow).median : undefined
  return workload.rows.map((row, i) => {
    const label = i === 0 ? `${workload.title} (${workload.unit})` : ''
    if (row.status !== 'ok') return `| ${label} | ${row.system} | | | | ${row.status}: ${row.reason ?? ''} |`
    const { median: mid, tail } = summarize(workload, row)
    const note =
      row.verdict ??
      (workload.shape === 'latency' ? `${row.values.length} calls` : workload.shape === 'rate' ? `${row.values.length} rounds` : '')
    return `| ${label} | ${row.system} | ${formatNumber(mid)} | ${formatNumber(tail)} | ${ratio(workload, mid, floor)} | ${note} |`
  })
}

export function renderTable(report: KindReport): string {
  const lines = [
    `### ${report.title}`,
    '',
    '| workload | system | median | p99 / slowest round | × floor | note |',
    '| --- | --- | ---: | ---: | ---: | --- |',
  ]
  for (const workload of report.workloads) lines.push(...workloadRows(workload))
  return lines.join('\n')
}

export const failures = (reports: KindReport[]): string[] =>
  reports.flatMap((report) =>
    report.workloads.flatMap((workload) =>
      workload.rows
        .filter((row) => row.status === 'failed' || row.verdict === 'grows')
        .map((row) => `${report.kind} / ${workload.id} / ${row.system}: ${row.reason ?? `heap ${row.verdict}`}`),
    ),
  )

export function machineLines(chromiumVersion: string | undefined): string[] {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8')
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown'
  return [`- Node: \`${process.version}\``, `- CPU: ${model}, ${cpus().length} cores`, `- Chromium: ${chromiumVersion ?? 'not used'}`]
}

export const METHOD = `How to read the tables:

- **median / p99** for latencies are over every call of every round; for rates (calls/s,
  events/s, messages/s) the median is over rounds and the second column is the slowest round.
- **× floor** is how many times the raw \`ws\` floor's cost each system pays: time per operation
  (or memory per window), so 1.00× is the floor and higher is slower. Not shown for growth rows.
- Systems alternate within every round (floor, socket.io, birpc, tRPC, Causeway, then again), and
  each backend runs in its own child process (\`--expose-gc\`) so RSS figures are per system.
- Pages are real Chromium tabs opened at each system's own HTTP server, served cross-origin
  isolated so \`performance.now()\` resolves 5 µs. Event rates are timed at the page(s), from the
  first delivery to the last; with several windows they count every delivery in every window.
- The channel rate is timed from the request to the last ordered message.
- Binary: the floor sends raw binary frames, socket.io its binary attachments, Causeway its own
  binary frames; birpc (JSON serializer) and tRPC (\`wsLink\`) have no binary path over WebSocket,
  so their adapters carry bytes as base64 inside JSON, as users of those libraries do.
- socket.io runs with \`pingTimeout: 300000\`: with the default 20 s, a page busy with
  1,000,000 queued events answers the heartbeat too late and the server disconnects it.
- Memory per window is the backend's RSS (and heap) growth after opening N more idle windows,
  divided by N, after forced GCs. The listen/unlisten rows are the backend's growth across the
  cycles after a warm-up tenth; heap growth over 512 KB is marked \`grows\`.`
