import { endpointProblems, endpointsOnAuthentik, mailcowHosts } from "../mailcowPolicies";
import { MAILCOW_IDP_TYPE, PROVIDER_OAUTH2_TYPE } from "../resourceTypes";
import { compliantIdpProps, engineProps, runResourcePolicy, UNKNOWN_ARRAY, UNKNOWN_STRING } from "./harness";

function idp(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return compliantIdpProps({
    redirectUrlExtra: [],
    ignoreSslError: false,
    clientScopes: "openid profile email mailcow_template",
    ...overrides,
  });
}

/** The URLs from the starting guide: authentik's paths on the mailcow host. */
const guideMistake = {
  authorizeUrl: "https://mail.example.org/application/o/authorize/",
  tokenUrl: "https://mail.example.org/application/o/token/",
  userinfoUrl: "https://mail.example.org/application/o/userinfo/",
};

describe("mailcow-idp-endpoints-on-authentik", () => {
  const run = (props: Record<string, unknown>) => runResourcePolicy(endpointsOnAuthentik, MAILCOW_IDP_TYPE, props);

  test("accepts endpoints on the authentik host", async () => {
    expect(await run(idp())).toEqual([]);
  });

  test("rejects the starting guide's endpoints on the mailcow host, naming the right path for each", async () => {
    const violations = await run(idp(guideMistake));
    expect(violations).toEqual([
      expect.stringMatching(
        /^authorizeUrl .* mailcow host mail\.example\.org.*https:\/\/<authentik host>\/application\/o\/authorize\//,
      ),
      expect.stringMatching(/^tokenUrl .* mailcow host .*https:\/\/<authentik host>\/application\/o\/token\//),
      expect.stringMatching(/^userinfoUrl .* mailcow host .*https:\/\/<authentik host>\/application\/o\/userinfo\//),
    ]);
  });

  test("recognises the mailcow host from redirectUrlExtra too", async () => {
    const props = idp({
      redirectUrlExtra: ["https://webmail.example.org"],
      tokenUrl: "https://webmail.example.org/application/o/token/",
    });
    expect(await run(props)).toEqual([
      expect.stringMatching(/^tokenUrl .* mailcow host webmail/),
      expect.stringMatching(/different hosts \(auth\.example\.org, webmail\.example\.org\)/),
    ]);
  });

  test.each<[string, Record<string, unknown>, RegExp]>([
    ["http", { tokenUrl: "http://auth.example.org/application/o/token/" }, /^tokenUrl .* is not https/],
    ["a relative URL", { userinfoUrl: "/application/o/userinfo/" }, /^userinfoUrl is not an absolute URL/],
    [
      "a second authentik host",
      { userinfoUrl: "https://sso.example.net/application/o/userinfo/" },
      /different hosts \(auth\.example\.org, sso\.example\.net\).*authentik host/,
    ],
  ])("rejects %s", async (_label, overrides, message) => {
    expect(await run(idp(overrides))).toEqual([expect.stringMatching(message)]);
  });

  test("checks the known URLs while one is unknown during preview", async () => {
    const props = engineProps(idp({ ...guideMistake, authorizeUrl: UNKNOWN_STRING }));
    expect(await run(props)).toHaveLength(2);
    expect(await run(engineProps(idp({ authorizeUrl: UNKNOWN_STRING, redirectUrlExtra: UNKNOWN_ARRAY })))).toEqual([]);
  });

  test("never echoes credentials embedded in a URL", async () => {
    const problems = endpointProblems(
      idp({ tokenUrl: "http://client:s3cret@auth.example.org/application/o/token/?k=v" }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).not.toMatch(/s3cret|client:|k=v/);
  });

  test("ignores other resource types", async () => {
    expect(await runResourcePolicy(endpointsOnAuthentik, PROVIDER_OAUTH2_TYPE, idp(guideMistake))).toEqual([]);
  });

  test.each<[string, Record<string, unknown>, string[]]>([
    ["base and redirect URL", idp(), ["mail.example.org"]],
    [
      "extra URLs",
      idp({ redirectUrlExtra: ["https://mx.example.org:8443/"] }),
      ["mail.example.org", "mx.example.org:8443"],
    ],
    ["unknown URLs", engineProps(idp({ mailcowUrl: UNKNOWN_STRING, redirectUrl: UNKNOWN_STRING })), []],
  ])("mailcowHosts: %s", (_label, props, hosts) => {
    expect([...mailcowHosts(props)]).toEqual(hosts);
  });
});
