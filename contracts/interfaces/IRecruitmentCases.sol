// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Recruitment cases: employment contracts signed by agency and employer, fee receipts, closure.
/// @notice A case is identified by a salted commitment that cannot be linked to the worker without the salt.
interface IRecruitmentCases {
    /// @notice Lifecycle of a case.
    enum CaseStatus {
        None,
        Open,
        Closed,
        ClosedInBreach
    }

    /// @notice Who paid a fee.
    enum Payer {
        Employer,
        Worker
    }

    /// @notice One recruitment case.
    struct Case {
        /// @dev Licensed agency that opened the case.
        address agency;
        /// @dev Corridor, `bytes4(origin ++ destination)`.
        bytes4 corridor;
        /// @dev Current status.
        CaseStatus status;
        /// @dev Block time the case was opened.
        uint48 openedAt;
        /// @dev Block time the case was closed, 0 while open.
        uint48 closedAt;
        /// @dev Number of fee receipts recorded.
        uint32 receiptCount;
        /// @dev Number of employment contract versions anchored.
        uint32 contractVersions;
        /// @dev Hash of the latest employment contract version, 0 before the first.
        bytes32 latestContract;
        /// @dev Sum of worker-paid fees in minor units of the corridor currency.
        uint128 workerPaidTotal;
        /// @dev Sum of employer-paid fees in minor units of the corridor currency.
        uint128 employerPaidTotal;
        /// @dev Merkle root of the receipts, given at closure.
        bytes32 receiptsRoot;
    }

    /// @notice An anchored employment contract version.
    struct ContractVersion {
        /// @dev Case the contract belongs to.
        bytes32 caseCommitment;
        /// @dev Employer that signed it.
        address employer;
        /// @dev 1 for the original contract, then 2, 3… for amendments.
        uint32 version;
        /// @dev Block time of anchoring.
        uint48 anchoredAt;
        /// @dev Hash of the amendment that replaced this version, 0 while it is the latest.
        bytes32 supersededBy;
    }

    /// @notice Insurance cover anchored for a case.
    struct InsuranceCover {
        /// @dev Hash of the policy document.
        bytes32 policyHash;
        /// @dev Insurer that anchored it.
        address insurer;
        /// @dev End of cover, unix seconds.
        uint48 coverUntil;
    }

    /// @notice `caseCommitment` is already used.
    error CasesAlreadyExists(bytes32 caseCommitment);
    /// @notice No such case.
    error CasesUnknownCase(bytes32 caseCommitment);
    /// @notice The case is not open.
    error CasesNotOpen(bytes32 caseCommitment, CaseStatus status);
    /// @notice Only the case's agency `agency` may do this.
    error CasesNotCaseAgency(bytes32 caseCommitment, address agency);
    /// @notice The agency is licensed in `licensed`, but the corridor's origin is `origin`.
    error CasesAgencyNotInOrigin(address agency, bytes2 licensed, bytes2 origin);
    /// @notice `employer` is not registered in the corridor's destination `destination`.
    error CasesEmployerNotInDestination(address employer, bytes2 destination);
    /// @notice `signer` recovered from a signature is not `expected`.
    error CasesInvalidSignature(address expected, address signer);
    /// @notice The amendment names `given` as the version it replaces, but the latest is `latest`.
    error CasesNotLatestContract(bytes32 caseCommitment, bytes32 latest, bytes32 given);
    /// @notice `contractHash` is already anchored in this case.
    error CasesContractAlreadyAnchored(bytes32 caseCommitment, bytes32 contractHash);
    /// @notice A receipt is in `given`, but the corridor's policy is in `expected`.
    error CasesCurrencyMismatch(bytes3 expected, bytes3 given);
    /// @notice Totals given at closure differ from the recorded receipts.
    error CasesTotalsMismatch(uint32 receiptCount, uint128 workerPaidTotal, uint128 employerPaidTotal);
    /// @notice A zero amount or hash was given.
    error CasesZeroValue();
    /// @notice The cover end is not in the future.
    error CasesCoverEnded(uint48 coverUntil);
    /// @notice `account` is not an insurer.
    error CasesNotInsurer(address account);
    /// @notice `insurer` was granted by `jurisdiction`, which is neither side of the case's `corridor`.
    error CasesInsurerOutsideCorridor(address insurer, bytes2 jurisdiction, bytes4 corridor);
    /// @notice The case's cover in force was anchored by `insurer`; only it may replace the cover.
    error CasesCoverHeldByOther(bytes32 caseCommitment, address insurer);
    /// @notice A cover in force until `coverUntil` cannot be replaced by one ending earlier, at `given`.
    error CasesCoverShortened(bytes32 caseCommitment, uint48 coverUntil, uint48 given);

