// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {
    AccessControlDefaultAdminRules
} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IConsortiumGovernance} from "../interfaces/IConsortiumGovernance.sol";

/// @title Consortium governance for FairLedger.
/// @notice The consortium admin is held under OpenZeppelin's default-admin rules: handing it over takes
/// a two-step transfer with a delay, so no single key can silently take over. Authorities act for one
/// jurisdiction each; a corridor's fee policy takes effect only when both of its countries approve it.
/// Roles an authority grants (employers, insurers) carry its jurisdiction, never a consortium-wide power.
abstract contract ConsortiumGovernance is AccessControlDefaultAdminRules, IConsortiumGovernance {
    /// @notice Role of labour inspectors, who may record findings on cases.
    bytes32 public constant INSPECTOR_ROLE = keccak256("INSPECTOR_ROLE");

    mapping(address account => bytes2) private _authorityJurisdiction;
    mapping(address account => bytes2) private _employerJurisdiction;
    mapping(address account => bytes2) private _insurerJurisdiction;
    mapping(bytes4 corridor => FeePolicy) private _feePolicies;
    mapping(bytes4 corridor => PendingFeePolicy) private _pendingFeePolicies;

    /// @param adminTransferDelay Seconds a default-admin hand-over must wait before it can be accepted.
    /// @param admin Initial consortium admin.
    constructor(uint48 adminTransferDelay, address admin) AccessControlDefaultAdminRules(adminTransferDelay, admin) {}

    /// @dev Reverts unless the caller is a licensing authority; returns its jurisdiction.
    function _callerJurisdiction() internal view returns (bytes2 jurisdiction) {
        jurisdiction = _authorityJurisdiction[msg.sender];
        if (jurisdiction == bytes2(0)) revert GovernanceNotAuthority(msg.sender);
    }

    /// @inheritdoc IConsortiumGovernance
    function registerAuthority(address authority, bytes2 jurisdiction) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (authority == address(0)) revert GovernanceZeroAddress();
        _requireJurisdiction(jurisdiction);
        bytes2 current = _authorityJurisdiction[authority];
        if (current != bytes2(0)) revert GovernanceAlreadyRegistered(authority, current);
        _authorityJurisdiction[authority] = jurisdiction;
        emit AuthorityRegistered(authority, jurisdiction);
    }

    /// @inheritdoc IConsortiumGovernance
    function removeAuthority(address authority) external onlyRole(DEFAULT_ADMIN_ROLE) {
        bytes2 jurisdiction = _authorityJurisdiction[authority];
        if (jurisdiction == bytes2(0)) revert GovernanceNotRegistered(authority);
        delete _authorityJurisdiction[authority];
        emit AuthorityRemoved(authority, jurisdiction);
    }

    /// @dev Employers and insurers are registered by the same rule: the caller's jurisdiction is recorded for a
    /// nonzero account not yet registered (in any jurisdiction). Returns that jurisdiction.
    function _addMember(
        mapping(address => bytes2) storage members,
        address account
    ) private returns (bytes2 jurisdiction) {
        jurisdiction = _callerJurisdiction();
        if (account == address(0)) revert GovernanceZeroAddress();
        bytes2 current = members[account];
        if (current != bytes2(0)) revert GovernanceAlreadyRegistered(account, current);
        members[account] = jurisdiction;
    }

    /// @dev The reverse of `_addMember`: only an authority of the jurisdiction that registered the account may
    /// remove it. Returns that jurisdiction.
    function _removeMember(
        mapping(address => bytes2) storage members,
        address account
    ) private returns (bytes2 jurisdiction) {
        jurisdiction = _callerJurisdiction();
        bytes2 current = members[account];
        if (current == bytes2(0)) revert GovernanceNotRegistered(account);
        if (current != jurisdiction) revert GovernanceWrongJurisdiction(msg.sender, current, jurisdiction);
        delete members[account];
    }

    /// @inheritdoc IConsortiumGovernance
    function registerEmployer(address employer) external {
        emit EmployerRegistered(employer, _addMember(_employerJurisdiction, employer), msg.sender);
    }

    /// @inheritdoc IConsortiumGovernance
    function deregisterEmployer(address employer) external {
        emit EmployerDeregistered(employer, _removeMember(_employerJurisdiction, employer), msg.sender);
    }

    /// @inheritdoc IConsortiumGovernance
    function grantInsurer(address insurer) external {
        emit InsurerGranted(insurer, _addMember(_insurerJurisdiction, insurer), msg.sender);
    }

    /// @inheritdoc IConsortiumGovernance
    function revokeInsurer(address insurer) external {
        emit InsurerRevoked(insurer, _removeMember(_insurerJurisdiction, insurer), msg.sender);
    }

    /// @inheritdoc IConsortiumGovernance
    function proposeCorridorPolicy(bytes2 origin, bytes2 destination, uint128 maxWorkerPaidFee, bytes3 currency)
        external
    {
        bytes2 jurisdiction = _callerJurisdiction();
        _requireJurisdiction(origin);
        _requireJurisdiction(destination);
        _requireCurrency(currency);
        if (origin == destination) revert GovernanceSameCountryCorridor(origin);
        if (jurisdiction != origin && jurisdiction != destination) {
            revert GovernanceWrongJurisdiction(msg.sender, origin, jurisdiction);
        }
        bytes4 corridor = corridorId(origin, destination);
        _pendingFeePolicies[corridor] = PendingFeePolicy({
            maxWorkerPaidFee: maxWorkerPaidFee,
            currency: currency,
            originApproved: jurisdiction == origin,
            destinationApproved: jurisdiction == destination
        });
        emit CorridorPolicyProposed(corridor, jurisdiction, maxWorkerPaidFee, currency);
    }

    /// @inheritdoc IConsortiumGovernance
    function approveCorridorPolicy(bytes4 corridor, uint128 maxWorkerPaidFee, bytes3 currency) external {
        bytes2 jurisdiction = _callerJurisdiction();
        PendingFeePolicy memory pending = _pendingFeePolicies[corridor];
        if (pending.currency == bytes3(0)) revert GovernanceNoPendingPolicy(corridor);
        if (pending.maxWorkerPaidFee != maxWorkerPaidFee || pending.currency != currency) {
            revert GovernancePolicyMismatch(corridor, pending.maxWorkerPaidFee, pending.currency);
        }
        (bytes2 origin, bytes2 destination) = _corridorCountries(corridor);
        if (jurisdiction == origin) {
            if (pending.originApproved) revert GovernanceAlreadyApproved(corridor, jurisdiction);
        } else if (jurisdiction == destination) {
            if (pending.destinationApproved) revert GovernanceAlreadyApproved(corridor, jurisdiction);
        } else {
            revert GovernanceWrongJurisdiction(msg.sender, destination, jurisdiction);
        }
        // The proposer's side approved on proposing, so this second approval completes the pair.
        delete _pendingFeePolicies[corridor];
        _feePolicies[corridor] = FeePolicy({
            maxWorkerPaidFee: maxWorkerPaidFee,
            currency: currency,
            activatedAt: uint48(block.timestamp)
        });
        emit CorridorPolicyActivated(corridor, maxWorkerPaidFee, currency);
    }

    /// @inheritdoc IConsortiumGovernance
    function authorityJurisdiction(address authority) public view returns (bytes2) {
        return _authorityJurisdiction[authority];
    }

    /// @inheritdoc IConsortiumGovernance
    function employerJurisdiction(address employer) public view returns (bytes2) {
        return _employerJurisdiction[employer];
    }

    /// @inheritdoc IConsortiumGovernance
    function insurerJurisdiction(address insurer) public view returns (bytes2) {
        return _insurerJurisdiction[insurer];
    }

    /// @inheritdoc IConsortiumGovernance
    function feePolicy(bytes4 corridor) public view returns (FeePolicy memory) {
        return _feePolicies[corridor];
    }

    /// @inheritdoc IConsortiumGovernance
    function pendingFeePolicy(bytes4 corridor) external view returns (PendingFeePolicy memory) {
        return _pendingFeePolicies[corridor];
    }

    /// @inheritdoc IConsortiumGovernance
    function corridorId(bytes2 origin, bytes2 destination) public pure returns (bytes4) {
        return bytes4(bytes.concat(origin, destination));
    }

    /// @dev Splits a corridor identifier into its origin and destination.
    function _corridorCountries(bytes4 corridor) internal pure returns (bytes2 origin, bytes2 destination) {
        origin = bytes2(corridor);
        destination = bytes2(corridor << 16);
    }

    /// @dev Reverts unless `code` is two upper-case ASCII letters.
    function _requireJurisdiction(bytes2 code) private pure {
        if (!_isUpper(code[0]) || !_isUpper(code[1])) revert GovernanceInvalidJurisdiction(code);
    }

    /// @dev Reverts unless `code` is three upper-case ASCII letters.
    function _requireCurrency(bytes3 code) private pure {
        if (!_isUpper(code[0]) || !_isUpper(code[1]) || !_isUpper(code[2])) revert GovernanceInvalidCurrency(code);
    }

    /// @dev Whether `char` is an ASCII letter A–Z.
    function _isUpper(bytes1 char) private pure returns (bool) {
        return char >= 0x41 && char <= 0x5A;
    }
}
