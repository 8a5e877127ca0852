// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ConsortiumGovernance} from "../governance/ConsortiumGovernance.sol";
import {IAgencyLicensing} from "../interfaces/IAgencyLicensing.sol";

/// @title Agency licensing with a full, queryable history.
/// @notice Every change to a licence writes a checkpoint (block time → status and window), so
/// `wasLicensedAt` answers for any past moment, such as the moment a credential was issued.
abstract contract AgencyLicensing is ConsortiumGovernance, IAgencyLicensing {
    using Checkpoints for Checkpoints.Trace208;

    mapping(address agency => Licence) private _licences;
    mapping(address agency => Checkpoints.Trace208) private _history;
    mapping(address agency => LicenceRevocation[]) private _revocations;

    /// @inheritdoc IAgencyLicensing
    function issueLicence(address agency, bytes32 documentHash, uint48 validFrom, uint48 validUntil) external {
        bytes2 jurisdiction = _callerJurisdiction();
        if (agency == address(0)) revert GovernanceZeroAddress();
        if (documentHash == bytes32(0)) revert LicensingZeroDocumentHash();
        if (validFrom >= validUntil || validUntil <= block.timestamp) {
            revert LicensingInvalidWindow(validFrom, validUntil);
        }
        Licence storage licence = _licences[agency];
        if (licence.status != LicenceStatus.None) {
            if (licence.jurisdiction != jurisdiction) revert LicensingForeignAgency(agency, licence.jurisdiction);
            if (licence.status != LicenceStatus.Revoked) revert LicensingAlreadyLicensed(agency);
        }
        licence.jurisdiction = jurisdiction;
        licence.status = LicenceStatus.Active;
        licence.validFrom = validFrom;
        licence.validUntil = validUntil;
        licence.documentHash = documentHash;
        _checkpoint(agency, licence);
        emit LicenceIssued(agency, jurisdiction, documentHash, validFrom, validUntil);
    }

    /// @inheritdoc IAgencyLicensing
    function renewLicence(address agency, bytes32 documentHash, uint48 validUntil) external {
        Licence storage licence = _ownLicence(agency);
        if (documentHash == bytes32(0)) revert LicensingZeroDocumentHash();
        LicenceStatus status = licence.status;
        if (status == LicenceStatus.Revoked) revert LicensingWrongStatus(agency, status);
        if (validUntil <= licence.validUntil || validUntil <= block.timestamp) {
            revert LicensingInvalidWindow(licence.validFrom, validUntil);
        }
        licence.validUntil = validUntil;
        licence.documentHash = documentHash;
        _checkpoint(agency, licence);
        emit LicenceRenewed(agency, documentHash, validUntil);
    }

    /// @inheritdoc IAgencyLicensing
    function suspendLicence(address agency, uint8 reasonCode) external {
        Licence storage licence = _ownLicence(agency);
        if (licence.status != LicenceStatus.Active) revert LicensingWrongStatus(agency, licence.status);
        licence.status = LicenceStatus.Suspended;
        _checkpoint(agency, licence);
        emit LicenceSuspended(agency, reasonCode);
    }

    /// @inheritdoc IAgencyLicensing
    function reinstateLicence(address agency) external {
        Licence storage licence = _ownLicence(agency);
        if (licence.status != LicenceStatus.Suspended) revert LicensingWrongStatus(agency, licence.status);
        licence.status = LicenceStatus.Active;
        _checkpoint(agency, licence);
        emit LicenceReinstated(agency);
    }

    /// @inheritdoc IAgencyLicensing
    function revokeLicence(address agency, uint8 reasonCode, uint48 effectiveFrom) external {
        Licence storage licence = _ownLicence(agency);
        // _ownLicence rules out None, so the licence is Active, Suspended or already Revoked. A revoked licence
        // may be revoked again only to reach back (fraud found after an ordinary revocation).
        bool alreadyRevoked = licence.status == LicenceStatus.Revoked;
        if (alreadyRevoked && effectiveFrom >= block.timestamp) revert LicensingWrongStatus(agency, licence.status);
        if (effectiveFrom > block.timestamp) revert LicensingRevocationInFuture(effectiveFrom, uint48(block.timestamp));
        if (!alreadyRevoked) {
            licence.status = LicenceStatus.Revoked;
            _checkpoint(agency, licence);
        }
        _revocations[agency].push(
            LicenceRevocation({
                effectiveFrom: effectiveFrom,
                revokedAt: uint48(block.timestamp),
                reasonCode: reasonCode
            })
        );
        emit LicenceRevoked(agency, reasonCode, effectiveFrom);
    }

    /// @inheritdoc IAgencyLicensing
    function licenceOf(address agency) external view returns (Licence memory) {
        return _licences[agency];
    }

    /// @inheritdoc IAgencyLicensing
    function isLicensedNow(address agency, bytes2 jurisdiction) public view returns (bool) {
        Licence storage licence = _licences[agency];
        return licence.jurisdiction == jurisdiction && _isLicensedNow(licence);
    }

    /// @inheritdoc IAgencyLicensing
    function wasLicensedAt(address agency, bytes2 jurisdiction, uint48 time) external view returns (bool) {
        if (_licences[agency].jurisdiction != jurisdiction || time > block.timestamp) return false;
        uint208 packed = _history[agency].upperLookupRecent(time);
        (LicenceStatus status, uint48 validFrom, uint48 validUntil) = _unpack(packed);
        return status == LicenceStatus.Active && validFrom <= time && time < validUntil && !_isVoided(agency, time);
    }

    /// @inheritdoc IAgencyLicensing
    function licenceRevocations(address agency) external view returns (LicenceRevocation[] memory) {
        return _revocations[agency];
    }

    /// @dev The caller's jurisdiction-matching licence of `agency`; reverts for a foreign or unknown agency.
    function _ownLicence(address agency) private view returns (Licence storage licence) {
        bytes2 jurisdiction = _callerJurisdiction();
        licence = _licences[agency];
        if (licence.status == LicenceStatus.None) revert LicensingNoLicence(agency);
        if (licence.jurisdiction != jurisdiction) revert LicensingForeignAgency(agency, licence.jurisdiction);
    }

    /// @dev Licence jurisdiction of `agency` when its licence is valid now, else 0. One storage read.
    function _currentLicenceJurisdiction(address agency) internal view returns (bytes2) {
        Licence storage licence = _licences[agency];
        return _isLicensedNow(licence) ? licence.jurisdiction : bytes2(0);
    }

    /// @dev Whether `licence` is active and its window covers the current block time.
    function _isLicensedNow(Licence storage licence) private view returns (bool) {
        return
            licence.status == LicenceStatus.Active &&
            licence.validFrom <= block.timestamp &&
            block.timestamp < licence.validUntil;
    }

    /// @dev Whether a revocation voided `agency`'s licence at `time`: one effective from at or before `time`,
    /// made after it.
    /// The loop is bounded by the agency's revocations, each of which needs an authority transaction and a
    /// re-issue in between, so it stays a handful of iterations.
    function _isVoided(address agency, uint48 time) private view returns (bool) {
        LicenceRevocation[] storage revocations = _revocations[agency];
        for (uint256 i = 0; i < revocations.length; ++i) {
            LicenceRevocation storage revocation = revocations[i];
            if (revocation.effectiveFrom <= time && time < revocation.revokedAt) return true;
        }
        return false;
    }

    /// @dev Records the licence's status and window at the current block time.
    function _checkpoint(address agency, Licence storage licence) private {
        uint208 packed = (uint208(uint8(licence.status)) << 96) |
            (uint208(licence.validFrom) << 48) |
            uint208(licence.validUntil);
        _history[agency].push(SafeCast.toUint48(block.timestamp), packed);
    }

    /// @dev Inverse of the packing in `_checkpoint`.
    function _unpack(
        uint208 packed
    ) private pure returns (LicenceStatus status, uint48 validFrom, uint48 validUntil) {
        status = LicenceStatus(uint8(packed >> 96));
        validFrom = uint48(packed >> 48);
        validUntil = uint48(packed);
    }
}
