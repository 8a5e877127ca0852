/**
 * The development certificate of `npm start -- --https` (scripts/lib/dev-tls.mts): it names every address
 * the stack is reached by, its private keys are the owner's alone, and it is kept across starts so a phone
 * that trusted it once keeps trusting it; only a server certificate that no longer covers the machine's
 * addresses, nears its end, or lost its key is made again, under the same CA.
 */
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate, createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NetworkInterfaceInfo } from "node:os";
import { ensureDevTls, lanAddresses, localTlsNames, TLS_FILES } from "../../scripts/lib/dev-tls.mts";

const DAY_MS = 86_400_000;
const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "fairledger-dev-tls-"));
  dirs.push(dir);
  return dir;
}

function iface(address: string, family: "IPv4" | "IPv6", internal = false): NetworkInterfaceInfo {
  return {
    address,
    family,
    internal,
    netmask: "",
    mac: "00:00:00:00:00:00",
    cidr: null,
    ...(family === "IPv6" ? { scopeid: 0 } : {}),
  } as NetworkInterfaceInfo;
}

const HOME_WIFI = {
  lo: [iface("127.0.0.1", "IPv4", true), iface("::1", "IPv6", true)],
  wlan0: [iface("192.168.1.23", "IPv4"), iface("2001:db8::23", "IPv6"), iface("fe80::1c2b:3cff:fe4d:5e6f", "IPv6")],
};
const OFFICE_WIFI = { lo: HOME_WIFI.lo, wlan0: [iface("10.20.30.40", "IPv4")] };

describe("the development certificate", () => {
  it("names localhost, loopback, the host name, every LAN address and the --tls-name names; not link-local IPv6", () => {
    assert.deepEqual(lanAddresses(HOME_WIFI), ["192.168.1.23", "2001:db8::23"]);
    assert.deepEqual(localTlsNames(["wallet.test", "Phone-Lab.local", "203.0.113.7"], HOME_WIFI, "laptop"), {
      dns: ["laptop", "localhost", "phone-lab.local", "wallet.test"],
      ips: ["127.0.0.1", "192.168.1.23", "2001:db8::23", "203.0.113.7", "::1"],
    });
  });

  it("is made on first use: a CA and a server certificate it signed, carrying those names, keys readable by the owner only", async () => {
    const dir = tempDir();
    const names = localTlsNames(["wallet.test"], HOME_WIFI, "laptop");
    const tls = await ensureDevTls(dir, names);
    assert.equal(tls.made, "ca-and-server");
    const ca = new X509Certificate(readFileSync(tls.caCertFile));
    const server = new X509Certificate(readFileSync(tls.certFile));
    assert.equal(ca.ca, true);
    assert.equal(server.ca, false);
    assert.ok(server.checkIssued(ca) && server.verify(ca.publicKey), "the CA signed the server certificate");
    assert.deepEqual(tls.names, names);
    for (const host of ["localhost", "laptop", "wallet.test"]) assert.equal(server.checkHost(host), host);
    for (const ip of ["127.0.0.1", "192.168.1.23", "2001:db8::23", "::1"]) assert.ok(server.checkIP(ip), ip);
    assert.equal(server.checkHost("other.test"), undefined);
    assert.equal(tls.caFingerprint256, ca.fingerprint256);
    assert.equal(tls.fingerprint256, server.fingerprint256);
    const spki = createHash("sha256")
      .update(server.publicKey.export({ type: "spki", format: "der" }))
      .digest("base64");
    assert.equal(tls.spkiSha256, spki);
    for (const key of [TLS_FILES.caKey, TLS_FILES.serverKey])
      assert.equal(statSync(join(dir, key)).mode & 0o777, 0o600, key);
    const der = (cert: X509Certificate) => cert.publicKey.export({ type: "spki", format: "der" }).toString("base64");
    assert.notEqual(der(server), der(ca), "the server has its own key, not the CA's");
  });

  it("is kept as it is when it still covers every name: the phone's trust holds", async () => {
    const dir = tempDir();
    const names = localTlsNames([], HOME_WIFI, "laptop");
    const first = await ensureDevTls(dir, names);
    const again = await ensureDevTls(dir, names);
    assert.equal(again.made, "nothing");
    assert.equal(again.fingerprint256, first.fingerprint256);
    assert.equal(again.caFingerprint256, first.caFingerprint256);
  });

  it("on another network makes a new server certificate under the same CA, naming old and new addresses", async () => {
    const dir = tempDir();
    const first = await ensureDevTls(dir, localTlsNames([], HOME_WIFI, "laptop"));
    const moved = await ensureDevTls(dir, localTlsNames([], OFFICE_WIFI, "laptop"));
    assert.equal(moved.made, "server");
    assert.equal(moved.caFingerprint256, first.caFingerprint256, "the phone need not trust anything new");
    assert.notEqual(moved.fingerprint256, first.fingerprint256);
    for (const ip of ["10.20.30.40", "192.168.1.23"]) assert.ok(moved.names.ips.includes(ip), ip);
  });

  it("makes a new server certificate 30 days before its end, and a new CA once the CA could not outlive it", async () => {
    const dir = tempDir();
    const names = localTlsNames([], HOME_WIFI, "laptop");
    const start = new Date("2027-01-01T00:00:00Z");
    const first = await ensureDevTls(dir, names, start);
    assert.equal((await ensureDevTls(dir, names, new Date(start.getTime() + 366 * DAY_MS))).made, "nothing");
    const renewed = await ensureDevTls(dir, names, new Date(start.getTime() + 368 * DAY_MS));
    assert.equal(renewed.made, "server");
    assert.equal(renewed.caFingerprint256, first.caFingerprint256);
    const late = await ensureDevTls(dir, names, new Date(start.getTime() + 5 * 365 * DAY_MS - 300 * DAY_MS));
    assert.equal(late.made, "ca-and-server");
  });

  it("makes both again when a key does not belong to its certificate (a forged or half-copied folder)", async () => {
    const dir = tempDir();
    const names = localTlsNames([], HOME_WIFI, "laptop");
    await ensureDevTls(dir, names);
    const other = await ensureDevTls(tempDir(), names);
    writeFileSync(join(dir, TLS_FILES.serverKey), readFileSync(other.keyFile));
    assert.equal((await ensureDevTls(dir, names)).made, "server");
    writeFileSync(join(dir, TLS_FILES.caKey), readFileSync(join(other.dir, TLS_FILES.caKey)));
    assert.equal((await ensureDevTls(dir, names)).made, "ca-and-server");
  });
});
