/**
 * PostgreSQL, Redis and nginx for n8n's queue mode on this machine: Debian's packages installed
 * where missing (as root), PostgreSQL's cluster started and shared, a Redis and an nginx of
 * one's own on free ports, each stopped by its owner.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Debian's package for each program the queue mode needs, and where Debian puts it. */
const PROGRAMS = [
	{ package: 'postgresql', binary: '/usr/bin/pg_ctlcluster' },
	{ package: 'redis-server', binary: '/usr/bin/redis-server' },
	{ package: 'nginx', binary: '/usr/sbin/nginx' },
] as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function run(
	command: string,
	args: readonly string[],
	env: NodeJS.ProcessEnv = process.env,
): SpawnSyncReturns<string> {
	return spawnSync(command, args, { encoding: 'utf8', env, timeout: 600_000 });
}

function runOrThrow(command: string, args: readonly string[]): string {
	const result = run(command, args);
	if (result.status !== 0)
		throw new Error(
			`${command} ${args.join(' ')} failed (${result.status ?? result.signal ?? result.error?.message}):\n${result.stderr}${result.stdout}`,
		);
	return result.stdout;
}

/** The Debian packages whose program is missing. */
export function missingPackages(): string[] {
	return PROGRAMS.filter((program) => !existsSync(program.binary)).map(
		(program) => program.package,
	);
}

/** What decides whether the packages can be installed here. */
export interface Machine {
	/** Running as root. */
	root: boolean;
	/** Debian's `apt-get` is there. */
	apt: boolean;
}

const THIS_MACHINE: Machine = {
	root: process.getuid?.() === 0,
	apt: existsSync('/usr/bin/apt-get'),
};

/**
 * Installs PostgreSQL, Redis and nginx from Debian's packages where missing (about 1.5 min),
 * with `apt-get update` first only if the install fails. Throws saying what is missing and how
 * to install it where that cannot be done here (not root, no apt-get, no network).
 */
