// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Agency licences issued by licensing authorities, with full history.
interface IAgencyLicensing {
    /// @notice Lifecycle of an agency licence.
    enum LicenceStatus {
        None,
        Active,
        Suspended,
        Revoked
    }

    /// @notice The current licence of an agency.
    struct Licence {
        /// @dev Country whose authority licensed the agency; fixed once first issued.
        bytes2 jurisdiction;
        /// @dev Current status.
        LicenceStatus status;
        /// @dev Start of the validity window (inclusive), unix seconds.
        uint48 validFrom;
        /// @dev End of the validity window (exclusive), unix seconds.
        uint48 validUntil;
        /// @dev Hash of the licence document (e.g. its licence credential), never the document itself.
        bytes32 documentHash;
    }

    /// @notice A revocation of an agency's licence. Credentials the agency issued from `effectiveFrom` up to
    /// `revokedAt` no longer count as issued under a licence (see `wasLicensedAt`).
    struct LicenceRevocation {
        /// @dev Moment from which the licence no longer counts (e.g. the start of a fraud), unix seconds;
        /// equal to `revokedAt` for a revocation that only ends the licence from now on.
        uint48 effectiveFrom;
        /// @dev Block time of the revocation.
        uint48 revokedAt;
        /// @dev The authority's reason code (e.g. fraud), as in `LicenceRevoked`.
        uint8 reasonCode;
    }

    /// @notice `agency` holds no licence.
    error LicensingNoLicence(address agency);
    /// @notice `agency` already holds a licence that is not revoked.
    error LicensingAlreadyLicensed(address agency);
    /// @notice `agency` was first licensed in `jurisdiction`; another country's authority cannot act on it.
    error LicensingForeignAgency(address agency, bytes2 jurisdiction);
    /// @notice The validity window is empty or ends in the past.
    error LicensingInvalidWindow(uint48 validFrom, uint48 validUntil);
    /// @notice The licence is in `status`, which does not allow this action.
    error LicensingWrongStatus(address agency, LicenceStatus status);
    /// @notice A licence document hash of zero was given.
    error LicensingZeroDocumentHash();
    /// @notice `agency` is not licensed right now.
    error LicensingNotLicensed(address agency);
    /// @notice A revocation cannot take effect at `effectiveFrom`, after the current block time `currentTime`.
    error LicensingRevocationInFuture(uint48 effectiveFrom, uint48 currentTime);

    /// @notice A licence was issued (or re-issued after a revocation).
    event LicenceIssued(
        address indexed agency,
        bytes2 indexed jurisdiction,
        bytes32 documentHash,
        uint48 validFrom,
        uint48 validUntil
    );
    /// @notice A licence was renewed with a new document and window end.
    event LicenceRenewed(address indexed agency, bytes32 documentHash, uint48 validUntil);
    /// @notice A licence was suspended for `reasonCode`.
    event LicenceSuspended(address indexed agency, uint8 reasonCode);
    /// @notice A suspended licence was reinstated.
    event LicenceReinstated(address indexed agency);
    /// @notice A licence was revoked for `reasonCode`, with effect from `effectiveFrom` (the revocation time
    /// itself, or earlier to void credentials issued since then).
    event LicenceRevoked(address indexed agency, uint8 reasonCode, uint48 effectiveFrom);

    /// @notice Issues a licence to `agency` in the calling authority's jurisdiction. Authorities only; an agency
    /// once licensed by one country can only be re-licensed (after revocation) by that country's authority.
    function issueLicence(address agency, bytes32 documentHash, uint48 validFrom, uint48 validUntil) external;

    /// @notice Renews a non-revoked licence with a new document and a later window end. Authorities of the
    /// licence's jurisdiction only, as for every change below.
    function renewLicence(address agency, bytes32 documentHash, uint48 validUntil) external;

    /// @notice Suspends an active licence. A suspension does not reach back: credentials issued while the licence
    /// was active still count as issued under a licence (`wasLicensedAt` at their issue time stays true).
    /// Reason codes (`reasonCode`), mirrored from `common/src/licence-reasons.ts` (the one definition; codes are
    /// append-only and never change meaning): 0 unspecified, 1 fraud, 2 fees-charged-to-workers,
    /// 3 contract-substitution, 4 expired-documents, 5 document-retention, 6 worker-abuse, 7 unlicensed-activity,
    /// 8 inspection-obstructed, 9 court-order, 10 voluntary-surrender, 255 other. The contract stores and emits
    /// the code as given; it does not check it against the table.
    function suspendLicence(address agency, uint8 reasonCode) external;

    /// @notice Reinstates a suspended licence.
    function reinstateLicence(address agency) external;

    /// @notice Revokes a licence, with effect from `effectiveFrom` (at most now).
    /// `effectiveFrom` = now ends the licence from now on, like a suspension that cannot be lifted; an earlier
    /// `effectiveFrom` (a licence obtained or used by fraud) makes `wasLicensedAt(agency, j, t)` false for every
    /// `t` from `effectiveFrom` up to the revocation, so credentials the agency issued in that span stop
    /// verifying. A licence already revoked may be revoked again with an `effectiveFrom` before now, for fraud
    /// found after an ordinary revocation. Authorities of the licence's jurisdiction only.
    /// WARNING: an earlier `effectiveFrom` invalidates credentials workers already hold, across any re-issue in
    /// between; it is meant for fraud.
    /// `reasonCode`: as for `suspendLicence` (0 unspecified, 1 fraud, 2 fees-charged-to-workers,
    /// 3 contract-substitution, 4 expired-documents, 5 document-retention, 6 worker-abuse,
    /// 7 unlicensed-activity, 8 inspection-obstructed, 9 court-order, 10 voluntary-surrender, 255 other;
    /// see `common/src/licence-reasons.ts`).
    function revokeLicence(address agency, uint8 reasonCode, uint48 effectiveFrom) external;

    /// @notice The current licence of `agency`.
    function licenceOf(address agency) external view returns (Licence memory);

    /// @notice Whether `agency` holds an active licence of `jurisdiction` whose window covers the current block time.
    function isLicensedNow(address agency, bytes2 jurisdiction) external view returns (bool);

    /// @notice Whether `agency` held, at past or present `time`, an active licence of `jurisdiction`
    /// whose window covered `time`, and no later revocation took effect at or before `time`. Answers from the
    /// full recorded history.
    function wasLicensedAt(address agency, bytes2 jurisdiction, uint48 time) external view returns (bool);

    /// @notice Every revocation of `agency`'s licence, oldest first.
    function licenceRevocations(address agency) external view returns (LicenceRevocation[] memory);
}
