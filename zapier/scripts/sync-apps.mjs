// Copies the connector's core (../shared) and the app factory (src/) into each app under
// apps/<id>/src, so every app compiles into its own dist/ and its folder deploys on its own. An
// app gets only its own provider's definition. The factory's copy of the core (src/core) is
// refreshed too, for its own typecheck and tests. Outside the repository (a copy of an app
// folder alone) the copies already made are used as they are.
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const workspace = join(dirname(fileURLToPath(import.meta.url)), '..');
const shared = join(workspace, '..', 'shared');
const factory = join(workspace, 'src');

if (!existsSync(join(shared, 'index.ts'))) {
	console.error('apps: ../shared is missing; build from the repository');
	process.exit(1);
}

rmSync(join(factory, 'core'), { recursive: true, force: true });
cpSync(shared, join(factory, 'core'), { recursive: true });

for (const id of readdirSync(join(workspace, 'apps'))) {
	const src = join(workspace, 'apps', id, 'src');
	if (!existsSync(join(src, 'index.ts'))) continue;
	for (const entry of readdirSync(src))
		if (entry !== 'index.ts') rmSync(join(src, entry), { recursive: true, force: true });
	cpSync(factory, src, {
		recursive: true,
		filter: (path) => relative(factory, path).split(sep)[0] !== 'core',
	});
	cpSync(shared, join(src, 'core'), {
		recursive: true,
		filter: (path) => {
			const [first, provider] = relative(shared, path).split(sep);
			return first !== 'providers' || provider === undefined || provider === id;
		},
	});
	console.log(`apps: ${id} has the factory and the core with its own provider`);
}
