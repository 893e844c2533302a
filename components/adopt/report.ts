// The plain report `npm run adopt` prints: what was found, what the stack takes over, what stays, and what the first
// `pulumi up` changes. It is built only from the plan's names and IDs: no secret reaches it.
import type { AuthentikDiscovery } from "./discover-authentik";
import type { AdoptionPlan, MailcowFound } from "./plan";

export interface ReportContext {
  stack: string;
  authentikUrl: string;
  mailcowUrl: string;
  written: boolean;
}

function foundAuthentik(discovery: AuthentikDiscovery): string {
  if (discovery.kind === "none") return `no application with slug "${discovery.slug}"`;
  if (discovery.kind === "refused") return discovery.reason;
  const { application, provider, bindings } = discovery;
  const what = provider
    ? `OAuth2 provider "${provider.name}" (pk ${provider.pk}, client ID "${provider.clientId}")`
    : "no provider";
  return `application "${application.slug}" (${application.pk}) with ${what}, ${bindings.length} policy binding(s)`;
}

function foundMailcow(mailcow: MailcowFound): string {
  if (mailcow.authsource === null) return "no identity provider";
  if (mailcow.authsource !== "generic-oidc") return `identity provider "${mailcow.authsource}" (not Generic-OIDC)`;
  const host = (url?: string) => (url ? new URL(url).host : "(none)");
  return `Generic-OIDC for client "${mailcow.clientId}", endpoints on ${host(mailcow.tokenUrl)}`;
}

const list = (lines: string[]) => (lines.length ? lines.map((line) => `  - ${line}`) : ["  (none)"]);

export function formatReport(
  plan: AdoptionPlan,
  discovery: AuthentikDiscovery,
  mailcow: MailcowFound,
  ctx: ReportContext,
): string {
  const lines = [
    `mailcow-sso adopt, stack "${ctx.stack}"`,
    `  authentik ${ctx.authentikUrl}: ${foundAuthentik(discovery)}`,
    `  mailcow   ${ctx.mailcowUrl}: ${foundMailcow(mailcow)}`,
    "",
  ];
  if (plan.outcome !== "adopt") {
    lines.push(plan.outcome === "refused" ? `Refused: ${plan.reason}` : `Nothing to adopt: ${plan.reason}`);
    return lines.join("\n");
  }
  const { imports } = plan;
  const taken = [
    imports.oauth2Provider && `authentik OAuth2 provider pk ${imports.oauth2Provider}`,
    imports.application && `authentik application "${imports.application}"`,
    imports.templateScope && `authentik scope mapping ${imports.templateScope} (mailcow_template)`,
    ...imports.bindings.map((b) => `authentik binding ${b.kind} "${b.ref}" (${b.id})`),
    plan.adoptMailcow && "mailcow's Generic-OIDC setting (mailcow.adoptExisting)",
  ].filter((line): line is string => typeof line === "string");
  lines.push("Taken over by the stack (imported on the first pulumi up; nothing is replaced):", ...list(taken), "");
  lines.push("Kept as it is:", ...list(plan.kept), "");
  lines.push("The first pulumi up changes:", ...list(plan.changes), "");
  const stack = ctx.stack;
  lines.push(
    ctx.written
      ? `Written to Pulumi.${stack}.yaml (oauth2.clientId, oauth2.clientSecret encrypted, adopt, mailcow.adoptExisting).`
      : `Nothing was written. To take these objects over: npm run adopt -- --stack ${stack} --write`,
    `Then review with pulumi preview -s ${stack} (imports and updates only) and apply with pulumi up -s ${stack}.`,
  );
  return lines.join("\n");
}
