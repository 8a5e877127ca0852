/**
 * The W3C data model as a JSON-LD processor sees it: credentials of every type, in both formats, expand
 * with `jsonld` in safe mode (an undefined term throws instead of being dropped), with the VCDM contexts
 * from the local copies in common/contexts/w3c and FairLedger's context loaded from the service's route —
 * the URL the credential itself names. Nothing leaves the machine: the loader refuses any other URL.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import jsonld from "jsonld";
import {
  FAIRLEDGER_CONTEXT_PATH,
  JSON_LD_MEDIA_TYPE,
  SUBJECT_SCHEMAS,
  VCDM1_CONTEXT,
  VCDM2_CONTEXT,
  fairLedgerContextText,
  w3cContextDocuments,
  type CredentialType,
} from "@fairledger/common/node";
import { credentialPayload, type CredentialDraft } from "../src/credentials/sd-jwt-vc.ts";
import { vcJwtPayload } from "../src/credentials/vc-jwt.ts";
import { caseWithAnchoredContract, decodeJwtPart, newHolderKey, useDemoService } from "./helpers.ts";

const W3C = w3cContextDocuments();

/** A loader that serves the W3C copies, and FairLedger's context from `serviceUrl` only. */
function offlineLoader(serviceUrl: string, fetched: string[]) {
  return async (url: string) => {
    const local = W3C.get(url);
    if (local) return { contextUrl: undefined, documentUrl: url, document: local };
    if (url === `${serviceUrl}${FAIRLEDGER_CONTEXT_PATH}`) {
      const response = await fetch(url);
      assert.equal(response.headers.get("content-type")?.split(";")[0], JSON_LD_MEDIA_TYPE);
      fetched.push(url);
      return { contextUrl: undefined, documentUrl: url, document: await response.json() };
    }
    throw new Error(`the test loader refuses ${url}: nothing is fetched from the network`);
  };
}

/** A loader with FairLedger's context from the file in common (for payloads built without a service). */
function fileLoader(contextUrl: string) {
  return async (url: string) => {
    const local = W3C.get(url);
    if (local) return { contextUrl: undefined, documentUrl: url, document: local };
    if (url === contextUrl)
      return { contextUrl: undefined, documentUrl: url, document: JSON.parse(fairLedgerContextText()) as unknown };
    throw new Error(`the test loader refuses ${url}`);
  };
}

/** Every property IRI in an expanded document: each must be one of a defined term, not a fallback vocabulary. */
function propertyIris(expanded: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(expanded)) for (const item of expanded) propertyIris(item, into);
  else if (typeof expanded === "object" && expanded !== null) {
    for (const [key, value] of Object.entries(expanded)) {
      if (!key.startsWith("@")) into.add(key);
      if (key !== "@value" && key !== "@json") propertyIris(value, into);
    }
  }
  return into;
}

/** The SD-JWT VC payload as a holder holds it: every disclosure applied, the SD-JWT mechanics removed. */
function disclosedSdJwtPayload(sdJwt: string): Record<string, unknown> {
  const payload = decodeJwtPart(sdJwt, 1) as Record<string, unknown>;
  const subject = { ...(payload.credentialSubject as Record<string, unknown>) };
  for (const part of sdJwt.split("~").slice(1).filter(Boolean)) {
    const [, name, value] = JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as [string, string, unknown];
    subject[name] = value;
  }
  delete subject._sd;
  const { _sd_alg: _alg, ...rest } = payload;
  return { ...rest, credentialSubject: subject };
}

async function expandSafely(document: Record<string, unknown>, loader: (url: string) => Promise<unknown>) {
  const expanded = await jsonld.expand(document as never, { documentLoader: loader as never, safe: true } as never);
  const iris = propertyIris(expanded);
  for (const iri of iris)
    assert.doesNotMatch(iri, /issuer-dependent|undefined-term/, `${iri} is a fallback, not a term`);
  return iris;
}

/** Sample subjects of each type: every claim of the type's schema present. */
const SAMPLE_SUBJECTS: Record<CredentialType, Record<string, unknown>> = {
  EmploymentContractCredential: {
    id: "did:jwk:eyJjcnYiOiJQLTI1NiJ9",
    caseCommitment: `0x${"11".repeat(32)}`,
    corridor: "PH-SA",
    contractHash: `0x${"22".repeat(32)}`,
    contractSalt: `0x${"33".repeat(32)}`,
    employerName: "Gulf Builders",
    employerId: `0x${"44".repeat(20)}`,
    jobTitle: "Welder",
    worksiteCountry: "SA",
    contractStart: "2026-03-01",
    contractMonths: 24,
    workerName: "Maria Santos",
    passportNumber: "P1234567",
    birthDate: "1994-05-06",
    nationality: "PH",
    monthlyWage: { amount: "150000", currency: "SAR" },
    agencyName: "Bayanihan Manpower Services",
    licenceNumber: "DMW-2026-0001",
  },
  RecruitmentFeeStatement: {
    id: "did:jwk:eyJjcnYiOiJQLTI1NiJ9",
    caseCommitment: `0x${"11".repeat(32)}`,
    corridor: "PH-SA",
    workerPaidTotal: "0",
    currency: "PHP",
    feesChargedToWorker: false,
    receiptsRoot: `0x${"55".repeat(32)}`,
    receiptCount: 2,
    caseStatus: "Closed",
    workerName: "Maria Santos",
    passportNumber: "P1234567",
  },
  AgencyLicenceCredential: {
    id: `did:ethr:0x7a69:0x${"66".repeat(20)}`,
    jurisdiction: "PH",
    agencyName: "Manila Placement",
    licenceNumber: "DMW-2026-0042",
    validFrom: "2026-01-01T00:00:00.000Z",
    validUntil: "2027-01-01T00:00:00.000Z",
  },
};

