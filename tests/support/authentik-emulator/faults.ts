// Injected failures, consumed in insertion order: the next N requests matching a method and path get a canned
// answer, a delay before the normal answer, or a reset connection.
export type Fault =
  | (FaultMatch & { kind: "respond"; status: number; body?: unknown; headers?: Record<string, string> })
  | (FaultMatch & { kind: "delay"; delayMs: number })
  | (FaultMatch & { kind: "reset" });

export interface FaultMatch {
  /** Any method when unset. */
  method?: string;
  /** An exact path (query excluded), or a prefix ending in "*"; any path when unset. */
  path?: string;
  /** How many matching requests it hits: 1 by default; Infinity (or -1 over HTTP) until cleared. */
  times?: number;
}

export class FaultQueue {
  private entries: { fault: Fault; remaining: number }[] = [];

  add(fault: Fault): void {
    const times = fault.times === -1 ? Infinity : (fault.times ?? 1);
    if (!(times === Infinity || (Number.isInteger(times) && times > 0))) {
      throw new RangeError(`fault.times must be a positive integer, Infinity or -1 (got ${String(fault.times)})`);
    }
    if (!["respond", "delay", "reset"].includes(fault.kind)) {
      throw new RangeError(`fault.kind must be "respond", "delay" or "reset" (got ${String(fault.kind)})`);
    }
    if (fault.kind === "respond" && !(Number.isInteger(fault.status) && fault.status >= 100 && fault.status <= 599)) {
      throw new RangeError("a respond fault needs an HTTP status between 100 and 599");
    }
    if (fault.kind === "delay" && !(typeof fault.delayMs === "number" && fault.delayMs >= 0)) {
      throw new RangeError("a delay fault needs delayMs >= 0");
    }
    this.entries.push({ fault: { ...fault }, remaining: times });
  }

  clear(): void {
    this.entries = [];
  }

  get pending(): Fault[] {
    return this.entries.map((entry) => entry.fault);
  }

  /** The first fault matching the request, counted down and dropped when used up. */
  take(method: string, path: string): Fault | undefined {
    const index = this.entries.findIndex(({ fault }) => matches(fault, method, path));
    if (index === -1) return undefined;
    const entry = this.entries[index];
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.entries.splice(index, 1);
    return entry.fault;
  }
}

function matches(fault: Fault, method: string, path: string): boolean {
  if (fault.method !== undefined && fault.method.toUpperCase() !== method) return false;
  if (fault.path === undefined) return true;
  return fault.path.endsWith("*") ? path.startsWith(fault.path.slice(0, -1)) : path === fault.path;
}
