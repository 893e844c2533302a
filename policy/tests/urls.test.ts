import { describeUrl, hostOf, parseUrl } from "../urls";

test.each<[string, string | undefined]>([
  ["https://Auth.Example.org/application/o/token/", "auth.example.org"],
  ["https://auth.example.org:8443/x", "auth.example.org:8443"],
  ["https://auth.example.org:443/x", "auth.example.org"],
  ["auth.example.org/x", undefined],
  ["not a url", undefined],
])("hostOf(%p) is %p", (text, expected) => {
  expect(hostOf(text)).toBe(expected);
});

test.each<[string, string]>([
  ["https://mail.example.org", '"https://mail.example.org/…"'],
  ["http://mail.example.org:8080/sso?x=1#frag", '"http://mail.example.org:8080/…"'],
  ["https://admin:hunter2@auth.example.org/hunter2/?token=hunter2", '"https://auth.example.org/…"'],
  ["hunter2", "(not an absolute URL)"],
])("describeUrl(%p) keeps only scheme and host", (text, expected) => {
  expect(describeUrl(text)).toBe(expected);
  expect(describeUrl(text)).not.toMatch(/hunter2|sso|x=1/);
});

test("parseUrl rejects relative URLs", () => {
  expect(parseUrl("/application/o/token/")).toBeUndefined();
  expect(parseUrl("https://a.example/")?.protocol).toBe("https:");
});
