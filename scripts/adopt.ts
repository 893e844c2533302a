// `npm run adopt -- --stack <name> [--write] [--rotate-secret]`: take a hand-made authentik + mailcow setup over.
// Reads the stack's settings through the Pulumi CLI, reads authentik and mailcow (GET only), prints what it found,
// what the stack takes over and what the first `pulumi up` changes; with --write, records that in the stack's
// settings. `--remove-bindings` is the step `pulumi up` runs itself (components/adopt/adopt-command.ts).
import { authentikReader } from "../components/adopt/authentik-reader";
import { discoverAuthentik } from "../components/adopt/discover-authentik";
import { type MailcowFound, planAdoption } from "../components/adopt/plan";
import { removeBindings } from "../components/adopt/remove-bindings";
import { formatReport } from "../components/adopt/report";
import { readStackConfig, writeAdoption } from "../components/adopt/stack-config";
import { ConfigError, type PlainSettings, parseSettings } from "../components/config";
import { MailcowClient } from "../components/mailcow/client";
import { normaliseStored } from "../components/mailcow/settings";

const USAGE = "usage: npm run adopt -- --stack <name> [--write] [--rotate-secret]";

async function readMailcow(settings: PlainSettings): Promise<MailcowFound> {
  const client = new MailcowClient({
    baseUrl: settings.mailcow.url,
    apiKey: settings.mailcow.apiKey,
    timeoutMs: settings.mailcow.requestTimeoutSeconds * 1000,
    insecureTls: settings.mailcow.insecureTls,
  });
  const observed = normaliseStored(await client.getIdentityProvider());
  return {
    authsource: observed.authsource,
    clientId: observed.clientId,
    authorizeUrl: observed.settings?.authorizeUrl,
    tokenUrl: observed.settings?.tokenUrl,
    userinfoUrl: observed.settings?.userinfoUrl,
    redirectUrl: observed.settings?.redirectUrl,
    clientScopes: observed.settings?.clientScopes,
  };
}

async function adopt(args: string[]): Promise<number> {
  const at = args.indexOf("--stack");
  const stack = at >= 0 ? args[at + 1] : undefined;
  const unknown = args.filter(
    (arg, i) =>
      arg.startsWith("--") && !["--stack", "--write", "--rotate-secret"].includes(arg) && args[i - 1] !== "--stack",
  );
  if (!stack || stack.startsWith("--") || unknown.length > 0) {
    console.error(unknown.length ? `unknown option ${unknown.join(" ")}; ${USAGE}` : USAGE);
    return 2;
  }
  const cli = { stack, cwd: process.cwd() };
  const settings = parseSettings(await readStackConfig(cli));
  const reader = authentikReader({
    url: settings.authentik.url,
    token: settings.authentik.token,
    insecure: settings.authentik.insecure,
  });
  const discovery = await discoverAuthentik(reader, settings.application.slug);
  const mailcow = await readMailcow(settings);
  const plan = planAdoption(settings, discovery, mailcow, { rotateSecret: args.includes("--rotate-secret") });
  const write = args.includes("--write") && plan.outcome === "adopt";
  if (write) await writeAdoption(plan, cli);
  const report = formatReport(plan, discovery, mailcow, {
    stack,
    authentikUrl: settings.authentik.url,
    mailcowUrl: settings.mailcow.url,
    written: write,
  });
  (plan.outcome === "refused" ? console.error : console.log)(report);
  return plan.outcome === "refused" ? 1 : 0;
}

async function main(args: string[]): Promise<number> {
  try {
    if (args[0] === "--remove-bindings") {
      for (const line of await removeBindings(args.slice(1), process.env)) console.log(line);
      return 0;
    }
    return await adopt(args);
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : `adopt: ${(error as Error).message}`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
