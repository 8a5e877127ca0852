// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {RecordAnchoring} from "../records/RecordAnchoring.sol";
import {IRecruitmentCases} from "../interfaces/IRecruitmentCases.sol";

/// @title Recruitment cases: signed employment contracts, fee receipts, closure against the corridor policy.
/// @notice EIP-712 binds each signature to this chain, this contract and one case, so a signature cannot be
/// replayed elsewhere; an amendment names the version it replaces, so a swapped contract is detectable.
abstract contract RecruitmentCases is RecordAnchoring, EIP712, IRecruitmentCases {
    /// @notice EIP-712 type of the message the agency and the employer both sign.
    bytes32 public constant EMPLOYMENT_CONTRACT_TYPEHASH =
        keccak256(
            "EmploymentContract(bytes32 caseCommitment,bytes32 contractHash,"
            "bytes32 previousContractHash,address employer)"
        );

    mapping(bytes32 caseCommitment => Case) private _cases;
    mapping(bytes32 caseCommitment => mapping(bytes32 contractHash => ContractVersion)) private _contracts;
    mapping(bytes32 caseCommitment => InsuranceCover) private _insurance;

    /// @inheritdoc IRecruitmentCases
    function openCase(bytes32 caseCommitment, bytes4 corridor) external {
        if (caseCommitment == bytes32(0)) revert CasesZeroValue();
        if (feePolicy(corridor).activatedAt == 0) revert GovernanceCorridorInactive(corridor);
        (bytes2 origin, ) = _corridorCountries(corridor);
        bytes2 licensed = _currentLicenceJurisdiction(msg.sender);
        if (licensed == bytes2(0)) revert LicensingNotLicensed(msg.sender);
        if (licensed != origin) revert CasesAgencyNotInOrigin(msg.sender, licensed, origin);
        Case storage recruitmentCase = _cases[caseCommitment];
        if (recruitmentCase.status != CaseStatus.None) revert CasesAlreadyExists(caseCommitment);
        recruitmentCase.agency = msg.sender;
        recruitmentCase.corridor = corridor;
        recruitmentCase.status = CaseStatus.Open;
        recruitmentCase.openedAt = uint48(block.timestamp);
        emit CaseOpened(caseCommitment, msg.sender, corridor);
    }

    /// @inheritdoc IRecruitmentCases
    function anchorEmploymentContract(
        bytes32 caseCommitment,
        bytes32 contractHash,
        bytes32 previousContractHash,
        address employer,
        bytes calldata agencySignature,
        bytes calldata employerSignature
    ) external {
        Case storage recruitmentCase = _openCase(caseCommitment);
        address agency = recruitmentCase.agency;
        if (_currentLicenceJurisdiction(agency) == bytes2(0)) revert LicensingNotLicensed(agency);
        (, bytes2 destination) = _corridorCountries(recruitmentCase.corridor);
        if (employerJurisdiction(employer) != destination) revert CasesEmployerNotInDestination(employer, destination);
        if (recruitmentCase.latestContract != previousContractHash) {
            revert CasesNotLatestContract(caseCommitment, recruitmentCase.latestContract, previousContractHash);
        }
        mapping(bytes32 => ContractVersion) storage versions = _contracts[caseCommitment];
        if (versions[contractHash].version != 0) revert CasesContractAlreadyAnchored(caseCommitment, contractHash);

        bytes32 digest = contractDigest(caseCommitment, contractHash, previousContractHash, employer);
        _requireSigner(digest, agencySignature, agency);
        _requireSigner(digest, employerSignature, employer);

        uint32 version = recruitmentCase.contractVersions + 1;
        if (previousContractHash != bytes32(0)) versions[previousContractHash].supersededBy = contractHash;
        versions[contractHash] = ContractVersion({
            caseCommitment: caseCommitment,
            employer: employer,
            version: version,
            anchoredAt: uint48(block.timestamp),
            supersededBy: bytes32(0)
        });
        recruitmentCase.contractVersions = version;
        recruitmentCase.latestContract = contractHash;
        _anchor(contractHash, RecordKind.EmploymentContract, agency);
        emit EmploymentContractAnchored(caseCommitment, contractHash, previousContractHash, employer, version);
    }

    /// @inheritdoc IRecruitmentCases
    function recordFeeReceipt(
        bytes32 caseCommitment,
        bytes32 receiptHash,
        Payer payer,
        uint128 amount,
        bytes3 currency,
        uint8 category
    ) external {
        Case storage recruitmentCase = _licensedAgencyOpenCase(caseCommitment);
        if (amount == 0) revert CasesZeroValue();
        bytes3 expected = feePolicy(recruitmentCase.corridor).currency;
        if (currency != expected) revert CasesCurrencyMismatch(expected, currency);
        if (payer == Payer.Worker) recruitmentCase.workerPaidTotal += amount;
        else recruitmentCase.employerPaidTotal += amount;
        recruitmentCase.receiptCount += 1;
        _anchor(receiptHash, RecordKind.FeeReceipt, msg.sender);
        emit FeeReceiptRecorded(caseCommitment, receiptHash, payer, amount, currency, category);
    }

    /// @inheritdoc IRecruitmentCases
    function closeCase(
        bytes32 caseCommitment,
        bytes32 receiptsRoot,
        uint32 receiptCount,
        uint128 workerPaidTotal,
        uint128 employerPaidTotal
    ) external {
        Case storage recruitmentCase = _licensedAgencyOpenCase(caseCommitment);
        if (
            recruitmentCase.receiptCount != receiptCount ||
            recruitmentCase.workerPaidTotal != workerPaidTotal ||
            recruitmentCase.employerPaidTotal != employerPaidTotal
        ) {
            revert CasesTotalsMismatch(
                recruitmentCase.receiptCount,
                recruitmentCase.workerPaidTotal,
                recruitmentCase.employerPaidTotal
            );
        }
        recruitmentCase.receiptsRoot = receiptsRoot;
        recruitmentCase.closedAt = uint48(block.timestamp);
        uint128 cap = feePolicy(recruitmentCase.corridor).maxWorkerPaidFee;
        if (workerPaidTotal > cap) {
            recruitmentCase.status = CaseStatus.ClosedInBreach;
            emit CaseClosedInBreach(
                caseCommitment,
                recruitmentCase.agency,
                recruitmentCase.corridor,
                receiptsRoot,
                workerPaidTotal,
                cap
            );
        } else {
            recruitmentCase.status = CaseStatus.Closed;
            emit CaseClosed(caseCommitment, receiptsRoot, workerPaidTotal, employerPaidTotal);
        }
    }

    /// @inheritdoc IRecruitmentCases
    function anchorInsurance(
        bytes32 caseCommitment,
        bytes32 policyHash,
        uint48 coverUntil
    ) external {
        bytes2 jurisdiction = insurerJurisdiction(msg.sender);
        if (jurisdiction == bytes2(0)) revert CasesNotInsurer(msg.sender);
        Case storage recruitmentCase = _cases[caseCommitment];
        if (recruitmentCase.status == CaseStatus.None) revert CasesUnknownCase(caseCommitment);
        bytes4 corridor = recruitmentCase.corridor;
        (bytes2 origin, bytes2 destination) = _corridorCountries(corridor);
        if (jurisdiction != origin && jurisdiction != destination) {
            revert CasesInsurerOutsideCorridor(msg.sender, jurisdiction, corridor);
        }
        if (coverUntil <= block.timestamp) revert CasesCoverEnded(coverUntil);
        InsuranceCover storage cover = _insurance[caseCommitment];
        // A cover in force binds its insurer to the worker: only that insurer, still granted, may replace it,
        // and never with an earlier end. An ended cover, or one whose insurer was revoked, may be replaced.
        if (cover.coverUntil > block.timestamp && insurerJurisdiction(cover.insurer) != bytes2(0)) {
            if (cover.insurer != msg.sender) revert CasesCoverHeldByOther(caseCommitment, cover.insurer);
            if (coverUntil < cover.coverUntil) revert CasesCoverShortened(caseCommitment, cover.coverUntil, coverUntil);
        }
        _anchor(policyHash, RecordKind.InsurancePolicy, msg.sender);
        cover.policyHash = policyHash;
        cover.insurer = msg.sender;
        cover.coverUntil = coverUntil;
        emit InsuranceAnchored(caseCommitment, policyHash, msg.sender, coverUntil);
    }

    /// @inheritdoc IRecruitmentCases
    function flagCase(bytes32 caseCommitment, bytes32 findingHash) external onlyRole(INSPECTOR_ROLE) {
        if (_cases[caseCommitment].status == CaseStatus.None) revert CasesUnknownCase(caseCommitment);
        if (findingHash == bytes32(0)) revert CasesZeroValue();
        emit CaseFlagged(caseCommitment, msg.sender, findingHash);
    }

    /// @inheritdoc IRecruitmentCases
    function caseOf(bytes32 caseCommitment) external view returns (Case memory) {
        return _cases[caseCommitment];
    }

    /// @inheritdoc IRecruitmentCases
    function contractVersionOf(
        bytes32 caseCommitment,
        bytes32 contractHash
    ) external view returns (ContractVersion memory) {
        return _contracts[caseCommitment][contractHash];
    }

    /// @inheritdoc IRecruitmentCases
    function isLatestContract(bytes32 caseCommitment, bytes32 contractHash) external view returns (bool) {
        ContractVersion storage version = _contracts[caseCommitment][contractHash];
        return version.version != 0 && version.supersededBy == bytes32(0);
    }

    /// @inheritdoc IRecruitmentCases
    function insuranceOf(bytes32 caseCommitment) external view returns (InsuranceCover memory) {
        return _insurance[caseCommitment];
    }

    /// @inheritdoc IRecruitmentCases
    function contractDigest(
        bytes32 caseCommitment,
        bytes32 contractHash,
        bytes32 previousContractHash,
        address employer
    ) public view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(
                    abi.encode(
                        EMPLOYMENT_CONTRACT_TYPEHASH,
                        caseCommitment,
                        contractHash,
                        previousContractHash,
                        employer
                    )
                )
            );
    }

    /// @dev The open case `caseCommitment`; reverts when unknown or not open.
    function _openCase(bytes32 caseCommitment) private view returns (Case storage recruitmentCase) {
        recruitmentCase = _cases[caseCommitment];
        if (recruitmentCase.status == CaseStatus.None) revert CasesUnknownCase(caseCommitment);
        if (recruitmentCase.status != CaseStatus.Open) revert CasesNotOpen(caseCommitment, recruitmentCase.status);
    }

    /// @dev The open case `caseCommitment`, which the caller must have opened and must be licensed for now
    /// (block time): a suspended or expired agency records no fees and closes no case, as it anchors nothing.
    function _licensedAgencyOpenCase(bytes32 caseCommitment) private view returns (Case storage recruitmentCase) {
        recruitmentCase = _openCase(caseCommitment);
        if (recruitmentCase.agency != msg.sender) revert CasesNotCaseAgency(caseCommitment, recruitmentCase.agency);
        if (_currentLicenceJurisdiction(msg.sender) == bytes2(0)) revert LicensingNotLicensed(msg.sender);
    }

    /// @dev Reverts unless `signature` over `digest` recovers to `expected`.
    function _requireSigner(bytes32 digest, bytes calldata signature, address expected) private pure {
        (address signer, ECDSA.RecoverError error, ) = ECDSA.tryRecoverCalldata(digest, signature);
        if (error != ECDSA.RecoverError.NoError || signer != expected) revert CasesInvalidSignature(expected, signer);
    }
}
