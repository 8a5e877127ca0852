// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Consortium governance: licensing authorities, employers, insurers and corridor fee policies.
/// @notice Who may change what: the consortium admin registers and removes authorities; an authority acts
/// only for its own jurisdiction (employers, insurers, agency licences of that country, fee policies of
/// corridors it is a side of). Jurisdictions are ISO 3166-1 alpha-2 codes as `bytes2` (e.g. "PH", "SA"). A corridor is
/// `bytes4(origin ++ destination)`, e.g. "PHSA".
interface IConsortiumGovernance {
    /// @notice The fee policy in force for a recruitment corridor.
    struct FeePolicy {
        /// @dev Highest total a worker may pay in recruitment fees, in minor units of `currency`.
        /// Zero encodes the ILO Employer Pays principle.
        uint128 maxWorkerPaidFee;
        /// @dev ISO 4217 alphabetic code, e.g. "PHP", "USD".
        bytes3 currency;
        /// @dev Block time at which both authorities' approvals made this policy effective; 0 = no policy.
        uint48 activatedAt;
    }

    /// @notice A fee policy proposed by one side of a corridor, waiting for the other side.
    struct PendingFeePolicy {
        /// @dev Proposed cap on worker-paid fees, in minor units.
        uint128 maxWorkerPaidFee;
        /// @dev Proposed ISO 4217 currency.
        bytes3 currency;
        /// @dev Whether an authority of the origin country approved this proposal.
        bool originApproved;
        /// @dev Whether an authority of the destination country approved this proposal.
        bool destinationApproved;
    }

    /// @notice `account` is not a licensing authority.
    error GovernanceNotAuthority(address account);
    /// @notice `account` is an authority, but of `actual` and not of `required`.
    error GovernanceWrongJurisdiction(address account, bytes2 required, bytes2 actual);
    /// @notice `code` is not two upper-case ASCII letters.
    error GovernanceInvalidJurisdiction(bytes2 code);
    /// @notice `code` is not three upper-case ASCII letters.
    error GovernanceInvalidCurrency(bytes3 code);
    /// @notice `account` is already registered (as authority or employer) for `jurisdiction`.
    error GovernanceAlreadyRegistered(address account, bytes2 jurisdiction);
    /// @notice `account` is not registered.
    error GovernanceNotRegistered(address account);
    /// @notice Origin and destination of a corridor must differ.
    error GovernanceSameCountryCorridor(bytes2 jurisdiction);
    /// @notice No pending proposal for `corridor`.
    error GovernanceNoPendingPolicy(bytes4 corridor);
    /// @notice The approval names a policy other than the pending one.
    error GovernancePolicyMismatch(bytes4 corridor, uint128 pendingMaxWorkerPaidFee, bytes3 pendingCurrency);
    /// @notice The caller's side of `corridor` already approved the pending policy.
    error GovernanceAlreadyApproved(bytes4 corridor, bytes2 jurisdiction);
    /// @notice `corridor` has no effective fee policy.
    error GovernanceCorridorInactive(bytes4 corridor);
    /// @notice The zero address was given where an account is required.
    error GovernanceZeroAddress();

    /// @notice `authority` now acts for `jurisdiction`.
    event AuthorityRegistered(address indexed authority, bytes2 indexed jurisdiction);
    /// @notice `authority` no longer acts for `jurisdiction`.
    event AuthorityRemoved(address indexed authority, bytes2 indexed jurisdiction);
    /// @notice `employer` was registered in `jurisdiction` by `authority`.
    event EmployerRegistered(address indexed employer, bytes2 indexed jurisdiction, address indexed authority);
    /// @notice `employer` was removed from `jurisdiction` by `authority`.
    event EmployerDeregistered(address indexed employer, bytes2 indexed jurisdiction, address indexed authority);
    /// @notice `insurer` may now anchor insurance on cases of corridors touching `jurisdiction`; granted by
    /// `authority`.
    event InsurerGranted(address indexed insurer, bytes2 indexed jurisdiction, address indexed authority);
    /// @notice `insurer` of `jurisdiction` may no longer anchor insurance; revoked by `authority`.
    event InsurerRevoked(address indexed insurer, bytes2 indexed jurisdiction, address indexed authority);
    /// @notice An authority of `proposerJurisdiction` proposed (and thereby approved) a fee policy.
    event CorridorPolicyProposed(
        bytes4 indexed corridor,
        bytes2 indexed proposerJurisdiction,
        uint128 maxWorkerPaidFee,
        bytes3 currency
    );
    /// @notice Both sides approved: the policy is in force from now on.
    event CorridorPolicyActivated(bytes4 indexed corridor, uint128 maxWorkerPaidFee, bytes3 currency);

    /// @notice Registers `authority` as a licensing authority of `jurisdiction`. Consortium admin only.
    function registerAuthority(address authority, bytes2 jurisdiction) external;

    /// @notice Removes `authority`. Consortium admin only.
    function removeAuthority(address authority) external;

    /// @notice Registers `employer` in the calling authority's jurisdiction. Licensing authorities only, for
    /// their own jurisdiction.
    function registerEmployer(address employer) external;

    /// @notice Deregisters `employer`; only an authority of the employer's jurisdiction may.
    function deregisterEmployer(address employer) external;

    /// @notice Registers `insurer` as an insurer of the calling authority's jurisdiction. Any licensing authority
    /// may, for its own jurisdiction only. The insurer may then anchor insurance only on cases whose corridor has
    /// that jurisdiction as origin or destination (see `anchorInsurance`), and no other kind of record.
    /// @dev The jurisdiction is recorded rather than a consortium-wide role: an authority's trust in an insurer
    /// ends at its own border, so one country's authority cannot empower a key over another country's cases.
    function grantInsurer(address insurer) external;

    /// @notice Revokes `insurer`. Only an authority of the jurisdiction that granted it may; covers it already
    /// anchored stay on record (and may be replaced by another insurer of the corridor).
    function revokeInsurer(address insurer) external;

    /// @notice Proposes a fee policy for `origin`→`destination`; the caller's side approves it by proposing.
    /// Only an authority of `origin` or `destination` may; a new proposal replaces a pending one.
    function proposeCorridorPolicy(bytes2 origin, bytes2 destination, uint128 maxWorkerPaidFee, bytes3 currency)
        external;

    /// @notice Approves the pending policy of `corridor`, naming it exactly; the second approval activates it.
    /// Only an authority of the corridor's side that has not approved yet may.
    function approveCorridorPolicy(bytes4 corridor, uint128 maxWorkerPaidFee, bytes3 currency) external;

    /// @notice Jurisdiction of `authority`, or 0 when it is not an authority.
    function authorityJurisdiction(address authority) external view returns (bytes2);

    /// @notice Jurisdiction whose authority granted `insurer`, or 0 when it is not an insurer.
    function insurerJurisdiction(address insurer) external view returns (bytes2);

    /// @notice Jurisdiction `employer` is registered in, or 0.
    function employerJurisdiction(address employer) external view returns (bytes2);

    /// @notice The fee policy in force for `corridor` (activatedAt = 0 when none).
    function feePolicy(bytes4 corridor) external view returns (FeePolicy memory);

    /// @notice The proposal waiting for approval on `corridor`, if any.
    function pendingFeePolicy(bytes4 corridor) external view returns (PendingFeePolicy memory);

    /// @notice The corridor identifier for `origin`→`destination`.
    function corridorId(bytes2 origin, bytes2 destination) external pure returns (bytes4);
}
