/**
 * The steps of one tool install, each a command whose output goes to the install's log file
 * instead of the terminal (npm's peer warnings, sqlite3's download attempt and compiler output:
 * hundreds of lines that read as failures to a newcomer). The terminal gets one line per step
 * with its time; a failed step prints the end of the log and the log's path.
 */
import { spawnSync } from 'node:child_process';
import {
	appendFileSync,
	closeSync,
	mkdirSync,
	openSync,
	readFileSync,
	writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';

/** Lines of the log a failed step prints before the log's path. */
export const FAILURE_TAIL_LINES = 40;

export interface StepCommand {
	/** What the line on the terminal says the step does, e.g. "npm install n8n@2.40.7". */
	readonly label: string;
	readonly command: string;
	readonly args: readonly string[];
	readonly cwd?: string;
	readonly env?: NodeJS.ProcessEnv;
	/** What is wrong with the command's standard output, if anything (a check's version, say). */
	readonly problem?: (stdout: string) => string | undefined;
}

/** The last `lines` lines of `text`. */
export function tail(text: string, lines: number): string {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}

export class InstallSteps {
	/**
	 * @param tool  the install's name, at the start of each line (e.g. `n8n-2.40.7-node-24.21.0`)
	 * @param log   the log file; emptied here, so it holds this attempt only
	 * @param print where the step lines go (standard error by default)
	 */
	constructor(
		readonly tool: string,
		readonly log: string,
		private readonly print: (line: string) => void = (line) => process.stderr.write(line),
	) {
		mkdirSync(dirname(log), { recursive: true });
		writeFileSync(log, '');
	}

	/** Runs one command, its output appended to the log; returns its standard output. */
	run(step: StepCommand): string {
		const started = Date.now();
		this.print(`[toolchain] ${this.tool}: ${step.label} ... `);
		appendFileSync(
			this.log,
			`\n$ ${[step.command, ...step.args].join(' ')}   (${new Date().toISOString()})\n`,
		);
		const result = spawnSync(step.command, step.args, {
			cwd: step.cwd,
			env: step.env ?? process.env,
			stdio: ['ignore', 'pipe', 'pipe'],
			maxBuffer: 256 * 1024 * 1024,
			encoding: 'utf8',
		});
		const fd = openSync(this.log, 'a');
		try {
			appendFileSync(fd, result.stdout ?? '');
			appendFileSync(fd, result.stderr ?? '');
		} finally {
			closeSync(fd);
		}
		const seconds = Math.round((Date.now() - started) / 1000);
		const why =
			result.status !== 0
				? (result.error?.message ?? `exit code ${result.status}`)
				: step.problem?.(result.stdout);
		if (why === undefined) {
			this.print(`${seconds} s\n`);
			return result.stdout;
		}
		if (result.status === 0) appendFileSync(this.log, `\n${why}\n`);
		this.print(`failed after ${seconds} s (${why})\n`);
		this.print(
			`${tail(readFileSync(this.log, 'utf8'), FAILURE_TAIL_LINES).replace(/^/gm, '  | ')}\n`,
		);
		this.print(`[toolchain] the whole output: ${this.log}\n`);
		throw new Error(`${this.tool}: ${step.label} failed (${why}); its output is in ${this.log}`);
	}
}