describe("JSON-LD: every term of every credential type is defined (jsonld safe mode, offline)", () => {
  const contextUrl = `https://issuer.example${FAIRLEDGER_CONTEXT_PATH}`;
  const draft = (type: CredentialType): CredentialDraft => ({
    id: "urn:uuid:7b0e5f8e-0000-4000-8000-000000000001",
    type,
    issuerDid: `did:ethr:0x7a69:0x${"77".repeat(20)}`,
    kid: `did:ethr:0x7a69:0x${"77".repeat(20)}?versionId=9#delegate-1`,
    signer: undefined as never,
    subject: SAMPLE_SUBJECTS[type],
    holderJwk: { kty: "EC", crv: "P-256", x: "x", y: "y" } as never,
    validFrom: new Date("2026-01-01T00:00:00Z"),
    validUntil: new Date("2029-01-01T00:00:00Z"),
    schemaUrl: "https://issuer.example/schemas/x.json",
    contextUrl,
  });

  it("the samples carry every claim each type's schema defines", () => {
    for (const [type, schema] of Object.entries(SUBJECT_SCHEMAS))
      assert.deepEqual(Object.keys(SAMPLE_SUBJECTS[type as CredentialType]).sort(), Object.keys(schema.shape).sort());
  });

  for (const type of Object.keys(SAMPLE_SUBJECTS) as CredentialType[]) {
    it(`${type}: the SD-JWT VC payload (VCDM 2.0) and the VC-JWT vc claim (VCDM 1.1) expand`, async () => {
      const sdJwtPayload = credentialPayload(draft(type));
      assert.deepEqual(sdJwtPayload["@context"], [VCDM2_CONTEXT, contextUrl]);
      const sdIris = await expandSafely(sdJwtPayload, fileLoader(contextUrl));
      assert.ok(sdIris.has("urn:fairledger:terms:corridor") || type === "AgencyLicenceCredential");
      const vc = vcJwtPayload(draft(type)).vc as Record<string, unknown>;
      assert.deepEqual(vc["@context"], [VCDM1_CONTEXT, contextUrl]);
      await expandSafely(vc, fileLoader(contextUrl));
    });
  }

  it("forged: a claim the context does not define makes safe mode throw (the test can fail)", async () => {
    const payload = credentialPayload(draft("EmploymentContractCredential"));
    (payload.credentialSubject as Record<string, unknown>).favouriteColour = "blue";
    await assert.rejects(expandSafely(payload, fileLoader(contextUrl)), /safe mode|undefined|dropped|relative/i);
  });

  it("forged: the legacy URN context cannot be loaded by any processor", async () => {
    const payload = { ...credentialPayload(draft("EmploymentContractCredential")) };
    payload["@context"] = [VCDM2_CONTEXT, "urn:fairledger:context:1"];
    await assert.rejects(expandSafely(payload, fileLoader(contextUrl)));
  });
});

describe("JSON-LD: issued credentials name the served context, and expand with it", () => {
  const fixture = useDemoService();

  it("GET /contexts/fairledger/v1 serves the context in common as application/ld+json, publicly", async () => {
    const response = await fetch(`${fixture.service.url}${FAIRLEDGER_CONTEXT_PATH}`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type")?.split(";")[0], JSON_LD_MEDIA_TYPE);
    assert.equal(await response.text(), fairLedgerContextText());
  });

  for (const format of ["vc+sd-jwt", "vc-jwt"] as const) {
    it(`an issued ${format} credential expands, its FairLedger context loaded from the service`, async () => {
      const { caseId, api } = await caseWithAnchoredContract(fixture.service, fixture.ledger);
      const issued = await api.post("/credentials/issue", {
        credential: { type: ["VerifiableCredential", "EmploymentContractCredential"] },
        options: { caseId, holderJwk: newHolderKey().jwk, format },
      });
      assert.equal(issued.status, 201, JSON.stringify(issued.body));
      const credential = issued.body.credential as string;
      const document =
        format === "vc-jwt"
          ? (decodeJwtPart(credential, 1).vc as Record<string, unknown>)
          : disclosedSdJwtPayload(credential);
      const fetched: string[] = [];
      const iris = await expandSafely(document, offlineLoader(fixture.service.url, fetched));
      assert.deepEqual(fetched, [`${fixture.service.url}${FAIRLEDGER_CONTEXT_PATH}`]);
      for (const claim of ["workerName", "monthlyWage", "amount", "contractHash"])
        assert.ok(iris.has(`urn:fairledger:terms:${claim}`), claim);
    });
  }

  it("VC-JWT claims are where VC-JWT puts them: cnf, iss, sub, jti, nbf, exp beside vc, not in it", async () => {
    const { caseId, api } = await caseWithAnchoredContract(fixture.service, fixture.ledger);
    const holder = newHolderKey();
    const issued = await api.post("/credentials/issue", {
      credential: { type: ["VerifiableCredential", "EmploymentContractCredential"] },
      options: { caseId, holderJwk: holder.jwk, format: "vc-jwt" },
    });
    const payload = decodeJwtPart(issued.body.credential, 1);
    assert.deepEqual(payload.cnf, { jwk: holder.jwk });
    assert.equal(payload.vc.cnf, undefined);
    assert.equal(payload.iss, fixture.service.principals.agency!.did);
    assert.match(payload.sub, /^did:jwk:/);
    assert.match(payload.jti, /^urn:uuid:/);
    assert.equal(typeof payload.nbf, "number");
    assert.equal(typeof payload.exp, "number");
    assert.equal(payload.vc.credentialSubject.id, undefined, "the holder is sub");
  });
});
