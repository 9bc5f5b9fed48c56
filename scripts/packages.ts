/**
 * Runs n8n's own tool in each n8n package folder (`packages/<name>/`), as its author would there:
 *
 *   tsx scripts/packages.ts build      writes the generated source (package-sources.ts), then
 *                                      `n8n-node build` (the folder's `npm run build`) and its LICENSE
 *   tsx scripts/packages.ts lint       `n8n-node lint` (strict: n8n Cloud's rules)
 *   tsx scripts/packages.ts typecheck  `tsc --noEmit` with the folder's own tsconfig
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import { packageFolders, writeCopies } from './package-sources.js';

const ROOT = join(__dirname, '..');

function run(folder: string, command: string, args: string[]): void {
	const result = spawnSync(command, args, { cwd: folder, encoding: 'utf8' });
	if (result.status === 0) return;
	process.stdout.write(result.stdout);
	process.stderr.write(result.stderr);
	throw new Error(`${basename(folder)}: ${command} ${args.join(' ')} failed`);
}

const STEPS = {
	async build(folder: string): Promise<void> {
		await writeCopies(folder);
		run(folder, 'npm', ['run', '--silent', 'build']);
		copyFileSync(join(ROOT, 'LICENSE'), join(folder, 'LICENSE'));
	},
	async lint(folder: string): Promise<void> {
		run(folder, 'npm', ['run', '--silent', 'lint']);
	},
	async typecheck(folder: string): Promise<void> {
		run(folder, join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', '.', '--noEmit']);
	},
};

async function main(step: string | undefined): Promise<void> {
	if (step === undefined || !(step in STEPS))
		throw new Error(`usage: packages.ts build|lint|typecheck`);
	for (const folder of packageFolders()) {
		await STEPS[step as keyof typeof STEPS](folder);
		console.log(`${basename(folder)}: ${step} passed`);
	}
}

if (require.main === module)
	main(process.argv[2]).catch((error: unknown) => {
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	});
