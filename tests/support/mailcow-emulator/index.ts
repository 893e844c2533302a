// Public surface of the mailcow identity-provider API emulator.
export { MailcowEmulator, type MailcowEmulatorOptions, type RecordedRequest } from "./emulator";
export type { Fault, FaultKind, FaultRoute } from "./faults";
export type { MailboxAuthsource } from "./database";
