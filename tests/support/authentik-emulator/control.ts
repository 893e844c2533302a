// The control surface under /_emulator/ (no such path exists in authentik): what out-of-process tests use
// instead of the in-process object. Never recorded, never subject to faults, no token needed (loopback only).
import type { ApiResponse } from "./http-types";
import { json } from "./http-types";
import type { Fault } from "./faults";
import type { AuthentikEmulator } from "./emulator";

export const CONTROL_PREFIX = "/_emulator/";

export function handleControl(emulator: AuthentikEmulator, method: string, path: string, body: Buffer): ApiResponse {
  let input: unknown;
  try {
    input = body.length > 0 ? JSON.parse(body.toString("utf8")) : undefined;
  } catch {
    return json(400, { error: "the control body must be JSON" });
  }
  const route = `${method} ${path.slice(CONTROL_PREFIX.length - 1)}`;
  switch (route) {
    case "GET /state":
      return json(200, emulator.store.snapshot());
    case "GET /requests":
      return json(200, emulator.requests);
    case "DELETE /requests":
      emulator.requests.length = 0;
      return { status: 204 };
    case "GET /faults":
      return json(200, emulator.faults.pending);
    case "POST /faults":
      try {
        emulator.faults.add(input as Fault);
      } catch (error) {
        return json(400, { error: (error as Error).message });
      }
      return json(201, emulator.faults.pending);
    case "DELETE /faults":
      emulator.faults.clear();
      return { status: 204 };
    case "POST /reset":
      emulator.reset();
      return { status: 204 };
    case "POST /session": {
      const username = (input as { username?: string | null } | undefined)?.username ?? undefined;
      try {
        emulator.signIn(username ?? undefined);
      } catch (error) {
        return json(400, { error: (error as Error).message });
      }
      return { status: 204 };
    }
    default:
      return json(404, { error: `no control route ${route}` });
  }
}
