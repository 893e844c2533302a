// Public surface of the authentik API emulator (a stand-in for authentik 2026.5, not authentik).
export {
  AuthentikEmulator,
  type AuthentikEmulatorOptions,
  type RecordedRequest,
  startAuthentikEmulator,
} from "./emulator";
export type { Fault, FaultMatch } from "./faults";
export { API_PREFIX, API_ROUTES, ROUTES, type Route } from "./router";
export type { Store } from "./store";
export type * from "./types";
