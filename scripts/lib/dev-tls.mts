/**
 * The development TLS material of `npm start -- --https`, made on this machine and kept in a folder that
 * outlives the demo data directory (`.data/tls/` by default), so a phone that trusted it once keeps trusting it.
 *
 * Two certificates, as mkcert does: a local CA (`ca.pem`, the file a phone installs and trusts once) and a
 * server certificate signed by it (`server.pem`) naming every address the stack is reached by. When the
 * machine's addresses change (another Wi-Fi, a new DHCP lease) only the server certificate is made again;
 * the phone's trust in the CA still holds. Private keys are written with mode 0600.
 *
 * Validity: the server certificate lives 397 days (under Apple's 825-day cap for every TLS server
 * certificate, and under the 398 days browsers enforce for public ones) and is renewed 30 days before it
 * ends; the CA lives 5 years.
 */
import { X509Certificate, createHash, createPrivateKey } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, networkInterfaces } from "node:os";
import { isIP } from "node:net";
import { join } from "node:path";
import { generate } from "selfsigned";

const DAY_MS = 86_400_000;
const SERVER_DAYS = 397;
const CA_DAYS = 5 * 365;
const RENEW_BEFORE_DAYS = 30;

export const TLS_FILES = {
  caCert: "ca.pem",
  caKey: "ca-key.pem",
  serverCert: "server.pem",
  serverKey: "server-key.pem",
} as const;

/** The names a certificate must carry: DNS names and IP addresses, each list sorted and unique. */
export interface TlsNames {
  dns: string[];
  ips: string[];
}

export interface DevTls {
  dir: string;
  caCertFile: string;
  certFile: string;
  keyFile: string;
  /** SHA-256 of the CA certificate, colon-separated hex: what the phone's certificate screen shows. */
  caFingerprint256: string;
  /** SHA-256 of the server certificate (colon-separated hex). */
  fingerprint256: string;
  /**
   * base64 SHA-256 of the server certificate's SubjectPublicKeyInfo (Chromium's
   * --ignore-certificate-errors-spki-list).
   */
  spkiSha256: string;
  names: TlsNames;
  /** What this call had to make: nothing, a new server certificate, or a new CA and server certificate. */
  made: "nothing" | "server" | "ca-and-server";
}

/** Link-local IPv6 (fe80::/10) needs a zone id no URL a phone types can carry, so it is left out. */
function isLinkLocalIpv6(address: string): boolean {
  return /^fe[89ab]/i.test(address);
}

/** The addresses of this machine's network interfaces that another device can reach (not loopback). */
export function lanAddresses(interfaces = networkInterfaces()): string[] {
  return Object.values(interfaces)
    .flatMap((entries) => entries ?? [])
    .filter((entry) => !entry.internal && !(entry.family === "IPv6" && isLinkLocalIpv6(entry.address)))
    .map((entry) => entry.address);
}

/** localhost, 127.0.0.1, ::1, this machine's host name, its LAN addresses and the extra names given. */
export function localTlsNames(
  extraNames: string[] = [],
  interfaces = networkInterfaces(),
  host = hostname(),
): TlsNames {
  const all = ["localhost", "127.0.0.1", "::1", host, ...lanAddresses(interfaces), ...extraNames].map((name) =>
    name.trim().toLowerCase(),
  );
  const unique = (list: string[]) => [...new Set(list)].sort();
  return {
    dns: unique(all.filter((name) => name !== "" && isIP(name) === 0)),
    ips: unique(all.filter((name) => isIP(name) !== 0).map(normaliseIp)),
  };
}

/**
 * One spelling per address: Node prints a certificate's IPv6 entries in full ("0:0:0:0:0:0:0:1"), people
 * write "::1".
 */
function normaliseIp(ip: string): string {
  return isIP(ip) === 6 ? new URL(`http://[${ip}]/`).hostname.slice(1, -1) : ip;
}

/** The DNS names and IP addresses a certificate's subjectAltName carries. */
export function namesInCertificate(cert: X509Certificate): TlsNames {
  const entries = (cert.subjectAltName ?? "").split(", ").filter(Boolean);
  const values = (prefix: string) =>
    entries.filter((entry) => entry.startsWith(prefix)).map((entry) => entry.slice(prefix.length).toLowerCase());
  const ips = values("IP Address:").map(normaliseIp);
  return { dns: values("DNS:").sort(), ips: ips.sort() };
}

/** True when every wanted name is in the certificate. */
export function covers(cert: X509Certificate, wanted: TlsNames): boolean {
  const present = namesInCertificate(cert);
  return (
    wanted.dns.every((name) => present.dns.includes(name)) &&
    wanted.ips.every((ip) => present.ips.includes(normaliseIp(ip)))
  );
}

function stillValid(cert: X509Certificate, now: Date, marginDays: number): boolean {
  return (
    new Date(cert.validFrom).getTime() <= now.getTime() &&
    new Date(cert.validTo).getTime() - marginDays * DAY_MS > now.getTime()
  );
}

