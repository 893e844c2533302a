// Injected failures of the infrastructure around mailcow's PHP code, consumed in insertion order.

export type FaultKind = "html500" | "empty500" | "delay" | "reset" | "empty200";
export type FaultRoute = "get" | "edit" | "delete" | "test";

export interface Fault {
  kind: FaultKind;
  /** Only requests to this identity-provider route; any request when unset. */
  route?: FaultRoute;
  /** How many requests it hits: 1 by default, Infinity until cleared. */
  times?: number;
  /** For "delay": how long to wait before answering normally. */
  delayMs?: number;
}

/** Which identity-provider route an action/category pair is, if any. */
export function faultRouteOf(action: string, category: string): FaultRoute | undefined {
  if (category === "identity-provider") {
    if (action === "get" || action === "edit" || action === "delete") return action;
  }
  return action === "edit" && category === "identity-provider-test" ? "test" : undefined;
}

export class FaultQueue {
  private faults: { fault: Fault; remaining: number }[] = [];

  add(fault: Fault): void {
    const times = fault.times ?? 1;
    if (!(times === Infinity || (Number.isInteger(times) && times > 0))) {
      throw new RangeError(`fault.times must be a positive integer or Infinity (got ${times})`);
    }
    if (fault.kind === "delay" && !(typeof fault.delayMs === "number" && fault.delayMs >= 0)) {
      throw new RangeError("a delay fault needs delayMs >= 0");
    }
    this.faults.push({ fault: { ...fault }, remaining: times });
  }

  clear(): void {
    this.faults = [];
  }

  /** The first fault matching the route, counted down (and dropped when used up). */
  take(route: FaultRoute | undefined): Fault | undefined {
    const index = this.faults.findIndex(({ fault }) => fault.route === undefined || fault.route === route);
    if (index === -1) return undefined;
    const entry = this.faults[index];
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.faults.splice(index, 1);
    return entry.fault;
  }
}
