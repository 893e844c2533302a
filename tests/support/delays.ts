// Injected delays in the emulators (stand-ins), cut short when the emulator stops so that a test ending mid-delay
// does not hold jest open until the timer fires.
export class Delays {
  private readonly pending = new Set<() => void>();

  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.pending.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.pending.add(wake);
    });
  }

  cancelAll(): void {
    for (const wake of [...this.pending]) wake();
  }
}