function writePrivate(path: string, pem: string): void {
  writeFileSync(path, pem, { mode: 0o600 });
  chmodSync(path, 0o600); // the mode above only applies when the file is new
}

function readCertificate(path: string): X509Certificate | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return new X509Certificate(readFileSync(path));
  } catch {
    return undefined;
  }
}

/** A key file that belongs to the certificate next to it; anything else means "make both again". */
function keyMatches(cert: X509Certificate, keyPath: string): boolean {
  if (!existsSync(keyPath)) return false;
  try {
    return cert.checkPrivateKey(createPrivateKey(readFileSync(keyPath)));
  } catch {
    return false;
  }
}

/**
 * The day it was made is in its name: a phone's list of trusted certificates then tells an old CA from the
 * current one.
 */
function caName(now: Date): string {
  return `FairLedger development CA (${hostname()}, ${now.toISOString().slice(0, 10)})`;
}

async function makeCa(dir: string, now: Date): Promise<void> {
  const made = await generate([{ name: "commonName", value: caName(now) }], {
    keyType: "ec",
    algorithm: "sha256",
    notBeforeDate: new Date(now.getTime() - DAY_MS),
    notAfterDate: new Date(now.getTime() + CA_DAYS * DAY_MS),
    extensions: [
      { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  writePrivate(join(dir, TLS_FILES.caKey), made.private);
  writeFileSync(join(dir, TLS_FILES.caCert), made.cert);
}

async function makeServerCertificate(dir: string, names: TlsNames, now: Date): Promise<void> {
  const ca = {
    key: readFileSync(join(dir, TLS_FILES.caKey), "utf8"),
    cert: readFileSync(join(dir, TLS_FILES.caCert), "utf8"),
  };
  const made = await generate([{ name: "commonName", value: names.dns[0] ?? "localhost" }], {
    keyType: "ec",
    algorithm: "sha256",
    // A day back: a phone whose clock runs a little late still accepts it.
    notBeforeDate: new Date(now.getTime() - DAY_MS),
    notAfterDate: new Date(now.getTime() + SERVER_DAYS * DAY_MS),
    ca,
    extensions: [
      { name: "basicConstraints", cA: false, critical: true },
      { name: "keyUsage", digitalSignature: true, critical: true },
      // Apple requires serverAuth in the extended key usage of every TLS server certificate.
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          ...names.dns.map((value) => ({ type: 2 as const, value })),
          ...names.ips.map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  writePrivate(join(dir, TLS_FILES.serverKey), made.private);
  writeFileSync(join(dir, TLS_FILES.serverCert), made.cert);
}

/**
 * Returns the TLS material in `dir`, making what is missing: the CA when absent, unreadable, without its
 * key or near its end; the server certificate also when it does not name every one of `names` (the
 * certificate then names the union, so an address seen before keeps working).
 */
export async function ensureDevTls(dir: string, names: TlsNames, now = new Date()): Promise<DevTls> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let made: DevTls["made"] = "nothing";
  const caPath = join(dir, TLS_FILES.caCert);
  const existingCa = readCertificate(caPath);
  if (!existingCa || !keyMatches(existingCa, join(dir, TLS_FILES.caKey)) || !stillValid(existingCa, now, SERVER_DAYS)) {
    await makeCa(dir, now);
    made = "ca-and-server";
  }
  const ca = readCertificate(caPath);
  if (!ca) throw new Error(`no readable CA certificate at ${caPath}`);
  const serverPath = join(dir, TLS_FILES.serverCert);
  const existing = readCertificate(serverPath);
  const fresh =
    made === "nothing" &&
    existing !== undefined &&
    existing.checkIssued(ca) &&
    existing.verify(ca.publicKey) &&
    keyMatches(existing, join(dir, TLS_FILES.serverKey)) &&
    stillValid(existing, now, RENEW_BEFORE_DAYS);
  if (!fresh || !covers(existing, names)) {
    const previous = fresh && existing ? namesInCertificate(existing) : { dns: [], ips: [] };
    const union = {
      dns: [...new Set([...names.dns, ...previous.dns])].sort(),
      ips: [...new Set([...names.ips, ...previous.ips].map(normaliseIp))].sort(),
    };
    await makeServerCertificate(dir, union, now);
    if (made === "nothing") made = "server";
  }
  const server = readCertificate(serverPath);
  if (!server) throw new Error(`no readable server certificate at ${serverPath}`);
  return {
    dir,
    caCertFile: caPath,
    certFile: serverPath,
    keyFile: join(dir, TLS_FILES.serverKey),
    caFingerprint256: ca.fingerprint256,
    fingerprint256: server.fingerprint256,
    spkiSha256: createHash("sha256")
      .update(server.publicKey.export({ type: "spki", format: "der" }))
      .digest("base64"),
    names: namesInCertificate(server),
    made,
  };
}
