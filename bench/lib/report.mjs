// Machine description, Markdown table and JSON output.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

function run(cmd, args) {
  try { return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return null; }
}

export function machineInfo() {
  let cpuModel = null;
  try { cpuModel = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? null; } catch { /* not Linux */ }
  let memTotalKb = null;
  try { memTotalKb = Number(/^MemTotal:\s+(\d+)/m.exec(fs.readFileSync('/proc/meminfo', 'utf8'))[1]); } catch { /* ignore */ }
  return {
    date: run('date', ['-u']) ?? new Date().toUTCString(),
    isoDate: new Date().toISOString(),
    nproc: Number(run('nproc', [])) || os.availableParallelism(),
    memTotalGiB: Math.round(((memTotalKb ?? os.totalmem() / 1024) / 1024 / 1024) * 10) / 10,
    cpuModel: cpuModel ?? os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
    kernel: `${os.type()} ${os.release()}`,
    loadAvgAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

export function fmtValue(v, unit) {
  if (!Number.isFinite(v)) return '—';
  if (unit === 's') return `${v.toFixed(2)} s`;
  const digits = v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${v.toFixed(digits)} ${unit}`;
}

export const fmtRatio = (r) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : '—');

function spreadText(ratio) {
  if (ratio.n <= 1) return 'n=1';
  const base = `${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)}`;
  return ratio.n >= 4 ? `${base} (IQR ${ratio.q1.toFixed(2)}–${ratio.q3.toFixed(2)}, n=${ratio.n})` : `${base} (n=${ratio.n})`;
}

/** rows: [{ label, unit, target, stock: summary, cartable: summary, ratio: summary, pass }] */
export function markdownTable(rows) {
  const lines = [
    '| workload | stock | Cartable | ratio (median) | spread | target |',
    '|---|---:|---:|---:|---|---|',
  ];
  for (const r of rows) {
    const mark = r.pass === null ? '' : r.pass ? ' ✓' : ' ✗';
    lines.push(`| ${r.label} | ${fmtValue(r.stock.median, r.unit)} | ${fmtValue(r.cartable.median, r.unit)} | ${fmtRatio(r.ratio.median)} | ${spreadText(r.ratio)} | ≥ ${r.target}×${mark} |`);
  }
  return lines.join('\n');
}

export function markdownReport({ machine, rows, options, servers, totalSeconds }) {
  return `### Benchmark run — ${machine.date}

- Machine: ${machine.nproc} CPU(s) (\`nproc\`), ${machine.cpuModel}, ${machine.memTotalGiB} GiB RAM, Node ${machine.node}, ${machine.kernel}; load average at start ${machine.loadAvgAtStart.join(' / ')}, at end ${(machine.loadAvgAtEnd ?? []).join(' / ')}
- Stock: ${servers.stock.label}; Cartable: ${servers.cartable.label} (\`${servers.cartable.template}\`)
- Rounds: ${options.rounds} paired, alternating order (cold start: ${options.coldRounds} restarts each)${options.quick ? ', --quick' : ''}; concurrency ${options.concurrency}${options.pin ? `; servers pinned to CPU ${options.pin}` : ''}; total ${Math.round(totalSeconds)} s
- Ratio = Cartable relative to stock, higher is better: throughput Cartable/stock, time and memory stock/Cartable; median of the per-round ratios, spread = min–max of them.

${markdownTable(rows)}
`;
}
