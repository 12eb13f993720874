/**
 * Peak resident memory of the dynamic-provider hosts the engine starts: every process below this one whose
 * command line runs @pulumi/pulumi/cmd/dynamic-provider. Linux only (/proc). The kernel keeps each
 * process's high-water mark (VmHWM), so sampling only has to see the process once before it exits; a
 * sample every 100 ms does, and reads at most a few small files.
 *
 * It also notes which hosts had a TCP connection open to a given port (the emulator's ARM endpoint): the
 * provider keeps its connections alive between requests, so a host that made any ARM request is seen with
 * one. That is how "one token per scope per provider process" is checked for the processes that called ARM.
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

const PROVIDER_HOST = /cmd\/dynamic-provider\/index\.js/;

export interface ProviderHostStats {
    /** Provider host processes seen while sampling. */
    processes: number;
    /** Largest VmHWM among them, in MiB (undefined when none was seen or /proc is missing). */
    peakRssMiB?: number;
    /** Of those, the ones seen with a connection to the watched port. */
    connected: number;
    /** Distinct connections to the watched port seen (keep-alive reuse keeps this near the parallelism). */
    connections: number;
}

export class ProviderHostSampler {
    private timer: NodeJS.Timeout | undefined;
    private readonly peaks = new Map<number, number>();
    private readonly ignored = new Set<number>();
    private readonly connected = new Set<number>();
    private readonly connections = new Set<string>();
    private port: number | undefined;

    /** @param port note the hosts connected to this local TCP port */
    start(port?: number): void {
        this.peaks.clear();
        this.ignored.clear();
        this.connected.clear();
        this.connections.clear();
        this.port = port;
        this.sample();
        this.timer = setInterval(() => this.sample(), 100);
    }

    stop(): ProviderHostStats {
        clearInterval(this.timer);
        this.timer = undefined;
        this.sample();
        const peaks = [...this.peaks.values()].filter((kib) => kib > 0);
        return {
            processes: this.peaks.size,
            peakRssMiB: peaks.length > 0 ? Math.round((Math.max(...peaks) / 1024) * 10) / 10 : undefined,
            connected: this.connected.size,
            connections: this.connections.size,
        };
    }

    private sample(): void {
        let pids: number[];
        try {
            pids = readdirSync("/proc")
                .filter((name) => /^\d+$/.test(name))
                .map(Number);
        } catch {
            return;
        }
        for (const pid of pids) {
            if (this.ignored.has(pid)) continue;
            if (!this.peaks.has(pid)) {
                // Not ours: never again. Ours but not (yet) a provider host: look again next time, since the
                // launcher script forks before it execs node.
                if (!descendsFrom(pid, process.pid)) {
                    this.ignored.add(pid);
                    continue;
                }
                if (!isProviderHost(pid)) continue;
                this.peaks.set(pid, 0);
            }
            const hwm = highWaterMarkKiB(pid);
            if (hwm !== undefined) this.peaks.set(pid, Math.max(this.peaks.get(pid) ?? 0, hwm));
        }
        if (this.port !== undefined) {
            const inodes = socketsTo(this.port);
            for (const pid of this.peaks.keys()) {
                for (const inode of socketInodes(pid).filter((i) => inodes.has(i))) {
                    this.connected.add(pid);
                    this.connections.add(inode);
                }
            }
        }
    }
}

function read(file: string): string | undefined {
    try {
        return readFileSync(file, "utf8");
    } catch {
        return undefined;
    }
}

function isProviderHost(pid: number): boolean {
    return PROVIDER_HOST.test((read(`/proc/${pid}/cmdline`) ?? "").replace(/\0/g, " "));
}

function parentOf(pid: number): number | undefined {
    const stat = read(`/proc/${pid}/stat`);
    if (!stat) return undefined;
    // pid (comm) state ppid ...; comm may contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[1]);
}

function descendsFrom(pid: number, ancestor: number): boolean {
    for (let current: number | undefined = pid, depth = 0; current !== undefined && current > 1 && depth < 32; depth++) {
        if (current === ancestor) return true;
        current = parentOf(current);
    }
    return false;
}

function highWaterMarkKiB(pid: number): number | undefined {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(read(`/proc/${pid}/status`) ?? "");
    return match ? Number(match[1]) : undefined;
}

/** Inodes of the TCP sockets whose remote port is `port` (/proc/net/tcp and tcp6: "local rem st ... inode"). */
function socketsTo(port: number): Set<string> {
    const inodes = new Set<string>();
    const hex = port.toString(16).toUpperCase().padStart(4, "0");
    for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
        for (const line of (read(table) ?? "").split("\n").slice(1)) {
            const fields = line.trim().split(/\s+/);
            if (fields.length > 9 && fields[2]!.endsWith(`:${hex}`)) inodes.add(fields[9]!);
        }
    }
    return inodes;
}

function socketInodes(pid: number): string[] {
    let fds: string[];
    try {
        fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
        return [];
    }
    const inodes: string[] = [];
    for (const fd of fds) {
        try {
            const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
            if (match) inodes.push(match[1]!);
        } catch {
            // closed meanwhile
        }
    }
    return inodes;
}
