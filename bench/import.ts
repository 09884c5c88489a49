// npm run bench:import [-- --runs N]: imports each seed document 100 times per format (text, DOCX, PDF,
// and the DOCX with Word headings where there is one) and a ~40-page PDF, and prints milliseconds per
// document (mean and 95th percentile) against the targets: under 200 ms for a text document, under 1 s
// for a 40-page PDF. A benchmark, not a test: it always exits 0.
import { readFileSync } from 'node:fs';
import { getDocumentProxy } from 'unpdf';
import { importDocument } from '../src/importer/import-document.js';
import { expectations, fixtureFiles, fixturesDir, seeds } from '../test/unit/importer/seed-comparison.js';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 100;

interface Row {
  file: string;
  mean: number;
  p95: number;
  target: number | null;
}

async function measure(file: string, units: Parameters<typeof importDocument>[0]['units']): Promise<{ mean: number; p95: number }> {
  const bytes = new Uint8Array(readFileSync(fixturesDir + file));
  await importDocument({ bytes, filename: file, units }); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await importDocument({ bytes, filename: file, units });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { mean: times.reduce((a, b) => a + b, 0) / times.length, p95: times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)]! };
}

const rows: Row[] = [];
for (const { seed, plan } of seeds) {
  const { units } = expectations(seed, plan);
  for (const file of fixtureFiles(seed)) {
    const result = await measure(file, units);
    rows.push({ file, ...result, target: file.endsWith('.txt') ? 200 : null });
    process.stdout.write('.');
  }
}
const big = 'bench-40-pages.pdf';
const pdf = await getDocumentProxy(new Uint8Array(readFileSync(fixturesDir + big)));
const pages = pdf.numPages;
await pdf.destroy();
rows.push({ file: `${big} (${pages} pages)`, ...(await measure(big, expectations('kalmar').units)), target: 1000 });

const f = (n: number) => n.toFixed(1).padStart(8);
console.log(`\n\nImporter: ms per document over ${runs} runs (Node ${process.version})\n`);
console.log(`${'document'.padEnd(34)}${'mean'.padStart(8)}${'p95'.padStart(8)}   target`);
for (const r of rows) {
  const verdict = r.target === null ? '' : r.p95 < r.target ? `< ${r.target} ms  ok` : `< ${r.target} ms  MISSED`;
  console.log(`${r.file.padEnd(34)}${f(r.mean)}${f(r.p95)}   ${verdict}`);
}
