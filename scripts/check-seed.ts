// Validates seed-data/*.yaml (or the files given) and prints counts per plan.
import path from 'node:path';
import { readAllSeedFiles, readSeedFile, walkSeedNodes } from '../src/seed/read-seed-files.js';

const files = process.argv.slice(2);
const seeds = files.length ? files.map((f) => readSeedFile(path.resolve(f))) : readAllSeedFiles();
for (const seed of seeds) {
  for (const plan of seed.plans) {
    const nodes = [...walkSeedNodes(plan.nodes)];
    const measures = nodes.flatMap((n) => n.measures);
    const byRole = Object.entries(
      nodes.reduce<Record<string, number>>((acc, n) => ((acc[n.role] = (acc[n.role] ?? 0) + 1), acc), {}),
    )
      .map(([r, c]) => `${r}=${c}`)
      .join(' ');
    console.log(`${seed.organization.code} ${seed.organization.name} / ${plan.key}: ${byRole} measures=${measures.length}`);
  }
}
