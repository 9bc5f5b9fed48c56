/**
 * The release, as `.github/workflows/release.yml` runs it on a version tag after the tests:
 * refuses placeholders in the manifests (a repository URL that is not this repository's, an
 * author email at a reserved domain), builds and packs every n8n package, checks each tarball
 * the way n8n's verification would (n8n's lint rules on what ships, its manifest, its files, no
 * runtime dependencies, a CHANGELOG.md entry for its version, that n8n can load it), checks
 * every Zapier app with Zapier's own `validate` and `build`, and prints what would be published
 * with which version.
 *
 *   npm run release -- --dry-run    everything but publishing; runs anywhere
 *   npm run release                 then, in each package folder whose version the registry does
 *                                   not have yet, what `n8n-node release` does in GitHub Actions:
 *                                   `npm run lint`, `npm run build`, `npm publish` with
 *                                   NPM_CONFIG_PROVENANCE=true; only in GitHub Actions (provenance
 *                                   needs its OIDC token) unless --outside-ci is given, which
 *                                   publishes without provenance
 *   --registry <url>                the registry to ask and publish to; npm's public one by default
 *   --allow-placeholders            list placeholders without refusing: for a dry run, or to
 *                                   publish to a registry other than npm's public one
 *
 * Zapier apps are not published from here: `zapier-platform push` needs a Zapier deploy key and
 * `promote` a person (zapier/README.md). The release writes each app's CHANGELOG.md from this
 * repository's, the file `promote` reads.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';

import { packAll } from './pack.js';
import { withoutRunnerSettings } from './toolchain.js';

const ROOT = join(__dirname, '..');
const CHANGELOG = join(ROOT, 'CHANGELOG.md');
/** npm's public registry, where users install from and n8n's verification looks. */
export const NPM_REGISTRY = 'https://registry.npmjs.org/';

interface Manifest {
	name: string;
	version: string;
	private?: boolean;
	license?: string;
	author?: { name?: string; email?: string };
	homepage?: string;
	bugs?: { url?: string };
	repository?: { type?: string; url?: string; directory?: string };
	keywords?: string[];
	files?: string[];
	engines?: Record<string, string>;
	dependencies?: Record<string, string>;
	optionalDependencies?: Record<string, string>;
	bundleDependencies?: unknown;
	peerDependencies?: Record<string, string>;
	n8n?: { n8nNodesApiVersion?: number; nodes?: string[]; credentials?: string[] };
}

