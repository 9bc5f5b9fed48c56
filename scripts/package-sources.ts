/**
 * The source each n8n package ships, generated into `packages/<name>/` from the repository's one
 * copy, where n8n's `n8n-node build` compiles it and n8n's scanner reads it (`nodes/` and
 * `credentials/`): the package's node and credential with their icons and codex file, and every
 * module they import (the trigger factory, the core and only the package's own provider). The core
 * moves from `shared/` to `nodes/shared/`; imports are rewritten to match. Each copy that can
 * hold a comment says in its first line which file to edit instead (see `source-copies.ts`).
 *
 *   npm run sources            writes the copies (npm run build does too)
 *   npm run sources -- --check lists the copies that differ from their source, exit 1 if any
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, posix } from 'node:path';

import {
	copyOf,
	filesUnder,
	generate,
	reachable,
	staleAmong,
	writeAll,
	type Copy,
	type CopyPlan,
} from './source-copies.js';

export type { Copy } from './source-copies.js';

const ROOT = join(__dirname, '..');
const PACKAGES = join(ROOT, 'packages');
/** The folders of a package that hold generated copies, and nothing else. */
const GENERATED = ['nodes', 'credentials'] as const;
const ICON = /['"]file:([\w.-]+\.(?:svg|png))['"]/g;

interface Manifest {
	readonly name: string;
	readonly n8n: { readonly nodes: readonly string[]; readonly credentials: readonly string[] };
}

const PLAN: CopyPlan = {
	root: ROOT,
	// The core under `nodes/shared/`, where the scanner reads it; the rest as is.
	targetOf: (source) => (source.startsWith('shared/') ? `nodes/${source}` : source),
	edit: 'scripts/package-sources.ts: edit that file, then run npm run sources.',
};

/** The TypeScript source a compiled entry (`dist/nodes/X/X.node.js`) comes from. */
function sourceOfEntry(entry: string): string {
	return entry.replace(/^dist\//, '').replace(/\.js$/, '.ts');
}

/** Every repository file a package ships, from its manifest's entries: modules, icons, codex. */
function sourcesOf(manifest: Manifest): string[] {
	const entries = [...manifest.n8n.nodes, ...manifest.n8n.credentials].map(sourceOfEntry);
	const assets = entries.flatMap((entry) => {
		const text = readFileSync(join(ROOT, entry), 'utf8');
		const icons = [...text.matchAll(ICON)].map(([, file]) =>
			posix.join(posix.dirname(entry), file as string),
		);
		const codex = entry.replace(/\.ts$/, '.json');
		return [...icons, ...(existsSync(join(ROOT, codex)) ? [codex] : [])];
	});
	return [...reachable(ROOT, entries), ...new Set(assets)].sort();
}

/** The n8n package folders: each `packages/<name>/` with a manifest. */
export function packageFolders(): string[] {
	return readdirSync(PACKAGES)
		.map((name) => join(PACKAGES, name))
		.filter((folder) => existsSync(join(folder, 'package.json')));
}

/** What `folder`'s `nodes/` and `credentials/` must hold, generated from the repository. */
export async function plannedCopies(folder: string): Promise<Copy[]> {
	const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as Manifest;
	return Promise.all(sourcesOf(manifest).map((source) => copyOf(PLAN, folder, source)));
}

/** The files of `folder` that differ from what would be generated, missing, or not generated. */
export async function staleCopies(folder: string): Promise<string[]> {
	const held = GENERATED.flatMap((sub) => filesUnder(join(folder, sub)).map((f) => `${sub}/${f}`));
	return staleAmong(folder, await plannedCopies(folder), held);
}

/** Writes `folder`'s copies, removing any file there that is no longer generated. */
export async function writeCopies(folder: string): Promise<number> {
	const planned = await plannedCopies(folder);
	for (const sub of GENERATED) rmSync(join(folder, sub), { recursive: true, force: true });
	return writeAll(folder, planned);
}

if (require.main === module)
	generate(ROOT, packageFolders(), {
		write: writeCopies,
		stale: staleCopies,
		command: 'npm run sources',
	}).catch((error: unknown) => {
		console.error(error);
		process.exit(1);
	});
