/**
 * `npm run bench`: every benchmark in turn, each printing its table (progress goes to stderr).
 * `npm run bench -- --quick` runs the receive path alone. Results go into BENCHMARKS.md by hand,
 * with the machine and the date each prints.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const SUITES = [
	'receive.bench.ts',
	'n8n.bench.ts',
	'lifecycle.bench.ts',
	'zapier.bench.ts',
	'forged.bench.ts',
	'paired.bench.ts',
	'profile.bench.ts',
	'statements.bench.ts',
] as const;

const quick = process.argv.includes('--quick');
const chosen = quick ? SUITES.slice(0, 1) : SUITES;
let failed = false;
for (const suite of chosen) {
	const path = join(__dirname, suite);
	if (!existsSync(path)) {
		process.stderr.write(`[bench] ${suite} is missing\n`);
		failed = true;
		continue;
	}
	const result = spawnSync(process.execPath, ['--import', 'tsx', path], { stdio: 'inherit' });
	if (result.status !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
