// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Anchoring of record hashes, one by one or as Merkle batch roots, with revocation.
/// @notice Only hashes are anchored: the records themselves (credentials, receipts, documents) stay off chain.
/// Each issuer has its own namespace: a record is looked up by (issuer, hash), and only its issuer can change it.
interface IRecordAnchoring {
    /// @notice What an anchored hash stands for.
    enum RecordKind {
        Credential,
        LicenceDocument,
        EmploymentContract,
        FeeReceipt,
        InsurancePolicy,
        Batch,
        Other
    }

    /// @notice Status of an anchored record or of a record inside a batch.
    enum RecordStatus {
        None,
        Active,
        Suspended,
        Revoked
    }

    /// @notice One anchored hash. Packed into a single storage slot.
    struct Record {
        /// @dev Account that anchored the hash (the namespace it is stored under); the only one that may
        /// change its status.
        address issuer;
        /// @dev Block time of anchoring.
        uint48 anchoredAt;
        /// @dev What the hash stands for.
        RecordKind kind;
        /// @dev Current status; None means "never anchored".
        RecordStatus status;
        /// @dev Issuer's reason code for the latest suspension or revocation (0 when active).
        uint8 reasonCode;
    }

    /// @notice The caller may not anchor: it is neither a currently licensed agency nor an authority.
    error RecordsUnauthorizedAnchorer(address account);
    /// @notice `issuer` already anchored `recordHash`.
    error RecordsAlreadyAnchored(address issuer, bytes32 recordHash);
    /// @notice `issuer` has not anchored `recordHash` (as a batch root, where one is required).
    error RecordsNotAnchored(address issuer, bytes32 recordHash);
    /// @notice The record is in `status`, which does not allow this change.
    error RecordsWrongStatus(bytes32 recordHash, RecordStatus status);
    /// @notice A zero hash was given.
    error RecordsZeroHash();
    /// @notice `recordHash` is not in the batch `root` according to the given proof.
    error RecordsInvalidProof(bytes32 root, bytes32 recordHash);
    /// @notice A batch must hold at least one record.
    error RecordsEmptyBatch();
    /// @notice `kind` cannot be anchored through this function.
    error RecordsWrongKind(RecordKind kind);

    /// @notice `recordHash` was anchored by `issuer`.
    event RecordAnchored(bytes32 indexed recordHash, address indexed issuer, RecordKind kind);
    /// @notice A Merkle root committing to `size` records was anchored by `issuer`.
    event BatchAnchored(bytes32 indexed root, address indexed issuer, uint32 size);
    /// @notice The status of the record `recordHash` of `issuer` changed.
    event RecordStatusChanged(
        bytes32 indexed recordHash,
        address indexed issuer,
        RecordStatus status,
        uint8 reasonCode
    );
    /// @notice The status of `recordHash` inside batch `root` of `issuer` changed.
    event BatchRecordStatusChanged(
        bytes32 indexed root,
        bytes32 indexed recordHash,
        address indexed issuer,
        RecordStatus status,
        uint8 reasonCode
    );

    /// @notice Anchors one record hash in the caller's namespace. Agencies licensed now and authorities only
    /// (insurers anchor policies through `anchorInsurance` only); the same hash anchored by another account
    /// does not prevent it.
    function anchorRecord(bytes32 recordHash, RecordKind kind) external;

    /// @notice Anchors, in the caller's namespace, the root of a Merkle batch of `size` record hashes
    /// (OpenZeppelin standard tree of `bytes32` leaves:
    /// leaf = keccak256(bytes.concat(keccak256(abi.encode(recordHash))))).
    function anchorBatch(bytes32 root, uint32 size) external;

    /// @notice Suspends, reinstates (status Active) or revokes the caller's own record `recordHash`; nobody else
    /// can change it. Revocation is final.
    function setRecordStatus(bytes32 recordHash, RecordStatus status, uint8 reasonCode) external;

    /// @notice Changes the status of one record inside a batch the caller anchored, proven by `proof`. Only the
    /// batch's issuer can.
    function setBatchRecordStatus(
        bytes32 root,
        bytes32 recordHash,
        bytes32[] calldata proof,
        RecordStatus status,
        uint8 reasonCode
    ) external;

    /// @notice The record `recordHash` as anchored by `issuer` (status None when `issuer` never anchored it).
    function recordOf(address issuer, bytes32 recordHash) external view returns (Record memory);

    /// @notice Whether `recordHash` is in batch `root` per `proof` and `issuer` anchored `root` as a batch.
    /// WARNING: pass the record hash, never a leaf or inner node: the contract hashes it into the leaf
    /// itself, which is what defeats the 64-byte second-preimage trick.
    function isInBatch(
        address issuer,
        bytes32 root,
        bytes32 recordHash,
        bytes32[] calldata proof
    ) external view returns (bool);

    /// @notice Status of `recordHash` inside batch `root` of `issuer`: the batch's own status when it is
    /// suspended or revoked, else the record's own (Active unless changed). None when `issuer` anchored no
    /// batch `root`.
    function batchRecordStatus(address issuer, bytes32 root, bytes32 recordHash) external view returns (RecordStatus);
}
