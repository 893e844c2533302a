// Injected failures of the infrastructure around mailcow's PHP code, consumed in insertion order. These are
// stand-ins for what a real deployment can do (a proxy, a restart, PHP's display_errors, a second writer); the
// PHP pipeline itself stays faithful.

export type FaultKind =
  /** 500 with the HTML page PHP prints when Redis or MariaDB is unreachable. */
  | "html500"
  /** 500 with an empty body (a PHP fatal error). */
  | "empty500"
  /** Waits `delayMs`, then answers normally. */
  | "delay"
  /** Closes the connection before any answer. */
  | "reset"
  /** Sends the status line, the headers and half of the body, then closes the connection. */
  | "resetMidBody"
  /** 200 with an empty body. */
  | "empty200"
  /** Answers normally, with a PHP notice printed before the JSON (display_errors on). */
  | "phpNotice"
  /** 500 whose error page dumps the stored settings, secrets included, as JSON and as print_r. */
  | "settingsDump500"
  /** Answers normally, but first another writer saves `attr` (as the admin UI or a second stack would). */
  | "concurrentWrite";
export type FaultRoute = "get" | "edit" | "delete" | "test";

export interface Fault {
  kind: FaultKind;
  /** Only requests to this identity-provider route; any request when unset. */
  route?: FaultRoute;
  /** How many requests it hits: 1 by default, Infinity until cleared. */
  times?: number;
  /** For "delay": how long to wait before answering normally. */
  delayMs?: number;
  /** For "concurrentWrite": the other writer's attribute set. */
  attr?: Record<string, unknown>;
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
    if (fault.kind === "concurrentWrite" && fault.attr === undefined) {
      throw new RangeError("a concurrentWrite fault needs the other writer's attr");
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
