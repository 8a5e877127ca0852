// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {AgencyLicensing} from "../licensing/AgencyLicensing.sol";
import {IRecordAnchoring} from "../interfaces/IRecordAnchoring.sol";

/// @title Anchoring of record hashes and Merkle batch roots, with issuer-only revocation.
/// @notice An anchor costs one storage slot: the record's issuer, time, kind and status are packed together.
abstract contract RecordAnchoring is AgencyLicensing, IRecordAnchoring {
    mapping(bytes32 recordHash => Record) private _records;
    mapping(bytes32 rootAndRecord => RecordStatus) private _batchRecordStatus;

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
        Record storage record = _records[recordHash];
        if (record.status == RecordStatus.None) revert RecordsNotAnchored(recordHash);
        if (record.issuer != msg.sender) revert RecordsNotIssuer(recordHash, record.issuer);
        _requireTransition(recordHash, record.status, status);
        record.status = status;
        record.reasonCode = status == RecordStatus.Active ? 0 : reasonCode;
        emit RecordStatusChanged(recordHash, status, record.reasonCode);
    }

    /// @inheritdoc IRecordAnchoring
    function setBatchRecordStatus(
        bytes32 root,
        bytes32 recordHash,
        bytes32[] calldata proof,
        RecordStatus status,
        uint8 reasonCode
    ) external {
        Record storage batch = _records[root];
        if (batch.status == RecordStatus.None || batch.kind != RecordKind.Batch) revert RecordsNotAnchored(root);
        if (batch.issuer != msg.sender) revert RecordsNotIssuer(root, batch.issuer);
        if (!MerkleProof.verifyCalldata(proof, root, _leaf(recordHash))) revert RecordsInvalidProof(root, recordHash);
        bytes32 key = _batchKey(root, recordHash);
        RecordStatus current = _batchRecordStatus[key];
        _requireTransition(recordHash, current == RecordStatus.None ? RecordStatus.Active : current, status);
        _batchRecordStatus[key] = status;
        uint8 storedReason = status == RecordStatus.Active ? 0 : reasonCode;
        emit BatchRecordStatusChanged(root, recordHash, status, storedReason);
    }

    /// @inheritdoc IRecordAnchoring
    function recordOf(bytes32 recordHash) public view returns (Record memory) {
        return _records[recordHash];
    }

    /// @inheritdoc IRecordAnchoring
    function isInBatch(bytes32 root, bytes32 recordHash, bytes32[] calldata proof) external view returns (bool) {
        Record storage batch = _records[root];
        return
            batch.status != RecordStatus.None &&
            batch.kind == RecordKind.Batch &&
            MerkleProof.verifyCalldata(proof, root, _leaf(recordHash));
    }

    /// @inheritdoc IRecordAnchoring
    function batchRecordStatus(bytes32 root, bytes32 recordHash) external view returns (RecordStatus) {
        Record storage batch = _records[root];
        if (batch.status == RecordStatus.None || batch.kind != RecordKind.Batch) return RecordStatus.None;
        if (batch.status != RecordStatus.Active) return batch.status;
        RecordStatus own = _batchRecordStatus[_batchKey(root, recordHash)];
        return own == RecordStatus.None ? RecordStatus.Active : own;
    }

    /// @dev Writes a new record; reverts on a zero or already anchored hash.
    function _anchor(bytes32 recordHash, RecordKind kind, address issuer) internal {
        if (recordHash == bytes32(0)) revert RecordsZeroHash();
        Record storage record = _records[recordHash];
        if (record.status != RecordStatus.None) revert RecordsAlreadyAnchored(recordHash);
        record.issuer = issuer;
        record.anchoredAt = uint48(block.timestamp);
        record.kind = kind;
        record.status = RecordStatus.Active;
    }

    /// @dev Reverts unless `account` is an agency licensed now, a licensing authority or an insurer.
    /// The agency check comes first: it is the common case and costs a single storage read.
    function _requireAnchorer(address account) private view {
        if (_currentLicenceJurisdiction(account) != bytes2(0)) return;
        if (authorityJurisdiction(account) != bytes2(0)) return;
        if (hasRole(INSURER_ROLE, account)) return;
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

    /// @dev Storage key of one record's status inside one batch.
    function _batchKey(bytes32 root, bytes32 recordHash) private pure returns (bytes32) {
        return keccak256(abi.encode(root, recordHash));
    }
}
