/**
 * A throw-away certificate authority and a server certificate for 127.0.0.1 / localhost, made at start.
 * Clients trust the CA through NODE_EXTRA_CA_CERTS (or the `ca` option of an https agent).
 */
import { isIP } from "node:net";
import { generate } from "selfsigned";

export interface Certificates {
  caCertPem: string;
  certPem: string;
  keyPem: string;
}

export async function generateCertificates(extraHost?: string): Promise<Certificates> {
  const notBeforeDate = new Date(Date.now() - 60_000); // tolerate a little clock skew
  const notAfterDate = new Date(Date.now() + 30 * 24 * 3600_000);
  const ca = await generate([{ name: "commonName", value: "Azure Stack registration emulator CA (throw-away)" }], {
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const altNames: { type: 2 | 7; value?: string; ip?: string }[] = [
    { type: 2, value: "localhost" },
    { type: 7, ip: "127.0.0.1" },
    { type: 7, ip: "::1" },
  ];
  if (extraHost && !["localhost", "127.0.0.1", "::1"].includes(extraHost)) {
    altNames.push(isIP(extraHost) ? { type: 7, ip: extraHost } : { type: 2, value: extraHost });
  }
  const leaf = await generate([{ name: "commonName", value: "localhost" }], {
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames },
    ],
  });
  return { caCertPem: ca.cert, certPem: leaf.cert, keyPem: leaf.private };
}