/** One package or app: where it is, what it says, and what is wrong with it. */
interface Release {
	folder: string;
	manifest: Manifest;
	problems: string[];
	notes: string[];
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const say = (line = '') => process.stdout.write(`${line}\n`);

function run(
	command: string,
	args: string[],
	cwd = ROOT,
	env: NodeJS.ProcessEnv = withoutRunnerSettings(process.env),
): void {
	const result = spawnSync(command, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd}`);
}

/** Whether `url` is npm's public registry, where users install from (any path, any case). */
export function isNpmRegistry(url: string): boolean {
	try {
		return new URL(url).hostname === new URL(NPM_REGISTRY).hostname;
	} catch {
		return false;
	}
}

/** This repository's web address, and where it was learnt. */
export interface KnownRepository {
	/** `https://<host>/<owner>/<name>`. */
	url: string;
	/** `GITHUB_REPOSITORY` or `git remote origin`. */
	from: string;
}

/**
 * A repository URL as its web address, `https://<host>/<owner>/<name>`, from any form git or npm
 * writes (`git+https://host/owner/name.git`, `git@host:owner/name.git`, `ssh://git@host/...`,
 * `github:owner/name`), without credentials; undefined for anything else, such as a local path.
 */
export function webUrl(url: string): string | undefined {
	const trimmed = url.trim().replace(/^git\+/, '');
	const shorthand = /^github:([^/\s]+\/[^/\s]+)$/.exec(trimmed);
	const scp = /^[\w.-]+@([\w.-]+):(?!\/)(.+)$/.exec(trimmed);
	let host: string;
	let path: string;
	if (shorthand) [host, path] = ['github.com', shorthand[1]!];
	else if (scp) [host, path] = [scp[1]!, scp[2]!];
	else {
		let parsed: URL;
		try {
			parsed = new URL(trimmed);
		} catch {
			return undefined;
		}
		if (!['https:', 'http:', 'ssh:', 'git:'].includes(parsed.protocol) || !parsed.hostname)
			return undefined;
		[host, path] = [parsed.host, parsed.pathname];
	}
	const parts = path
		.replace(/^\/+|\/+$/g, '')
		.replace(/\.git$/, '')
		.split('/');
	if (parts.length !== 2 || parts.some((part) => part === '')) return undefined;
	return `https://${host.toLowerCase()}/${parts.join('/')}`;
}

/**
 * The repository this runs in: GitHub Actions names it (`GITHUB_REPOSITORY`, the repository npm
 * signs provenance for); elsewhere the clone's `origin` remote does. Undefined when neither does
 * (no remote, or a local path): the manifests' repository URL cannot be verified then.
 */
export function knownRepository(
	env: NodeJS.ProcessEnv,
	origin: string | undefined,
): KnownRepository | undefined {
	if (env.GITHUB_REPOSITORY)
		return {
			url: `${(env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '')}/${env.GITHUB_REPOSITORY}`,
			from: 'GITHUB_REPOSITORY',
		};
	const url = origin === undefined ? undefined : webUrl(origin);
	return url === undefined ? undefined : { url, from: 'git remote origin' };
}

/** `git remote get-url origin` in `cwd`, or undefined when there is no such remote (or no git). */
export function originUrl(cwd: string = ROOT): string | undefined {
	const result = spawnSync('git', ['remote', 'get-url', 'origin'], { cwd, encoding: 'utf8' });
	return result.status === 0 && result.stdout.trim() !== '' ? result.stdout.trim() : undefined;
}

/** Domains reserved for examples and tests (RFC 2606, RFC 6761): no mail reaches them. */
const RESERVED_DOMAIN = /(^|\.)(example|invalid|test|localhost)$|^example\.(com|net|org)$/;

/**
 * What in a manifest stands in for a real value, each naming the field, its value and why: a
 * repository URL that is not `repository`'s (or that nothing can confirm, when `repository` is
 * unknown), an author email at a reserved domain.
 */
export function placeholders(
	manifest: Pick<Manifest, 'repository' | 'author'>,
	repository: KnownRepository | undefined,
): string[] {
	const found: string[] = [];
	const url = manifest.repository?.url;
	const named = url === undefined ? undefined : webUrl(url);
	if (repository === undefined)
		found.push(
			`repository.url ${url ?? '(missing)'} cannot be verified: GITHUB_REPOSITORY is not set and this clone has no origin remote on a host (git remote add origin <the repository's URL>)`,
		);
	else if (named?.toLowerCase() !== repository.url.toLowerCase())
		found.push(
			`repository.url ${url ?? '(missing)'} is not this repository, ${repository.url} (${repository.from})`,
		);
	const email = manifest.author?.email;
	const domain = email?.split('@').pop()?.toLowerCase();
	const reserved = domain === undefined ? null : RESERVED_DOMAIN.exec(domain);
	if (reserved)
		found.push(
			`author.email ${email} is at ${reserved[2] ? `.${reserved[2]}` : reserved[0]}, a domain reserved for examples (RFC 2606): no mail reaches it`,
		);
	return found;
}

/** Every manifest the release reads: the workspace's, each n8n package's, each Zapier app's. */
function manifestPaths(): string[] {
	const inside = (folder: string): string[] =>
		existsSync(folder)
			? readdirSync(folder)
					.sort()
					.map((name) => join(folder, name, 'package.json'))
					.filter((path) => existsSync(path))
			: [];
	return [
		join(ROOT, 'package.json'),
		...inside(join(ROOT, 'packages')),
		...inside(join(ROOT, 'zapier', 'apps')),
	];
}

/**
 * `env` for npm commands the release runs in a package folder: without what `npm run` and tsx
 * inject (`npm_config_local_prefix` would make npm act on the workspace), but with the user's
 * own `NPM_CONFIG_*` (a user config holding a token, a registry), which
 * {@link withoutRunnerSettings} drops too.
 */
function npmEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	const own = Object.entries(env).filter(([key]) => key.startsWith('NPM_CONFIG_'));
	return { ...withoutRunnerSettings(env), ...Object.fromEntries(own) };
}

