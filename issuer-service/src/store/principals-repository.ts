/** The `principals` table: agencies, authorities, inspectors and insurers as did:ethr identities with their signing key ids. */
import { Repository } from "./repository.ts";

export const PRINCIPAL_KINDS = ["agency", "authority", "inspector", "insurer"] as const;
export type PrincipalKind = (typeof PRINCIPAL_KINDS)[number];

export interface Principal {
  id: string;
  kind: PrincipalKind;
  did: string;
  address: string;
  name: string;
  jurisdiction: string | null;
  signingKid: string;
  signingKey: string;
  /** The authority principal that onboarded this one through the API (null: bootstrap or start-up provisioning). */
  onboardedBy: string | null;
  createdAt: number;
}

interface PrincipalRow {
  id: string;
  kind: PrincipalKind;
  did: string;
  address: string;
  name: string;
  jurisdiction: string | null;
  signing_kid: string;
  signing_key: string;
  onboarded_by: string | null;
  created_at: number;
}

const fromRow = (row: PrincipalRow): Principal => ({
  id: row.id,
  kind: row.kind,
  did: row.did,
  address: row.address,
  name: row.name,
  jurisdiction: row.jurisdiction,
  signingKid: row.signing_kid,
  signingKey: row.signing_key,
  onboardedBy: row.onboarded_by,
  createdAt: row.created_at,
});

export class PrincipalsRepository extends Repository {
  /** Every principal, oldest first. */
  all(): Principal[] {
    return (this.statement("SELECT * FROM principals ORDER BY created_at").all() as PrincipalRow[]).map(fromRow);
  }

  /** Principals an authority onboarded through the API, oldest first. */
  onboardedBy(authorityId: string): Principal[] {
    return (
      this.statement("SELECT * FROM principals WHERE onboarded_by = ? ORDER BY created_at").all(
        authorityId,
      ) as PrincipalRow[]
    ).map(fromRow);
  }

  byDid(did: string): Principal | undefined {
    const row = this.statement("SELECT * FROM principals WHERE did = ?").get(did.toLowerCase()) as
      PrincipalRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  byId(id: string): Principal | undefined {
    const row = this.statement("SELECT * FROM principals WHERE id = ?").get(id) as PrincipalRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  insert(principal: Omit<Principal, "onboardedBy"> & { onboardedBy: string | null }): void {
    this.statement(
      `INSERT INTO principals (id, kind, did, address, name, jurisdiction, signing_kid, signing_key, onboarded_by, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      principal.id,
      principal.kind,
      principal.did,
      principal.address,
      principal.name,
      principal.jurisdiction,
      principal.signingKid,
      principal.signingKey,
      principal.onboardedBy,
      principal.createdAt,
    );
  }

  /** How the public reaches the principal (phone, e-mail, office), as it last said; undefined when never set. */
  contactOf(principalId: string): string | undefined {
    const row = this.statement("SELECT contact FROM principals WHERE id = ?").get(principalId) as
      { contact: string | null } | undefined;
    return row?.contact ?? undefined;
  }

  setContact(principalId: string, contact: string): void {
    this.statement("UPDATE principals SET contact = ? WHERE id = ?").run(contact, principalId);
  }

  setSigningKey(principalId: string, signingKid: string, signingKey: string): void {
    this.statement("UPDATE principals SET signing_kid = ?, signing_key = ? WHERE id = ?").run(
      signingKid,
      signingKey,
      principalId,
    );
  }
}
