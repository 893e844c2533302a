// HTTPS for the lab: one throwaway loopback certificate (its own CA) for the authentik emulator and for a TLS front
// in front of the mailcow emulator (which speaks http only, as mailcow's PHP does behind its nginx), and the trust
// settings each client needs: SSL_CERT_FILE for the Go plugins, NODE_EXTRA_CA_CERTS for Node processes the CLI
// starts, and the default CA list of this jest process for the mailcow emulator's own outbound test request.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import { loopbackTlsCertificate } from "../../support/authentik-emulator/certificates";

export interface LabTls {
  cert: string;
  key: string;
  /** Environment for CLI runs: Go and Node trust the certificate (Go keeps the system roots too). */
  env: Record<string, string>;
  /** Undoes the change to this process's default CA list and deletes the files. */
  dispose(): void;
}

/** Debian/Ubuntu and Fedora locations of the system bundle (Go reads one of these when SSL_CERT_FILE is unset). */
const SYSTEM_BUNDLES = ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt"];

export function labTls(): LabTls {
  const { cert, key } = loopbackTlsCertificate();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailcow-sso-tls-"));
  const caFile = path.join(dir, "ca.pem");
  fs.writeFileSync(caFile, cert);
  // SSL_CERT_FILE replaces Go's roots; keep the system ones so that an online bridge can still download plugins.
  const system = SYSTEM_BUNDLES.find((file) => fs.existsSync(file));
  const bundle = path.join(dir, "bundle.pem");
  fs.writeFileSync(bundle, `${system ? fs.readFileSync(system, "utf8") : ""}\n${cert}`);
  const previous = tls.getCACertificates("default");
  tls.setDefaultCACertificates([...previous, cert]);
  return {
    cert,
    key,
    env: { SSL_CERT_FILE: bundle, NODE_EXTRA_CA_CERTS: caFile },
    dispose() {
      tls.setDefaultCACertificates(previous);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TlsFront {
  url: string;
  stop(): Promise<void>;
}

/** Terminates TLS on a free loopback port and passes the bytes to `target` (host:port), like nginx before PHP. */
export async function startTlsFront(target: URL, pair: { cert: string; key: string }): Promise<TlsFront> {
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({ cert: pair.cert, key: pair.key }, (client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => (socket === client ? upstream : client).destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