export interface PublishOptions {
	/** The registry to publish to, e.g. {@link NPM_REGISTRY}. */
	registry: string;
	/** Whether npm signs a provenance statement (`NPM_CONFIG_PROVENANCE`): GitHub Actions only. */
	provenance: boolean;
	/**
	 * The environment npm runs in (its user config, its token), as given; by default this
	 * process's without what `npm run` and tsx inject.
	 */
	env?: NodeJS.ProcessEnv;
	/** Keep npm's output unless a step fails, then put it in the error (for tests); shown by default. */
	quiet?: boolean;
}

/**
 * Publishes the package in `folder` exactly as `n8n-node release` does in GitHub Actions
 * (@n8n/node-cli 0.48.3, `dist/commands/release.js`): `npm run lint`, `npm run build`, then
 * `npm publish` with `RELEASE_MODE=true` (which the package's `prepublishOnly`, `n8n-node
 * prerelease`, asks for) and `NPM_CONFIG_PROVENANCE`; the registry is a parameter here, and
 * provenance can be off (npm can sign it only in GitHub Actions).
 */
export function publishPackage(folder: string, options: PublishOptions): void {
	const env = {
		...(options.env ?? npmEnvironment(process.env)),
		RELEASE_MODE: 'true',
		NPM_CONFIG_PROVENANCE: String(options.provenance),
	};
	for (const args of [
		['run', 'lint'],
		['run', 'build'],
		['publish', '--registry', options.registry],
	]) {
		if (!options.quiet) {
			run('npm', args, folder, env);
			continue;
		}
		const result = spawnSync('npm', args, { cwd: folder, env, encoding: 'utf8' });
		if (result.status !== 0)
			throw new Error(
				`npm ${args.join(' ')} failed in ${folder}:\n${(result.stdout + result.stderr).slice(-8000)}`,
			);
	}
}

