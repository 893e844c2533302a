// mailcow answers an API-key request with a PHP session cookie, and that session is then logged in as the key's
// admin: whoever replays the cookie acts with the key's rights (README, "Secrets"). The client therefore keeps no
// cookies at all. A loopback proxy in front of the emulator sets such a cookie on every answer, as mailcow does, and
// records what the client sends back.
import http from "node:http";
import { MailcowClient } from "../components/mailcow/client";
import { checkConnection } from "../components/connection-test/check-connection";
import { type Served, serve } from "./support/loopback";
import { MailcowEmulator } from "./support/mailcow-emulator";

let emulator: MailcowEmulator;
let proxy: Served;
const sent: http.IncomingHttpHeaders[] = [];

beforeAll(async () => {
  emulator = await MailcowEmulator.start();
  proxy = await serve((request, response) => {
    sent.push(request.headers);
    const forwarded = http.request(
      `${emulator.url}${request.url}`,
      { method: request.method, headers: request.headers },
      (answer) => {
        const cookie = `PHPSESSID=session-${sent.length}; path=/; HttpOnly`;
        response.writeHead(answer.statusCode ?? 500, { ...answer.headers, "set-cookie": [cookie] });
        answer.pipe(response);
      },
    );
    request.pipe(forwarded);
  });
});

afterAll(async () => {
  await proxy?.stop();
  await emulator?.stop();
});

beforeEach(() => {
  sent.length = 0;
});

test("the mailcow client sends no cookie back, however often mailcow sets one", async () => {
  const client = new MailcowClient({ baseUrl: proxy.url, apiKey: emulator.rwKey, maxRetries: 0 });
  await client.getIdentityProvider();
  await client.getIdentityProvider();
  await expect(client.deleteIdentityProvider()).resolves.toBeDefined();
  expect(sent.length).toBe(3);
  expect(sent.map((headers) => headers.cookie)).toEqual([undefined, undefined, undefined]);
  // Every request authenticated with the key itself, never with a session.
  expect(sent.every((headers) => headers["x-api-key"] === emulator.rwKey)).toBe(true);
});

test("nor does the connection test, which reuses one client for its mailcow checks", async () => {
  await checkConnection({
    mailcowUrl: proxy.url,
    mailcowApiKey: emulator.rwKey,
    discoveryUrl: "http://127.0.0.1:9/.well-known/openid-configuration",
    issuer: "x",
    authorizeUrl: "x",
    tokenUrl: "x",
    userinfoUrl: "x",
    clientId: "x",
    timeoutMs: 1000,
  });
  expect(sent.length).toBeGreaterThan(0);
  expect(sent.filter((headers) => headers.cookie !== undefined)).toEqual([]);
});
