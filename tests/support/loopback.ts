// Small loopback HTTP servers for tests: a free-then-closed port, a server whose answers a test decides, and a
// proxy that makes the emulator behave like mailcow before 2025-05.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Served {
  url: string;
  stop: () => Promise<void>;
}

/** A loopback port that was free a moment ago: connecting is refused. */
export async function closedPort(): Promise<number> {
  const { url, stop } = await serve(() => undefined);
  await stop();
  return Number(new URL(url).port);
}

/** An HTTP server on 127.0.0.1; `handler` decides every answer. */
export async function serve(handler: http.RequestListener): Promise<Served> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A stand-in for mailcow before 2025-05 in front of `mailcowUrl` (the emulator): the edit silently ignores
 * redirect_url_extra, which that mailcow did not know, and still answers success.
 */
export function pre202505Proxy(mailcowUrl: string): Promise<Served> {
  return serve((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      let body = Buffer.concat(chunks).toString("utf8");
      if (request.url?.includes("/edit/identity-provider") && body !== "") {
        const parsed = JSON.parse(body);
        delete parsed.attr.redirect_url_extra;
        body = JSON.stringify(parsed);
      }
      const headers = { ...request.headers, "content-length": String(Buffer.byteLength(body)) };
      const forwarded = http.request(`${mailcowUrl}${request.url}`, { method: request.method, headers }, (up) => {
        response.writeHead(up.statusCode ?? 500, up.headers);
        up.pipe(response);
      });
      forwarded.end(body);
    });
  });
}
