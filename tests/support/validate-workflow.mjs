// Validates GitHub workflow files with GitHub's own parser (ESM-only, so tests call this in a child process).
// Usage: node validate-workflow.mjs <file>...  → prints a JSON map of file → error messages.
import { readFileSync } from "node:fs";
import { register } from "node:module";

// The parser imports its bundled JSON schema without `with { type: "json" }` (it targets bundlers); this hook
// loads .json files as JSON modules so plain Node can run it.
register(
  "data:text/javascript," +
    encodeURIComponent(
      'export async function load(url, context, next) { return url.endsWith(".json") ? next(url, { ...context, importAttributes: { type: "json" } }) : next(url, context); }',
    ),
);
const { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } = await import("@actions/workflow-parser");

const results = {};
for (const file of process.argv.slice(2)) {
  const parsed = parseWorkflow({ name: file, content: readFileSync(file, "utf8") }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (parsed.value) {
    const template = await convertWorkflowTemplate(parsed.context, parsed.value);
    for (const e of template.errors ?? []) errors.push(e.Message ?? e.message ?? String(e));
  }
  results[file] = [...new Set(errors)];
}
console.log(JSON.stringify(results));
