// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {AgencyLicensing} from "../licensing/AgencyLicensing.sol";
import {IRecordAnchoring} from "../interfaces/IRecordAnchoring.sol";

/// @title Anchoring of record hashes and Merkle batch roots, with issuer-only revocation.
/// @notice An anchor costs one storage slot: the record's issuer, time, kind and status are packed together.
/// Records are kept per issuer: a hash anchored by one account never blocks or shadows the same hash
/// anchored by another, so no one can pre-empt another party's record by anchoring its hash first.
abstract contract RecordAnchoring is AgencyLicensing, IRecordAnchoring {
    mapping(address issuer => mapping(bytes32 recordHash => Record)) private _records;
    mapping(bytes32 issuerRootAndRecord => RecordStatus) private _batchRecordStatus;

    /// @inheritdoc IRecordAnchoring
    function anchorRecord(bytes32 recordHash, RecordKind kind) external {
        if (kind == RecordKind.Batch) revert RecordsWrongKind(kind);
        _requireAnchorer(msg.sender);
        _anchor(recordHash, kind, msg.sender);
        emit RecordAnchored(recordHash, msg.sender, kind);
    }

    /// @inheritdoc IRecordAnchoring
    function anchorBatch(bytes32 root, uint32 size) external {
        if (size == 0) revert RecordsEmptyBatch();
        _requireAnchorer(msg.sender);
        _anchor(root, RecordKind.Batch, msg.sender);
        emit BatchAnchored(root, msg.sender, size);
    }

    /// @inheritdoc IRecordAnchoring
    function setRecordStatus(bytes32 recordHash, RecordStatus status, uint8 reasonCode) external {
        Record storage record = _records[msg.sender][recordHash];
        if (record.status == RecordStatus.None) revert RecordsNotAnchored(msg.sender, recordHash);
        _requireTransition(recordHash, record.status, status);
        record.status = status;
        record.reasonCode = status == RecordStatus.Active ? 0 : reasonCode;
        emit RecordStatusChanged(recordHash, msg.sender, status, record.reasonCode);
    }

    /// @inheritdoc IRecordAnchoring
    function setBatchRecordStatus(
        bytes32 root,
        bytes32 recordHash,
        bytes32[] calldata proof,
        RecordStatus status,
        uint8 reasonCode
    ) external {
        Record storage batch = _records[msg.sender][root];
        if (batch.status == RecordStatus.None || batch.kind != RecordKind.Batch) {
            revert RecordsNotAnchored(msg.sender, root);
        }
        if (!MerkleProof.verifyCalldata(proof, root, _leaf(recordHash))) revert RecordsInvalidProof(root, recordHash);
        bytes32 key = _batchKey(msg.sender, root, recordHash);
        RecordStatus current = _batchRecordStatus[key];
        _requireTransition(recordHash, current == RecordStatus.None ? RecordStatus.Active : current, status);
        _batchRecordStatus[key] = status;
        uint8 storedReason = status == RecordStatus.Active ? 0 : reasonCode;
        emit BatchRecordStatusChanged(root, recordHash, msg.sender, status, storedReason);
    }

    /// @inheritdoc IRecordAnchoring
    function recordOf(address issuer, bytes32 recordHash) public view returns (Record memory) {
        return _records[issuer][recordHash];
    }

    /// @inheritdoc IRecordAnchoring
    function isInBatch(
        address issuer,
        bytes32 root,
        bytes32 recordHash,
        bytes32[] calldata proof
    ) external view returns (bool) {
        Record storage batch = _records[issuer][root];
        return
            batch.status != RecordStatus.None &&
            batch.kind == RecordKind.Batch &&
            MerkleProof.verifyCalldata(proof, root, _leaf(recordHash));
    }

    /// @inheritdoc IRecordAnchoring
    function batchRecordStatus(address issuer, bytes32 root, bytes32 recordHash) external view returns (RecordStatus) {
        Record storage batch = _records[issuer][root];
        if (batch.status == RecordStatus.None || batch.kind != RecordKind.Batch) return RecordStatus.None;
        if (batch.status != RecordStatus.Active) return batch.status;
        RecordStatus own = _batchRecordStatus[_batchKey(issuer, root, recordHash)];
        return own == RecordStatus.None ? RecordStatus.Active : own;
    }

    /// @dev Writes a new record of `issuer`; reverts on a zero hash or one `issuer` already anchored.
    function _anchor(bytes32 recordHash, RecordKind kind, address issuer) internal {
        if (recordHash == bytes32(0)) revert RecordsZeroHash();
        Record storage record = _records[issuer][recordHash];
        if (record.status != RecordStatus.None) revert RecordsAlreadyAnchored(issuer, recordHash);
        record.issuer = issuer;
        record.anchoredAt = uint48(block.timestamp);
        record.kind = kind;
        record.status = RecordStatus.Active;
    }

    /// @dev Reverts unless `account` is an agency licensed now or a licensing authority. Insurers are not
    /// anchorers: they anchor only policies, through `anchorInsurance`, on cases of their corridors.
    /// The agency check comes first: it is the common case and costs a single storage read.
    function _requireAnchorer(address account) private view {
        if (_currentLicenceJurisdiction(account) != bytes2(0)) return;
        if (authorityJurisdiction(account) != bytes2(0)) return;
        revert RecordsUnauthorizedAnchorer(account);
    }

    /// @dev Allowed transitions: Active→Suspended|Revoked, Suspended→Active|Revoked. Revoked is final.
    function _requireTransition(bytes32 recordHash, RecordStatus current, RecordStatus next) private pure {
        bool allowed = (current == RecordStatus.Active &&
            (next == RecordStatus.Suspended || next == RecordStatus.Revoked)) ||
            (current == RecordStatus.Suspended && (next == RecordStatus.Active || next == RecordStatus.Revoked));
        if (!allowed) revert RecordsWrongStatus(recordHash, current);
    }

    /// @dev OpenZeppelin standard-tree leaf of a `bytes32` value: double hashing keeps a 64-byte inner
    /// node from ever being accepted as a leaf.
    function _leaf(bytes32 recordHash) private pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(recordHash))));
    }

    /// @dev Storage key of one record's status inside one issuer's batch.
    function _batchKey(address issuer, bytes32 root, bytes32 recordHash) private pure returns (bytes32) {
        return keccak256(abi.encode(issuer, root, recordHash));
    }
}
