// A faithful emulator of mailcow's identity-provider API for tests; see mailcow-emulator/ for the parts.
export * from "./mailcow-emulator/index";
