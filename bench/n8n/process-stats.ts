/** What Linux says about a running process: its memory and the CPU it has used (from /proc). */
import { readFileSync } from 'node:fs';

/** Clock ticks per second in /proc/<pid>/stat: 100 on every Linux this runs on (`getconf CLK_TCK`). */
const TICKS_PER_SECOND = 100;

export interface Memory {
	/** Resident set size now, in bytes. */
	rss: number;
	/** The highest resident set size since the process started, in bytes. */
	peak: number;
}

export function memoryOf(pid: number): Memory {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kib = (field: string) =>
		Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1]);
	return { rss: kib('VmRSS') * 1024, peak: kib('VmHWM') * 1024 };
}

/** User plus system CPU time the process has used, in milliseconds (its children not counted). */
export function cpuMsOf(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// Fields after the command name, which may hold spaces, start at field 3 (state).
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the process is idle, using under 2% of a core over half a second, so work left
 * from one load (executions still being saved) is not billed to the next; at most `timeoutMs`.
 * How long it waited, in milliseconds.
 */
export async function settle(pid: number, timeoutMs = 120_000): Promise<number> {
	const started = Date.now();
	const windowMs = 500;
	let before = cpuMsOf(pid);
	for (;;) {
		await sleep(windowMs);
		const now = cpuMsOf(pid);
		if (now - before < windowMs * 0.02 || Date.now() - started > timeoutMs)
			return Date.now() - started - windowMs;
		before = now;
	}
}
