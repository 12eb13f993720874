/**
 * A throw-away certificate authority and a server certificate for 127.0.0.1 / localhost (and the --host),
 * made at start. Clients trust the CA through NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE (Python) or the `ca`
 * option of an https agent.
 *
 * Built with @peculiar/x509 directly because strict verifiers (OpenSSL's -x509_strict, Python 3.13's
 * default VERIFY_X509_STRICT) require the RFC 5280 key identifiers — a Subject Key Identifier on the CA and
 * an Authority Key Identifier on the server certificate — which `selfsigned` cannot add.
 */
import { webcrypto } from "node:crypto";
import { isIP } from "node:net";
import * as x509 from "@peculiar/x509";

export interface Certificates {
    caCertPem: string;
    certPem: string;
    keyPem: string;
}

const ALGORITHM = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 } as const;
const LOCAL_NAMES = ["localhost", "127.0.0.1", "::1"];

export async function generateCertificates(extraHost?: string): Promise<Certificates> {
    x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
    const notBefore = new Date(Date.now() - 60_000); // tolerate a little clock skew
    const notAfter = new Date(Date.now() + 30 * 24 * 3600_000);
    const [caKeys, leafKeys] = await Promise.all([
        webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]),
        webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]),
    ]);
    const caName = "CN=Azure Stack registration emulator CA (throw-away)";
    const ca = await x509.X509CertificateGenerator.create({
        serialNumber: serial(),
        subject: caName,
        issuer: caName,
        notBefore,
        notAfter,
        signingAlgorithm: ALGORITHM,
        publicKey: caKeys.publicKey,
        signingKey: caKeys.privateKey,
        extensions: [
            new x509.BasicConstraintsExtension(true, 0, true),
            new x509.KeyUsagesExtension(
                x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
                true,
            ),
            await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
            await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
        ],
    });

    const names: x509.JsonGeneralName[] = [
        { type: "dns", value: "localhost" },
        { type: "ip", value: "127.0.0.1" },
        { type: "ip", value: "::1" },
    ];
    if (extraHost && !LOCAL_NAMES.includes(extraHost)) names.push({ type: isIP(extraHost) ? "ip" : "dns", value: extraHost });
    const leaf = await x509.X509CertificateGenerator.create({
        serialNumber: serial(),
        subject: "CN=localhost",
        issuer: ca.subject,
        notBefore,
        notAfter,
        signingAlgorithm: ALGORITHM,
        publicKey: leafKeys.publicKey,
        signingKey: caKeys.privateKey,
        extensions: [
            new x509.BasicConstraintsExtension(false, undefined, true),
            new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
            new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
            new x509.SubjectAlternativeNameExtension(names),
            await x509.SubjectKeyIdentifierExtension.create(leafKeys.publicKey),
            await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
        ],
    });
    const pkcs8 = await webcrypto.subtle.exportKey("pkcs8", leafKeys.privateKey);
    return {
        caCertPem: ca.toString("pem"),
        certPem: leaf.toString("pem"),
        keyPem: x509.PemConverter.encode(pkcs8, "PRIVATE KEY"),
    };
}

/** A positive 16-byte serial number in hex (RFC 5280: positive, at most 20 bytes). */
function serial(): string {
    const bytes = webcrypto.getRandomValues(new Uint8Array(16));
    bytes[0]! &= 0x7f;
    bytes[0]! |= 0x01;
    return Buffer.from(bytes).toString("hex");
}
