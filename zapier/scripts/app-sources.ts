/**
 * The source each Zapier app holds, generated into `zapier/apps/<id>/src/` from the repository's
 * one copy. `zapier-platform build` and `push` run the app's `_zapier-build` in its folder, then
 * copy that folder alone (zapier-platform-cli 19.1.0, `src/utils/build.js`: `copyDir(appDir,
 * workingDir)`) and zip from the copy, with `source.zip` made of the folder's files: an app must
 * hold everything it compiles. Its own files are its entry (`src/index.ts`) and its tests
 * (`*.test.ts` under `src/`); every module they import is copied in, with what that imports: the
 * factory (`zapier/src/` to `src/`), the core with only the app's own provider (`shared/` to
 * `src/core/`) and the checks every app's test runs (`zapier/test/app-contract.ts` to
 * `src/test/`). Relative imports are rewritten to match; each copy says in its first line which
 * file to edit instead (see `scripts/source-copies.ts`, shared with the n8n packages).
 *
 *   npm run zapier:sources             writes the copies (npm --prefix zapier run build does too)
 *   npm run zapier:sources -- --check  lists the copies that differ from their source, exit 1 if any
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import {
	copyOf,
	filesUnder,
	generate,
	reachable,
	specifiers,
	staleAmong,
	writeAll,
	type Copy,
	type CopyPlan,
} from '../../scripts/source-copies.js';

export type { Copy } from '../../scripts/source-copies.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const APPS = join(ROOT, 'zapier', 'apps');

/** Where each repository folder goes in an app (first match wins), relative paths with `/`. */
const PLACES = [
	{ source: 'shared/', target: 'src/core/' },
	{ source: 'zapier/test/', target: 'src/test/' },
	{ source: 'zapier/src/', target: 'src/' },
] as const;

const PLAN: CopyPlan = {
	root: ROOT,
	targetOf(source) {
		const place = PLACES.find((entry) => source.startsWith(entry.source));
		if (place === undefined) throw new Error(`${source} is imported, but no app can hold it`);
		return place.target + source.slice(place.source.length);
	},
	edit: 'zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.',
};

/** The files an app writes itself: its entry and its tests. Everything else in `src/` is generated. */
function isOwn(target: string): boolean {
	return target === 'src/index.ts' || (target.startsWith('src/') && target.endsWith('.test.ts'));
}

function sourceOf(target: string): string {
	const place = PLACES.find((entry) => target.startsWith(entry.target));
	if (place === undefined) throw new Error(`${target} is imported, but nothing generates it`);
	return place.source + target.slice(place.target.length);
}

/** The app's own files, relative to its folder: `src/index.ts` and its tests. */
function ownFiles(folder: string): string[] {
	return filesUnder(join(folder, 'src'))
		.map((file) => `src/${file}`)
		.filter(isOwn);
}

/** Every repository file the app's own files reach, following relative imports. */
function sourcesOf(folder: string): string[] {
	const starts = ownFiles(folder).flatMap((own) =>
		specifiers(readFileSync(join(folder, own), 'utf8'))
			.map((specifier) => posix.join(posix.dirname(own), specifier).replace(/\.js$/, '.ts'))
			.filter((target) => !isOwn(target))
			.map(sourceOf),
	);
	return reachable(ROOT, starts);
}

/** The Zapier app folders: each `zapier/apps/<id>/` with a manifest. */
export function appFolders(): string[] {
	return readdirSync(APPS)
		.sort()
		.map((id) => join(APPS, id))
		.filter((folder) => existsSync(join(folder, 'package.json')));
}

/** What `folder`'s `src/` must hold besides its own files, generated from the repository. */
export async function plannedCopies(folder: string): Promise<Copy[]> {
	return Promise.all(sourcesOf(folder).map((source) => copyOf(PLAN, folder, source)));
}

/** The files of `folder`'s `src/` that differ from what would be generated, missing, or not generated. */
export async function staleCopies(folder: string): Promise<string[]> {
	const held = filesUnder(join(folder, 'src'))
		.map((file) => `src/${file}`)
		.filter((file) => !isOwn(file));
	return staleAmong(folder, await plannedCopies(folder), held);
}

/** Removes the folders under `folder` that hold no file any more. */
function pruneEmpty(folder: string): void {
	for (const entry of readdirSync(folder, { withFileTypes: true }))
		if (entry.isDirectory()) {
			const path = join(folder, entry.name);
			pruneEmpty(path);
			if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
		}
}

/** Writes `folder`'s copies, removing any file in its `src/` that is neither its own nor generated. */
export async function writeCopies(folder: string): Promise<number> {
	const planned = await plannedCopies(folder);
	for (const file of filesUnder(join(folder, 'src')))
		if (!isOwn(`src/${file}`)) rmSync(join(folder, 'src', file));
	pruneEmpty(join(folder, 'src'));
	return writeAll(folder, planned);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
	generate(ROOT, appFolders(), {
		write: writeCopies,
		stale: staleCopies,
		command: 'npm run zapier:sources',
	}).catch((error: unknown) => {
		console.error(error);
		process.exit(1);
	});
