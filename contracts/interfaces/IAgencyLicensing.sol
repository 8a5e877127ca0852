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
    /// @notice A licence was revoked for `reasonCode`.
    event LicenceRevoked(address indexed agency, uint8 reasonCode);

    /// @notice Issues a licence to `agency` in the calling authority's jurisdiction.
    function issueLicence(address agency, bytes32 documentHash, uint48 validFrom, uint48 validUntil) external;

    /// @notice Renews a non-revoked licence with a new document and a later window end.
    function renewLicence(address agency, bytes32 documentHash, uint48 validUntil) external;

    /// @notice Suspends an active licence.
    function suspendLicence(address agency, uint8 reasonCode) external;

    /// @notice Reinstates a suspended licence.
    function reinstateLicence(address agency) external;

    /// @notice Revokes a licence that is active or suspended.
    function revokeLicence(address agency, uint8 reasonCode) external;

    /// @notice The current licence of `agency`.
    function licenceOf(address agency) external view returns (Licence memory);

    /// @notice Whether `agency` holds an active licence of `jurisdiction` whose window covers the current block time.
    function isLicensedNow(address agency, bytes2 jurisdiction) external view returns (bool);

    /// @notice Whether `agency` held, at past or present `time`, an active licence of `jurisdiction`
    /// whose window covered `time`. Answers from the full recorded history.
    function wasLicensedAt(address agency, bytes2 jurisdiction, uint48 time) external view returns (bool);
}
