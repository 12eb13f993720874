/** The requests the emulator keeps waiting (hung by a fault, or delayed by latency), so that stop() can end them at once. */
export class Waits {
    private readonly releases = new Set<() => void>();

    /** Keeps `release` until it runs or releaseAll() runs it; `release` must call forget(release) itself. */
    hold(release: () => void): void {
        this.releases.add(release);
    }

    forget(release: () => void): void {
        this.releases.delete(release);
    }

    sleep(ms: number): Promise<void> {
        return new Promise((resolve) => {
            const wake = () => {
                clearTimeout(timer);
                this.releases.delete(wake);
                resolve();
            };
            const timer = setTimeout(wake, ms);
            this.releases.add(wake);
        });
    }

    releaseAll(): void {
        for (const release of [...this.releases]) release();
    }
}
