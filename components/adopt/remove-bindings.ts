// The one write adoption makes outside the Terraform provider: deleting the policy bindings of a hand-made setup that
// the stack's access settings do not declare. `pulumi up` runs it as a local command (see adopt-command.ts), after
// the stack's own bindings exist, so access never widens in between; preview lists the bindings it will remove.
import http from "node:http";
import https from "node:https";

export const REMOVE_ENV = {
  url: "AUTHENTIK_URL",
  token: "AUTHENTIK_TOKEN",
  insecure: "AUTHENTIK_INSECURE",
} as const;

function remove(url: URL, token: string, insecure: boolean): Promise<number> {
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: "DELETE",
        headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
        timeout: 15_000,
        ...(url.protocol === "https:" ? { rejectUnauthorized: !insecure } : {}),
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("timeout", () => request.destroy(new Error("timed out after 15 s")));
    request.on("error", reject);
    request.end();
  });
}

/** Deletes each binding; one already gone (404) counts as removed. Returns a line per binding. */
export async function removeBindings(ids: string[], env: NodeJS.ProcessEnv): Promise<string[]> {
  const base = env[REMOVE_ENV.url];
  const token = env[REMOVE_ENV.token];
  if (!base || !token) throw new Error(`set ${REMOVE_ENV.url} and ${REMOVE_ENV.token}`);
  const bad = ids.filter((id) => !/^[0-9a-f-]{36}$/i.test(id));
  if (bad.length > 0) throw new Error(`not binding UUIDs: ${bad.join(" ")}`);
  const lines: string[] = [];
  for (const id of ids) {
    const target = new URL(`/api/v3/policies/bindings/${encodeURIComponent(id)}/`, base);
    let status: number;
    try {
      status = await remove(target, token, env[REMOVE_ENV.insecure] === "true");
    } catch (error) {
      throw new Error(
        `authentik could not be reached to remove binding ${id} (${(error as Error).message}); run pulumi up again`,
        { cause: error },
      );
    }
    if (status === 204 || status === 404) lines.push(`removed binding ${id}${status === 404 ? " (already gone)" : ""}`);
    else
      throw new Error(
        `authentik answered ${status} when removing binding ${id}: check that authentik.token may delete policy bindings`,
      );
  }
  return lines;
}
