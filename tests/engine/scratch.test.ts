import { api } from "../support/authentik-emulator/test-client";
import { type Lab, initLabStack, labSettings, startLab, writes } from "./support/lab";
import { EngineProject } from "./support/project";
let lab: Lab;
let project: EngineProject;
beforeAll(async () => {
  lab = await startLab();
  project = EngineProject.fromRepo();
  await initLabStack(project, lab, "lab", labSettings(lab));
  await project.expectPulumi(["up", "--yes", "--skip-preview"]);
});
afterAll(async () => {
  project.remove();
  await lab?.stop();
});
test("explore", async () => {
  const pk = [...lab.authentik.store.providers.values()][0].pk;
  console.log(
    (
      await api(lab.authentik, "PATCH", `/core/applications/mailcow-lab/`, {
        meta_description: "by hand",
        meta_icon: "https://x.example/icon.png",
        meta_publisher: "IT",
      })
    ).status,
  );
  console.log(
    (
      await api(lab.authentik, "PATCH", `/providers/oauth2/${pk}/`, {
        logout_uri: "https://mail.example.org/logout",
        grant_types: ["authorization_code"],
        include_claims_in_id_token: false,
        refresh_token_threshold: "hours=1",
      })
    ).status,
  );
  for (let i = 0; i < 2; i++) {
    lab.clearLogs();
    const p = await project.pulumi(["preview", "--refresh", "--expect-no-changes", "--diff"]);
    console.log(
      "preview",
      p.code,
      p.output
        .split("\n")
        .filter((l) => /^\s*[~+-] /.test(l))
        .join("\n"),
    );
    lab.clearLogs();
    const u = await project.pulumi(["up", "--refresh", "--yes", "--skip-preview"]);
    console.log("up", u.code, JSON.stringify(writes(lab)));
    const app = lab.authentik.store.applicationBySlug("mailcow-lab")!;
    const pr = lab.authentik.store.providers.get(pk)!;
    console.log(
      app.meta_description,
      app.meta_icon,
      app.meta_publisher,
      pr.logout_uri,
      pr.grant_types,
      pr.include_claims_in_id_token,
      pr.refresh_token_threshold,
    );
  }
});
