/**
 * The secret scan a soak file ends with. Vitest runs the soak files one at a time, in an order of
 * its own, and each stops its n8n, so each scans what it produced before it does: n8n's output,
 * its log file and event log, every execution's data, and the file's own console output, for every
 * API key and hook secret in play. What was read is kept in `artifacts/soak/<file>/`; the secrets
 * are not. A soak file on any harness stack takes part with `evidenceFolder` + `scanStack`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';

import type { Stack } from '../harness/stack.js';
import { allRuns } from './executions.js';

const printed: string[] = [];
// Console output, recorded as printed, from the moment a soak file imports this module.
for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
	const original = console[method].bind(console);
	console[method] = (...args: unknown[]) => {
		printed.push(format(...args));
		original(...args);
	};
}

/** What this file has printed so far. */
export function consoleOutput(): string {
	return printed.join('\n');
}

export interface Secret {
	/** What it is, for the report (never the value). */
	label: string;
	value: string;
}

export interface Text {
	/** Where it was read. */
	where: string;
	text: string;
}

export interface Finding {
	where: string;
	secret: string;
	/** The secret's surroundings, the secret masked. */
	context: string;
}

/** Shorter than this, a value could match by chance: the soak's secrets are all longer. */
const MIN_SECRET = 12;
/** A part of a secret printed cut short still gives it away. */
const PART = 16;

/**
 * Every place a secret appears in the texts: whole, or its first or last 16 characters (a secret
 * cut short in a message).
 */
export function findSecrets(texts: readonly Text[], secrets: readonly Secret[]): Finding[] {
	for (const secret of secrets)
		if (secret.value.length < MIN_SECRET)
			throw new Error(`${secret.label} is too short to scan for`);
	const needlesOf = (secret: Secret) => [
		...new Set([secret.value, secret.value.slice(0, PART), secret.value.slice(-PART)]),
	];
	// The context shown may hold other secrets too: every one is masked.
	const mask = (context: string) =>
		secrets.reduce(
			(masked, secret) =>
				needlesOf(secret).reduce(
					(text, needle) => text.split(needle).join(`<${secret.label}>`),
					masked,
				),
			context,
		);
	const findings: Finding[] = [];
	for (const secret of secrets) {
		for (const { where, text } of texts) {
			const needle = needlesOf(secret).find((part) => text.includes(part));
			if (needle === undefined) continue;
			const at = text.indexOf(needle);
			const context = mask(text.slice(Math.max(0, at - 80), at + needle.length + 80));
			findings.push({ where, secret: secret.label, context });
		}
	}
	return findings;
}

/** A soak file's evidence folder, `artifacts/soak/<name>/`, emptied first. */
export function evidenceFolder(name: string): string {
	const folder = join(__dirname, '..', '..', 'artifacts', 'soak', name);
	rmSync(folder, { recursive: true, force: true });
	mkdirSync(folder, { recursive: true });
	return folder;
}

/** Where n8n writes its log file (`N8N_LOG_FILE_LOCATION`, with `N8N_LOG_OUTPUT=console,file`). */
export function logFileIn(folder: string): string {
	return join(folder, 'n8n-logfile.log');
}

/** Writes a piece of evidence into a folder. */
export function keep(folder: string, file: string, content: string): void {
	writeFileSync(join(folder, file), content);
}

interface SandboxHook {
	id: string;
	secret?: string | null;
	headers?: Record<string, string>;
}

/**
 * The secrets a stack's sandboxes know: each one's API key where its provider has an API, and
 * every hook's secret or registered header, with `extra` (a pasted secret, a refused key).
 */
export async function secretsIn(stack: Stack, extra: readonly Secret[] = []): Promise<Secret[]> {
	const secrets: Secret[] = [...extra];
	for (const [id, { sandbox }] of Object.entries(stack.providers)) {
		if (id !== 'breakcold') secrets.push({ label: `${id} API key`, value: sandbox.apiKey });
		const hooks = (await (await fetch(`${sandbox.url}/_sandbox/hooks`)).json()) as SandboxHook[];
		for (const hook of hooks) {
			if (hook.secret) secrets.push({ label: `${id} hook ${hook.id} secret`, value: hook.secret });
			for (const [name, value] of Object.entries(hook.headers ?? {}))
				secrets.push({ label: `${id} hook ${hook.id} header ${name}`, value });
		}
	}
	const seen = new Set<string>();
	return secrets.filter((secret) => !seen.has(secret.value) && seen.add(secret.value));
}

/** Text files in a folder whose names match: n8n's log file and rotations, or its event log. */
function filesIn(folder: string, pattern: RegExp, label: string): Text[] {
	if (!existsSync(folder)) return [];
	return readdirSync(folder)
		.filter((file) => pattern.test(file))
		.map((file) => ({ where: `${label} ${file}`, text: readFileSync(join(folder, file), 'utf8') }));
}

/**
 * What a soak file produced, read while its n8n still runs: n8n's stdout and stderr, its log file
 * (where `logFileIn(evidence)` was set), its event log, every execution with its data, and the
 * console output so far. Each is also kept in the evidence folder.
 */
export async function producedBy(stack: Stack, evidence: string): Promise<Text[]> {
	const output = stack.n8n.log();
	const runs = JSON.stringify(await allRuns(stack.api), null, 1);
	const printedSoFar = consoleOutput();
	keep(evidence, 'n8n-output.log', output);
	keep(evidence, 'executions.json', runs);
	keep(evidence, 'test-output.log', printedSoFar);
	// The harness's stack names n8n's home where it has one to give.
	const home = (stack as Stack & { userFolder?: string }).userFolder;
	return [
		{ where: "n8n's stdout and stderr", text: output },
		...filesIn(evidence, /^n8n-logfile/, "n8n's log file"),
		...(home ? filesIn(join(home, '.n8n'), /^n8nEventLog.*\.log$/, "n8n's event log") : []),
		{ where: 'execution data (public API, includeData)', text: runs },
		{ where: "the test's console output", text: printedSoFar },
	];
}

/**
 * Scans what a soak file produced for the secrets in play, with `extra` secrets and texts (an
 * earlier n8n process's output, say); the findings, each printed masked.
 */
export async function scanStack(
	stack: Stack,
	evidence: string,
	extra: { secrets?: readonly Secret[]; texts?: readonly Text[] } = {},
): Promise<Finding[]> {
	const secrets = await secretsIn(stack, extra.secrets);
	const texts = [...(await producedBy(stack, evidence)), ...(extra.texts ?? [])];
	const findings = findSecrets(texts, secrets);
	const bytes = texts.reduce((sum, { text }) => sum + Buffer.byteLength(text), 0);
	console.log(
		`secret scan: ${secrets.length} secrets over ${texts.length} sources (${(bytes / 1024).toFixed(0)} KiB): ${findings.length} found`,
	);
	for (const finding of findings)
		console.log(`  ${finding.secret} in ${finding.where}: …${finding.context}…`);
	return findings;
}