    /// @notice A case was opened.
    event CaseOpened(bytes32 indexed caseCommitment, address indexed agency, bytes4 indexed corridor);
    /// @notice A contract version was anchored, signed by agency and employer.
    event EmploymentContractAnchored(
        bytes32 indexed caseCommitment,
        bytes32 indexed contractHash,
        bytes32 indexed previousContractHash,
        address employer,
        uint32 version
    );
    /// @notice A fee receipt was recorded.
    event FeeReceiptRecorded(
        bytes32 indexed caseCommitment,
        bytes32 indexed receiptHash,
        Payer payer,
        uint128 amount,
        bytes3 currency,
        uint8 category
    );
    /// @notice The case closed within the corridor's fee policy.
    event CaseClosed(
        bytes32 indexed caseCommitment,
        bytes32 receiptsRoot,
        uint128 workerPaidTotal,
        uint128 employerPaidTotal
    );
    /// @notice The case closed, but workers paid more than the corridor policy allows.
    event CaseClosedInBreach(
        bytes32 indexed caseCommitment,
        address indexed agency,
        bytes4 indexed corridor,
        bytes32 receiptsRoot,
        uint128 workerPaidTotal,
        uint128 maxWorkerPaidFee
    );
    /// @notice Insurance cover was anchored for a case.
    event InsuranceAnchored(
        bytes32 indexed caseCommitment,
        bytes32 indexed policyHash,
        address indexed insurer,
        uint48 coverUntil
    );
    /// @notice An inspector recorded a finding on a case.
    event CaseFlagged(bytes32 indexed caseCommitment, address indexed inspector, bytes32 findingHash);

    /// @notice Opens a case in `corridor`; the caller must be an agency licensed now in the corridor's origin.
    function openCase(bytes32 caseCommitment, bytes4 corridor) external;

    /// @notice Anchors an employment contract (or an amendment replacing `previousContractHash`) signed with
    /// EIP-712 by the case's agency and by a destination-registered `employer`. Anyone may submit. Contract
    /// versions are kept per case, so the same hash anchored in another case never blocks this one.
    function anchorEmploymentContract(
        bytes32 caseCommitment,
        bytes32 contractHash,
        bytes32 previousContractHash,
        address employer,
        bytes calldata agencySignature,
        bytes calldata employerSignature
    ) external;

    /// @notice Records a fee receipt on an open case. Case agency only, while licensed (block time).
    function recordFeeReceipt(
        bytes32 caseCommitment,
        bytes32 receiptHash,
        Payer payer,
        uint128 amount,
        bytes3 currency,
        uint8 category
    ) external;

    /// @notice Closes a case with its receipts' Merkle root and totals, which must match the recorded ones.
    /// Case agency only, while licensed (block time): a suspended agency's cases stay open until reinstated.
    /// A worker-paid total above the corridor cap closes the case in breach (recorded, not refused).
    function closeCase(
        bytes32 caseCommitment,
        bytes32 receiptsRoot,
        uint32 receiptCount,
        uint128 workerPaidTotal,
        uint128 employerPaidTotal
    ) external;

    /// @notice Anchors a worker's mandatory insurance policy hash for a case, as the insurer's own record.
    /// Insurers only, and only on cases whose corridor has the granting authority's jurisdiction as origin or
    /// destination (either country may mandate the worker's cover). A cover in force can be replaced only by
    /// the insurer that anchored it (while still granted), never with an earlier end.
    function anchorInsurance(bytes32 caseCommitment, bytes32 policyHash, uint48 coverUntil) external;

    /// @notice Records an inspection finding (its hash) on a case. Inspectors only: a consortium-wide role the
    /// consortium admin grants (authorities cannot grant it).
    function flagCase(bytes32 caseCommitment, bytes32 findingHash) external;

    /// @notice The case `caseCommitment`.
    function caseOf(bytes32 caseCommitment) external view returns (Case memory);

    /// @notice The contract version `contractHash` anchored in case `caseCommitment` (version 0 when unknown).
    function contractVersionOf(
        bytes32 caseCommitment,
        bytes32 contractHash
    ) external view returns (ContractVersion memory);

    /// @notice Whether `contractHash` is anchored in case `caseCommitment` and is its latest version.
    function isLatestContract(bytes32 caseCommitment, bytes32 contractHash) external view returns (bool);

    /// @notice Insurance cover of a case (policyHash 0 when none).
    function insuranceOf(bytes32 caseCommitment) external view returns (InsuranceCover memory);

    /// @notice The EIP-712 digest the agency and the employer sign for a contract version.
    function contractDigest(
        bytes32 caseCommitment,
        bytes32 contractHash,
        bytes32 previousContractHash,
        address employer
    ) external view returns (bytes32);
}
