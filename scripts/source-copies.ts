/**
 * Generated copies of the repository's one source, for a folder that must hold everything it
 * compiles: an n8n package (`scripts/package-sources.ts`) and a Zapier app
 * (`zapier/scripts/app-sources.ts`). Each says which files it starts from and where each
 * repository file goes; this follows the relative imports from there, rewrites them to point at
 * the copies, writes the copies, and tells which differ from their source.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { format, resolveConfig } from 'prettier';

/** A relative import or export: `from './x.js'`, `import('./x.js')` or `import './x.js'`. */
const IMPORT = /(from\s+|import\s*\(\s*|import\s+)'(\.{1,2}\/[^']+)'/g;

/** One generated file: where it goes in the folder, and what it holds. */
export interface Copy {
	/** Relative to the repository root, with `/`. */
	readonly source: string;
	/** Relative to the folder, with `/`. */
	readonly target: string;
	readonly content: string;
}

/** How one kind of folder holds its copies. */
export interface CopyPlan {
	/** The repository's root folder. */
	readonly root: string;
	/** Where a repository file goes in the folder, relative to it, with `/`. */
	targetOf(source: string): string;
	/** The first line of a copy that can hold a comment: which file to edit, and how to regenerate. */
	readonly edit: string;
}

/** The relative specifiers a module imports. */
export function specifiers(text: string): string[] {
	return [...text.matchAll(IMPORT)].map(([, , specifier]) => specifier as string);
}

/** The repository file a relative import in `from` names (`./x.js` is `x.ts`). */
export function resolveImport(root: string, from: string, specifier: string): string {
	const path = posix.join(posix.dirname(from), specifier);
	if (path.endsWith('.js')) return path.replace(/\.js$/, '.ts');
	if (existsSync(join(root, `${path}.ts`))) return `${path}.ts`;
	return `${path}/index.ts`;
}

/** `starts` and every repository file they reach through relative imports, sorted. */
export function reachable(root: string, starts: readonly string[]): string[] {
	const found = new Set<string>();
	const queue = [...starts];
	for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
		if (found.has(file)) continue;
		if (!existsSync(join(root, file))) throw new Error(`${file} is missing`);
		found.add(file);
		for (const specifier of specifiers(readFileSync(join(root, file), 'utf8')))
			queue.push(resolveImport(root, file, specifier));
	}
	return [...found].sort();
}

/** A module's text as the folder holds it: its relative imports pointed at the copies. */
function rewriteImports(plan: CopyPlan, source: string, text: string): string {
	const target = plan.targetOf(source);
	return text.replace(IMPORT, (_whole, lead: string, specifier: string) => {
		const imported = plan.targetOf(resolveImport(plan.root, source, specifier));
		const rewritten = posix.relative(posix.dirname(target), imported).replace(/\.ts$/, '.js');
		return `${lead}'${rewritten.startsWith('.') ? rewritten : `./${rewritten}`}'`;
	});
}

/**
 * The copy of `source` for `folder`: a module with its imports rewritten, headed and formatted
 * by the repository's settings wherever the folder is (a test copies it away); an SVG headed; a
 * JSON file (it holds no comment) as it is.
 */
export async function copyOf(plan: CopyPlan, folder: string, source: string): Promise<Copy> {
	const target = plan.targetOf(source);
	const text = readFileSync(join(plan.root, source), 'utf8');
	const line = `Generated from ${source} by ${plan.edit}`;
	if (source.endsWith('.ts')) {
		const options = {
			...(await resolveConfig(join(plan.root, source))),
			filepath: join(folder, target),
		};
		const content = await format(`// ${line}\n${rewriteImports(plan, source, text)}`, options);
		return { source, target, content };
	}
	const content = source.endsWith('.svg') ? `<!-- ${line} -->\n${text}` : text;
	return { source, target, content };
}

/** The files under `folder`, relative to `base`, with `/`. */
export function filesUnder(folder: string, base = folder): string[] {
	if (!existsSync(folder)) return [];
	return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory()
			? filesUnder(join(folder, entry.name), base)
			: [relative(base, join(folder, entry.name)).split('\\').join('/')],
	);
}

/**
 * The copies that differ from `planned` or are missing in `folder`, and the generated files it
 * holds (`held`, relative to it) that are no longer planned.
 */
export function staleAmong(folder: string, planned: readonly Copy[], held: readonly string[]) {
	const wanted = new Set(planned.map((copy) => copy.target));
	const differing = planned
		.filter((copy) => {
			const path = join(folder, copy.target);
			return !existsSync(path) || readFileSync(path, 'utf8') !== copy.content;
		})
		.map((copy) => copy.target);
	return [...differing, ...held.filter((file) => !wanted.has(file))].sort();
}

/** Writes the copies into `folder`; the caller has removed what it held before. */
export function writeAll(folder: string, planned: readonly Copy[]): number {
	for (const copy of planned) {
		const path = join(folder, copy.target);
		mkdirSync(dirname(path), { recursive: true });
		writeFileSync(path, copy.content);
	}
	return planned.length;
}

/**
 * The command line of a generator: writes every folder's copies, or with `--check` lists the
 * copies that differ from their source and exits 1 if any.
 */
export async function generate(
	root: string,
	folders: readonly string[],
	work: {
		write(folder: string): Promise<number>;
		stale(folder: string): Promise<string[]>;
		readonly command: string;
	},
): Promise<void> {
	const check = process.argv.includes('--check');
	let stale = 0;
	for (const folder of folders) {
		const name = relative(root, folder).split('\\').join('/');
		if (!check) {
			console.log(`${name}: ${await work.write(folder)} files generated`);
			continue;
		}
		for (const file of await work.stale(folder)) {
			console.log(`${name}/${file} differs from its source: run ${work.command}`);
			stale += 1;
		}
	}
	if (stale > 0) process.exit(1);
}
