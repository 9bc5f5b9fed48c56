/** Packs every built n8n package into `artifacts/<name>-<version>.tgz`, as npm would publish it. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const artifacts = join(root, 'artifacts');

/** The tarballs made, by package folder name. */
export function packAll(): Record<string, string> {
	mkdirSync(artifacts, { recursive: true });
	const made: Record<string, string> = {};
	for (const name of readdirSync(join(root, 'packages'))) {
		const folder = join(root, 'packages', name);
		if (!existsSync(join(folder, 'dist')))
			throw new Error(`${name} is not built: run npm run build`);
		const [packed] = JSON.parse(
			execFileSync('npm', ['pack', '--json', '--pack-destination', artifacts], {
				cwd: folder,
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'inherit'],
			}),
		) as Array<{ filename: string }>;
		made[name] = join(artifacts, (packed as { filename: string }).filename);
	}
	return made;
}

if (require.main === module)
	for (const [name, tarball] of Object.entries(packAll())) console.log(`${name}: ${tarball}`);
