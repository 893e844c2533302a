// What the host-level tests of the mailcow identity provider share: inputs as MailcowSso gives them, the
// `mailcow` config object as `pulumi config set --path` produces it, and failure helpers.
import { identityProviderShell } from "../../components/mailcow/provider-shell";
import { DynamicProviderHost, type HostOptions, HostCallError, type Props } from "./provider-host";

export const PROJECT = "mailcow-sso";
export const CLIENT_SECRET = "cs-Q7w9-very-secret-client-secret-4242";
export const IDP = "https://auth.example.test/application/o";

export function desiredInputs(mailcowUrl: string, overrides: Props = {}): Props {
  return {
    mailcowUrl,
    authorizeUrl: `${IDP}/authorize/`,
    tokenUrl: `${IDP}/token/`,
    userinfoUrl: `${IDP}/userinfo/`,
    clientId: "mailcow",
    clientSecret: CLIENT_SECRET,
    redirectUrl: "https://mail.example.test",
    redirectUrlExtra: ["https://webmail.example.test"],
    loginProvisioning: true,
    defaultTemplate: "Default",
    templateMappings: [{ claimValue: "staff", template: "Staff" }],
    allowHttp: true,
    ...overrides,
  };
}

/** Config object `mailcow` as `pulumi config set --path` would produce it; small timeouts keep failures fast. */
export function mailcowConfig(apiKey?: string, connection: Props = {}): Record<string, string> {
  return { mailcow: JSON.stringify({ apiKey, requestTimeoutSeconds: 2, maxRetries: 0, ...connection }) };
}

/** A host running the shell, as the engine starts it for this project. */
export function startHost(options: Partial<HostOptions> = {}): Promise<DynamicProviderHost> {
  return DynamicProviderHost.start({ project: PROJECT, provider: identityProviderShell, ...options });
}

/** The HostCallError a call failed with (anything else fails the test). */
export async function rejection(promise: Promise<unknown>): Promise<HostCallError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof HostCallError)) throw new Error(`expected a HostCallError, got ${String(error)}`);
  return error;
}