/** The CHANGELOG.md section of `name@version`, or undefined; its heading must carry a date. */
export function changelogEntry(
	changelog: string,
	name: string,
	version: string,
): string | undefined {
	const lines = changelog.split('\n');
	const heading = `## [${name}@${version}] - `;
	const start = lines.findIndex((line) => line.startsWith(heading));
	if (start < 0 || !/^\d{4}-\d{2}-\d{2}$/.test(lines[start]!.slice(heading.length)))
		return undefined;
	// The section ends at the next heading of its level or above, or at the link references.
	const end = lines.findIndex((line, index) => index > start && /^(##? |\[[^\]]+\]: )/.test(line));
	return lines
		.slice(start + 1, end < 0 ? undefined : end)
		.join('\n')
		.trim();
}

/** What every package and app shares: license, author, and the repository's URLs. */
function checkCommon(release: Release, root: Manifest): void {
	const { manifest: m, folder, problems } = release;
	const directory = relative(ROOT, folder);
	const repo = root.repository?.url ?? '';
	const web = repo.replace(/^git\+/, '').replace(/\.git$/, '');
	if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(m.version))
		problems.push(`version ${m.version} is not semver`);
	if (m.license !== 'MIT') problems.push('license must be MIT (n8n verifies MIT only)');
	if (!m.author?.name || !m.author.email) problems.push('author needs a name and an email');
	if (m.repository?.type !== 'git' || m.repository.url !== repo)
		problems.push(`repository.url must be the workspace's, ${repo}`);
	if (m.repository?.directory !== directory)
		problems.push(`repository.directory must be ${directory}`);
	if (m.homepage !== `${web}/tree/main/${directory}#readme`)
		problems.push(`homepage must be ${web}/tree/main/${directory}#readme`);
	if (m.bugs?.url !== `${web}/issues`) problems.push(`bugs.url must be ${web}/issues`);
	if (changelogEntry(readFileSync(CHANGELOG, 'utf8'), m.name, m.version) === undefined)
		problems.push(`CHANGELOG.md has no "## [${m.name}@${m.version}] - YYYY-MM-DD" section`);
}

/** The release of the package or app in `folder`, with the checks every one of them gets. */
function commonlyChecked(folder: string, root: Manifest): Release {
	const release: Release = {
		folder,
		manifest: readJson(join(folder, 'package.json')),
		problems: [],
		notes: [],
	};
	checkCommon(release, root);
	return release;
}

/** The manifest rules n8n's lint and verification apply to a community package. */
function checkN8nManifest(release: Release): void {
	const { manifest: m, folder, problems } = release;
	if (m.name !== relative(join(ROOT, 'packages'), folder) || !/^n8n-nodes-[a-z0-9-]+$/.test(m.name))
		problems.push('name must be n8n-nodes-<id>, as its folder');
	if (!m.keywords?.includes('n8n-community-node-package'))
		problems.push('keywords must include n8n-community-node-package');
	if (JSON.stringify(m.files) !== '["dist"]') problems.push('files must be ["dist"]');
	for (const field of ['dependencies', 'optionalDependencies', 'bundleDependencies'] as const)
		if (m[field] !== undefined && Object.keys(m[field] as object).length > 0)
			problems.push(
				`${field} must be empty: verified community nodes have no runtime dependencies`,
			);
	if (JSON.stringify(m.peerDependencies) !== '{"n8n-workflow":"*"}')
		problems.push('peerDependencies must be exactly {"n8n-workflow": "*"}');
	if (m.n8n?.n8nNodesApiVersion !== 1) problems.push('n8n.n8nNodesApiVersion must be 1');
	const entries = [...(m.n8n?.nodes ?? []), ...(m.n8n?.credentials ?? [])];
	if (!m.n8n?.nodes?.length || !m.n8n.credentials?.length)
		problems.push('n8n.nodes and n8n.credentials must list the node and its credential');
	if (entries.some((entry) => !entry.startsWith('dist/')))
		problems.push('n8n.nodes and n8n.credentials must point into dist/');
	if (!m.engines?.n8n) problems.push('engines.n8n must state the supported n8n range');
}

/** The files of a tarball, and what must and must not be among them. */
function checkTarball(release: Release, unpacked: string): void {
	const { manifest: m, problems, notes } = release;
	const files = readdirSync(unpacked, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile())
		.map((entry) => relative(unpacked, join(entry.parentPath, entry.name)));
	const stray = files.filter(
		(file) => !['package.json', 'README.md', 'LICENSE'].includes(file) && !file.startsWith('dist/'),
	);
	if (stray.length > 0) problems.push(`tarball holds files outside dist/: ${stray.join(', ')}`);
	if (!files.includes('LICENSE') || !files.includes('README.md'))
		problems.push('tarball lacks LICENSE or README.md');
	for (const entry of [...(m.n8n?.nodes ?? []), ...(m.n8n?.credentials ?? [])])
		if (!files.includes(entry)) problems.push(`tarball lacks ${entry}`);
	const id = m.name.replace(/^n8n-nodes-/, '');
	const others = files.filter((file) => /^dist\/nodes\/shared\/providers\/(?!$)/.test(file));
	const foreign = others.filter((file) => !file.startsWith(`dist/nodes/shared/providers/${id}/`));
	if (foreign.length > 0)
		problems.push(`tarball holds other providers' code: ${foreign.join(', ')}`);
	if (
		files.some((file) => /(?<!\.d)\.ts$/.test(file) || /(^|\/)(test|sandbox|zapier)\//.test(file))
	)
		problems.push('tarball holds TypeScript sources, tests, the sandbox or the Zapier app');
	notes.push(`${files.length} files`);
}

/**
 * n8n's scanner (`npx @n8n/scan-community-package`, the verification gate) lints the tarball's
 * `**\/*.js` and `package.json` with this configuration, besides the source its provenance points
 * at: @n8n/scan-community-package 0.32.0, scanner/scanner.mjs, `buildScanConfig` and
 * `analyzePackage`. Errors fail it; warnings are reported.
 */
export async function scannerLint(release: Release, unpacked: string): Promise<void> {
	const { ESLint } = await import('eslint');
	const { n8nCommunityNodesPlugin } = await import('@n8n/eslint-plugin-community-nodes');
	// eslint-plugin-n8n-nodes-base and the TypeScript parser, as n8n's own config carries them.
	const { config } = (await import('@n8n/node-cli/eslint')) as unknown as {
		config: Array<{
			files?: string[];
			plugins?: Record<string, { configs: { community: { rules: object } } }>;
			languageOptions?: { parser?: unknown };
		}>;
	};
	const n8nNodesBase = config.find((block) => block.plugins?.['n8n-nodes-base'])!.plugins![
		'n8n-nodes-base'
	]!;
	const parser = config.find(
		(block) => block.files?.includes('package.json') && block.languageOptions?.parser,
	)!.languageOptions!.parser;
	const eslint = new ESLint({
		cwd: unpacked,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: [
			n8nCommunityNodesPlugin.configs.recommended,
			{ rules: { 'no-console': 'error' } },
			{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
			{ files: ['package.json'], rules: { ...n8nNodesBase.configs.community.rules } },
			{ files: ['**/*.json'], languageOptions: { parser } },
		] as never,
	});
	const results = await eslint.lintFiles(['**/*.js', 'package.json']);
	const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
	const warnings = results.reduce((sum, result) => sum + result.warningCount, 0);
	if (errors + warnings > 0) {
		const formatter = await eslint.loadFormatter('stylish');
		say(await formatter.format(results));
	}
	if (errors > 0) release.problems.push(`n8n's scanner lint: ${errors} errors`);
	if (warnings > 0) release.problems.push(`n8n's scanner lint: ${warnings} warnings`);
	if (errors + warnings === 0) release.notes.push(`scanner lint clean on ${results.length} files`);
}

/**
 * Loads the node and credential from the unpacked tarball as n8n would, with n8n-workflow and
 * zod from outside the package: a missing file or a runtime import n8n does not provide fails.
 */
function checkLoads(release: Release, unpacked: string): void {
	const entries = [
		...(release.manifest.n8n?.nodes ?? []),
		...(release.manifest.n8n?.credentials ?? []),
	];
	const script = `for (const entry of ${JSON.stringify(entries)}) {
		for (const Type of Object.values(require('./' + entry))) {
			const made = new Type();
			const name = made.description ? made.description.name : made.name;
			if (!name) throw new Error(entry + ' exports no node or credential');
			process.stdout.write(name + ' ');
		}
	}`;
	try {
		const names = execFileSync(process.execPath, ['-e', script], {
			cwd: unpacked,
			env: { ...withoutRunnerSettings(process.env), NODE_PATH: join(ROOT, 'node_modules') },
			encoding: 'utf8',
		});
		release.notes.push(`loads ${names.trim().split(' ').join(' + ')}`);
	} catch (error) {
		release.problems.push(
			`does not load: ${(error as Error).message.split('\n').slice(0, 3).join(' ')}`,
		);
	}
}

/** Whether `registry` has `name@version` already (true), not (false), or cannot say (undefined). */
function onRegistry(name: string, version: string, registry: string): boolean | undefined {
	const args = ['view', `${name}@${version}`, 'version', '--json', '--registry', registry];
	const result = spawnSync('npm', args, {
		cwd: ROOT,
		env: npmEnvironment(process.env),
		encoding: 'utf8',
		timeout: 60_000,
	});
	if (result.status === 0) return result.stdout.trim().length > 0;
	return /E404|404 Not Found|is not in this registry/.test(result.stderr) ? false : undefined;
}

/** Zapier's `promote` reads the app folder's CHANGELOG.md, with `## <version>` headings. */
function writeZapierChangelog(release: Release): void {
	const changelog = readFileSync(CHANGELOG, 'utf8');
	const { name } = release.manifest;
	const sections = [...changelog.matchAll(/^## \[([^\]@]+)@([^\]]+)\] - (\S+)$/gm)]
		.filter(([, entry]) => entry === name)
		.map(
			([, , version, date]) =>
				`## ${version} (${date})\n\n${changelogEntry(changelog, name, version!) ?? ''}\n`,
		);
	writeFileSync(
		join(release.folder, 'CHANGELOG.md'),
		`# ${name}: changelog\n\nWritten by \`npm run release\` from the repository's CHANGELOG.md; edit that one.\n\n${sections.join('\n')}`,
	);
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			'dry-run': { type: 'boolean', default: false },
			'outside-ci': { type: 'boolean', default: false },
			'allow-placeholders': { type: 'boolean', default: false },
			registry: { type: 'string', default: NPM_REGISTRY },
		},
	});
	const dryRun = values['dry-run'];
	const registry = values.registry;
	if (!dryRun && process.env.GITHUB_ACTIONS !== 'true' && !values['outside-ci']) {
		say(
			'npm run release publishes with npm provenance, which only GitHub Actions can sign: push a\n' +
				'tag (see README.md, Releasing) or run `npm run release -- --dry-run` to check. To publish\n' +
				'from here anyway, without provenance (n8n will not verify such a package), add --outside-ci.',
		);
		process.exitCode = 2;
		return;
	}
	if (values['allow-placeholders'] && !dryRun && isNpmRegistry(registry)) {
		say(
			`--allow-placeholders publishes to a registry of your own (--registry), never to ${registry}.`,
		);
		process.exitCode = 2;
		return;
	}

	const repository = knownRepository(process.env, originUrl());
	const found = manifestPaths().flatMap((path) =>
		placeholders(readJson<Manifest>(path), repository).map(
			(placeholder) => `${relative(ROOT, path)}: ${placeholder}`,
		),
	);
	if (found.length > 0) {
		say(`Placeholders (${found.length}), to replace before a release (README.md, Releasing):`);
		for (const placeholder of found) say(`  PLACEHOLDER: ${placeholder}`);
		if (!values['allow-placeholders']) {
			say('Nothing built or published. To check everything else anyway, add --allow-placeholders.');
			process.exitCode = 1;
			return;
		}
		say('Allowed by --allow-placeholders.\n');
	}
	const root = readJson<Manifest>(join(ROOT, 'package.json'));

	say('Building and packing the n8n packages...');
	run('npm', ['run', 'build']);
	const tarballs = packAll();
	const packages: Release[] = [];
	for (const [name, tarball] of Object.entries(tarballs)) {
		const release = commonlyChecked(join(ROOT, 'packages', name), root);
		checkN8nManifest(release);
		const unpacked = mkdtempSync(join(tmpdir(), `${name}-release-`));
		try {
			run('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
			checkTarball(release, unpacked);
			await scannerLint(release, unpacked);
			checkLoads(release, unpacked);
		} finally {
			rmSync(unpacked, { recursive: true, force: true });
		}
		release.notes.unshift(relative(ROOT, tarball));
		packages.push(release);
	}

	const apps: Release[] = readdirSync(join(ROOT, 'zapier', 'apps'))
		.sort()
		.map((id) => {
			const release = commonlyChecked(join(ROOT, 'zapier', 'apps', id), root);
			const { manifest: m } = release;
			if (m.name !== `${id}-zapier` || m.private !== true)
				release.problems.push(
					`name must be ${id}-zapier, and the package private (Zapier hosts it, not npm)`,
				);
			if (!/^\d+\.\d+\.\d+$/.test(m.dependencies?.['zapier-platform-core'] ?? ''))
				release.problems.push(
					"zapier-platform-core must be an exact version (Zapier's CLI requires it)",
				);
			if (release.problems.length === 0) writeZapierChangelog(release);
			return release;
		});
	say("Checking the Zapier apps with Zapier's validate and build (their tests in zapier/)...");
	if (!existsSync(join(ROOT, 'zapier', 'node_modules'))) run('npm', ['run', 'zapier:prepare']);
	const zapierTests = spawnSync(
		'npm',
		['--prefix', 'zapier', 'test', '--', 'test/validate.test.ts', 'test/build.test.ts'],
		{
			cwd: ROOT,
			env: withoutRunnerSettings(process.env),
			stdio: ['ignore', 'inherit', 'inherit'],
		},
	);
	for (const app of apps)
		if (zapierTests.status === 0) app.notes.push('validate and build pass');
		else app.problems.push("Zapier's validate or build failed (above)");

	// A tag `<name>@<version>` must name a package at the version it holds: a forgotten bump.
	const general: string[] = [];
	const tag = process.env.GITHUB_REF_TYPE === 'tag' ? process.env.GITHUB_REF_NAME : undefined;
	if (
		tag !== undefined &&
		![...packages, ...apps].some(({ manifest: m }) => `${m.name}@${m.version}` === tag)
	)
		general.push(`the tag ${tag} names no package or app at the version it holds`);

	// Provenance only where npm can sign it; n8n verifies no package without it.
	const provenance = process.env.GITHUB_ACTIONS === 'true';
	say(
		`\nn8n packages to ${registry} (in each folder: npm run lint, npm run build, npm publish${provenance ? ' with provenance' : ', no provenance outside GitHub Actions'}):`,
	);
	const toPublish: Release[] = [];
	for (const release of packages) {
		const { name, version } = release.manifest;
		const published = onRegistry(name, version, registry);
		const action =
			published === true
				? 'already published: skipped'
				: published === false
					? dryRun
						? 'would publish'
						: 'publishing'
					: 'the registry could not be asked: would publish';
		if (published !== true) toPublish.push(release);
		say(
			`  ${name}@${version} (n8n ${release.manifest.engines?.n8n ?? '?'}): ${action}; ${release.notes.join('; ')}`,
		);
		for (const problem of release.problems) say(`    PROBLEM: ${problem}`);
	}
	say('\nZapier apps (zapier-platform push in each folder, by hand; see zapier/README.md):');
	for (const release of apps) {
		const { name, version } = release.manifest;
		say(
			`  ${name} ${version} from ${relative(ROOT, release.folder)}: would push ${version}, then promote; ${release.notes.join('; ')}`,
		);
		for (const problem of release.problems) say(`    PROBLEM: ${problem}`);
	}
	for (const problem of general) say(`PROBLEM: ${problem}`);
	const problems = [...packages, ...apps].reduce(
		(sum, release) => sum + release.problems.length,
		general.length,
	);
	if (problems > 0) {
		say(`\n${problems} problem(s): nothing published.`);
		process.exitCode = 1;
		return;
	}
	if (dryRun) {
		say('\nAll checks pass. Dry run: nothing published.');
		return;
	}
	for (const release of toPublish) {
		say(`\n${relative(ROOT, release.folder)}: npm run lint, npm run build, npm publish`);
		publishPackage(release.folder, { registry, provenance });
	}
	say(`\nPublished ${toPublish.length} package(s) to ${registry}.`);
}

if (require.main === module)
	main().catch((error: unknown) => {
		process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
		process.exitCode = 1;
	});
