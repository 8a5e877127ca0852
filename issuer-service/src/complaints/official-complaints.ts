/**
 * Authorities and inspectors read the complaints about an agency of their own country and mark one
 * handled with an outcome. They see only what handling needs: category, dates, status, the worker's text
 * and whether a photo came with it; who filed only when the worker allowed it. There is no search across
 * workers: the list is per agency. An erased case's complaints stay counted, their words unreadable.
 */
import { ServiceError } from "../errors.ts";
import { atomically } from "../store/repository.ts";
import type { Principal } from "../store/principals-repository.ts";
import type { ComplaintRow } from "../store/complaints-repository.ts";
import type { WorkerData } from "../use-cases/open-case.ts";
import { outcomeOf } from "./complaint-status.ts";
import {
  isoTime,
  outcomeLabel,
  reportLabel,
  stageOf,
  type ComplaintReport,
  type ComplaintServices,
} from "./complaint-services.ts";

/** The most complaints one list answers (newest first). */
export const COMPLAINT_LIST_LIMIT = 200;

type Services = Pick<ComplaintServices, "store" | "vault" | "proofOf" | "now" | "db">;

function requireSameCountry(official: Principal, agency: Principal): void {
  if (!official.jurisdiction || official.jurisdiction !== agency.jurisdiction)
    throw new ServiceError(
      "ERR_FORBIDDEN",
      `agency ${agency.did} is licensed in ${agency.jurisdiction ?? "no country"}: only its own country's officials read its complaints`,
    );
}

function reportOf(services: Services, complaint: ComplaintRow): ComplaintReport | null {
  try {
    const opened = services.vault.open(complaint.caseId, complaint.sealedReport, reportLabel(complaint.id));
    return JSON.parse(opened.toString("utf8")) as ComplaintReport;
  } catch (error) {
    if ((error as ServiceError).code === "ERR_DATA_ERASED") return null;
    throw error;
  }
}

function officialView(services: Services, complaint: ComplaintRow) {
  const report = reportOf(services, complaint);
  let filer: { caseId: string; name: string } | null = null;
  if (report && complaint.identityShared)
    filer = {
      caseId: complaint.caseId,
      name: services.vault.getJson<WorkerData>(complaint.caseId, "worker")?.name ?? "",
    };
  return {
    reference: complaint.id,
    category: complaint.category,
    status: stageOf(services, complaint),
    filedAt: isoTime(complaint.filedAt),
    handledAt: isoTime(complaint.handledAt),
    handledBy: complaint.handledBy,
    erased: report === null,
    text: report?.text ?? null,
    photo: report?.photo
      ? { mediaType: report.photo.mediaType, bytes: Buffer.from(report.photo.base64, "base64").length }
      : null,
    outcome: report === null ? null : outcomeOf(services, complaint),
    identityShared: complaint.identityShared,
    filer,
  };
}

/** The agency principal an official names by DID (did:ethr) — only agencies this service knows. */
function agencyNamed(services: Services, did: string): Principal {
  const agency = services.store.principals.byDid(did.toLowerCase());
  if (!agency || agency.kind !== "agency") throw new ServiceError("ERR_NOT_FOUND", `no agency ${did} at this service`);
  return agency;
}

export function listComplaints(services: Services, official: Principal, agencyDid: string) {
  const agency = agencyNamed(services, agencyDid);
  requireSameCountry(official, agency);
  return {
    agency: { did: agency.did, name: agency.name },
    counts: services.store.complaints.countOf(agency.id),
    complaints: services.store.complaints
      .ofAgency(agency.id, COMPLAINT_LIST_LIMIT)
      .map((complaint) => officialView(services, complaint)),
  };
}

/** A complaint's photo for an official of the agency's country (bytes and media type). */
export function complaintPhoto(services: Services, official: Principal, reference: string) {
  const complaint = officialComplaint(services, official, reference);
  const photo = reportOf(services, complaint)?.photo;
  if (!photo) throw new ServiceError("ERR_NOT_FOUND", `complaint ${reference} has no readable photo`);
  return { mediaType: photo.mediaType, data: Buffer.from(photo.base64, "base64") };
}

function officialComplaint(services: Services, official: Principal, reference: string): ComplaintRow {
  const complaint = services.store.complaints.byId(reference);
  if (!complaint) throw new ServiceError("ERR_NOT_FOUND", `no complaint ${reference}`);
  const agency = services.store.principals.byId(complaint.agencyId);
  if (!agency) throw new ServiceError("ERR_INTERNAL", `the agency of complaint ${reference} is missing`);
  requireSameCountry(official, agency);
  return complaint;
}

export function handleComplaint(services: Services, official: Principal, reference: string, outcome: string) {
  const complaint = officialComplaint(services, official, reference);
  if (complaint.status === "handled")
    throw new ServiceError("ERR_CONFLICT", `complaint ${reference} was already handled; its outcome stays as written`);
  const now = services.now();
  // Sealed under the case key like the report: an erased case's complaint cannot be handled (410).
  const sealed = services.vault.seal(complaint.caseId, Buffer.from(outcome, "utf8"), outcomeLabel(complaint.id));
  atomically(services.db, () => {
    // Guarded by status: of two officials handling at once, one wins and the other gets the 409.
    if (!services.store.complaints.markHandled(complaint.id, sealed, now, official.did))
      throw new ServiceError("ERR_CONFLICT", `complaint ${reference} was already handled`);
    services.store.audit.record(official.did, "complaint.handled", complaint.id, { category: complaint.category });
  });
  return officialView(services, expectRow(services, reference));
}

function expectRow(services: Services, reference: string): ComplaintRow {
  const row = services.store.complaints.byId(reference);
  if (!row) throw new ServiceError("ERR_INTERNAL", `complaint ${reference} just handled is missing`);
  return row;
}
