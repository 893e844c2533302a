import * as pulumi from "@pulumi/pulumi";
test("pulumi loads", () => { expect(typeof pulumi.dynamic.Resource).toBe("function"); });
