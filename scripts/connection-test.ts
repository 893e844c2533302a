// Operator entry point of the connection test; `pulumi up` runs the same code through @pulumi/command.
// Reads its settings (and the mailcow API key) from the environment: see README "Connection test".
import { checkConnection, formatReport, inputFromEnv } from "../components/connection-test/check-connection";

async function main(): Promise<number> {
  let input;
  try {
    input = inputFromEnv(process.env);
  } catch (error) {
    console.error(`connection test: ${(error as Error).message}`);
    return 2;
  }
  const report = await checkConnection(input);
  (report.ok ? console.log : console.error)(formatReport(report));
  return report.ok ? 0 : 1;
}

main().then((code) => process.exit(code));