export function ensureServicePackages(
	missing: readonly string[] = missingPackages(),
	machine: Machine = THIS_MACHINE,
): void {
	if (missing.length === 0) return;
	const howTo = `install them (Debian or Ubuntu: sudo apt-get install -y ${missing.join(' ')}) and run again`;
	if (!machine.root || !machine.apt)
		throw new Error(
			`queue mode needs ${missing.join(', ')}, which this machine lacks, and cannot install them here (${machine.root ? 'no apt-get' : 'not root'}): ${howTo}.`,
		);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	// Waits for another apt (e.g. another session's install) rather than failing on its lock.
	const install = () =>
		run(
			'apt-get',
			['install', '-y', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=300', ...missing],
			env,
		);
	let result = install();
	if (result.status !== 0) {
		run('apt-get', ['update', '-o', 'DPkg::Lock::Timeout=300'], env);
		result = install();
	}
	if (result.status !== 0 || missingPackages().length > 0)
		throw new Error(
			`queue mode needs ${missing.join(', ')}; apt-get could not install them (no network or no package source?): ${howTo}.\n${result.stderr.slice(-2000)}`,
		);
}

/** A PostgreSQL server and the role n8n logs in as (password authentication over TCP). */
export interface Postgres {
	host: string;
	port: number;
	user: string;
	password: string;
}

/** The role every queue stack's n8n uses; a test role on loopback, so its password is fixed. */
const ROLE = { user: 'n8n_queue', password: 'n8n_queue_local_only' };

/** Runs SQL as PostgreSQL's superuser (`postgres`, through `runuser`, as root). */
function psql(sql: string, database = 'postgres'): string {
	return runOrThrow('runuser', [
		'-u',
		'postgres',
		'--',
		'psql',
		'-X',
		'-q',
		'-t',
		'-A',
		'-v',
		'ON_ERROR_STOP=1',
		'-d',
		database,
		'-c',
		sql,
	]);
}

/** The cluster Debian made (`<version> main`): its version and port, from `pg_lsclusters`. */
function cluster(): { version: string; port: number; online: boolean } {
	const versions = readdirSync('/usr/lib/postgresql').filter((name) => /^\d+$/.test(name));
	const version = versions.sort((a, b) => Number(b) - Number(a))[0];
	if (version === undefined) throw new Error('no PostgreSQL under /usr/lib/postgresql');
	const line = runOrThrow('pg_lsclusters', ['--no-header'])
		.split('\n')
		.map((row) => row.trim().split(/\s+/))
		.find((row) => row[0] === version && row[1] === 'main');
	if (!line)
		throw new Error(
			`PostgreSQL ${version} has no cluster "main" (pg_createcluster ${version} main)`,
		);
	return { version, port: Number(line[2]), online: line[3] === 'online' };
}

/**
 * Starts Debian's PostgreSQL cluster if it is down (left running afterwards: it is the
 * machine's, shared by every stack) and makes sure the role n8n uses exists with its password.
 */
export async function startPostgres(): Promise<Postgres> {
	if (process.getuid?.() !== 0)
		throw new Error('queue mode manages PostgreSQL as root (runuser -u postgres): run as root.');
	const found = cluster();
	if (!found.online) runOrThrow('pg_ctlcluster', [found.version, 'main', 'start']);
	const deadline = Date.now() + 60_000;
	while (run('pg_isready', ['-h', '127.0.0.1', '-p', String(found.port)]).status !== 0) {
		if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections in 60 s`);
		await sleep(250);
	}
	const exists = psql(`SELECT 1 FROM pg_roles WHERE rolname = '${ROLE.user}'`).trim() === '1';
	psql(
		`${exists ? 'ALTER' : 'CREATE'} ROLE ${ROLE.user} WITH LOGIN CREATEDB PASSWORD '${ROLE.password}'`,
	);
	return { host: '127.0.0.1', port: found.port, ...ROLE };
}

/** Creates an empty database owned by n8n's role. `name` must be a plain SQL identifier. */
export function createDatabase(postgres: Postgres, name: string): void {
	if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new TypeError(`services: not a plain name: ${name}`);
	psql(`CREATE DATABASE ${name} OWNER ${postgres.user}`);
}

/** Drops a database, closing the connections still open to it. */
export function dropDatabase(name: string): void {
	if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new TypeError(`services: not a plain name: ${name}`);
	psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** The databases whose name starts with `prefix` (plain SQL identifier characters). */
export function databasesNamed(prefix: string): string[] {
	if (!/^[a-z0-9_]+$/.test(prefix)) throw new TypeError(`services: not a plain name: ${prefix}`);
	return psql(`SELECT datname FROM pg_database WHERE datname LIKE '${prefix}%' ORDER BY datname`)
		.split('\n')
		.filter(Boolean);
}

/** A Redis server of one's own. */
export interface Redis {
	host: string;
	port: number;
	/** Shuts it down without saving. */
	stop(): Promise<void>;
}

/** Starts a Redis on loopback, `port`, keeping nothing on disk but its log in `folder`. */
export async function startRedis(port: number, folder: string): Promise<Redis> {
	const log = join(folder, 'redis.log');
	runOrThrow('redis-server', [
		'--daemonize',
		'yes',
		'--bind',
		'127.0.0.1',
		'--port',
		String(port),
		'--save',
		'',
		'--appendonly',
		'no',
		'--dir',
		folder,
		'--pidfile',
		join(folder, 'redis.pid'),
		'--logfile',
		log,
		// Its folder in its command line, so `ps` tells whose Redis it is.
		'--proc-title-template',
		`{title} {listen-addr} ${folder}`,
	]);
	const cli = (...args: string[]) =>
		run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args]);
	const deadline = Date.now() + 30_000;
	while (cli('ping').stdout.trim() !== 'PONG') {
		if (Date.now() > deadline)
			throw new Error(`Redis did not answer on port ${port} in 30 s:\n${readTail(log)}`);
		await sleep(100);
	}
	return {
		host: '127.0.0.1',
		port,
		async stop() {
			cli('shutdown', 'nosave');
			const until = Date.now() + 10_000;
			while (cli('ping').stdout.trim() === 'PONG' && Date.now() < until) await sleep(100);
		},
	};
}

function readTail(file: string): string {
	return existsSync(file) ? readFileSync(file, 'utf8').slice(-2000) : '(no log)';
}

/** An nginx of one's own, run from a config file in its folder. */
export interface Nginx {
	/** The access log's lines so far. */
	accessLog(): string[];
	/** Asks it to finish its requests and quit, and waits until it has. */
	stop(): Promise<void>;
}

/**
 * Starts nginx (as a daemon) on `config`, the text of an `nginx.conf` whose pid file, logs and
 * temporary folders are in `folder` (see `nginxBalancerConfig`'s `runtimeFolder`), and waits
 * until it answers on `port`.
 */
export async function startNginx(config: string, folder: string, port: number): Promise<Nginx> {
	const file = join(folder, 'nginx.conf');
	writeFileSync(file, config);
	// `-e` so that nginx does not open the system's error log before it has read the config.
	const args = ['-p', folder, '-c', file, '-e', join(folder, 'error.log')];
	runOrThrow('/usr/sbin/nginx', ['-t', ...args]);
	runOrThrow('/usr/sbin/nginx', args);
	const pidFile = join(folder, 'nginx.pid');
	const answers = () =>
		fetch(`http://127.0.0.1:${port}/`).then(
			() => true,
			() => false,
		);
	const deadline = Date.now() + 30_000;
	while (!(await answers())) {
		if (Date.now() > deadline)
			throw new Error(
				`nginx did not answer on port ${port} in 30 s:\n${readTail(join(folder, 'error.log'))}`,
			);
		await sleep(100);
	}
	const running = () => {
		if (!existsSync(pidFile)) return false;
		try {
			process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 0);
			return true;
		} catch {
			return false;
		}
	};
	return {
		accessLog() {
			const log = join(folder, 'access.log');
			return existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
		},
		async stop() {
			if (!running()) return;
			run('/usr/sbin/nginx', ['-s', 'quit', ...args]);
			const until = Date.now() + 15_000;
			while (running() && Date.now() < until) await sleep(100);
			if (running()) process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGKILL');
		},
	};
}
