// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ConsortiumGovernance} from "./governance/ConsortiumGovernance.sol";
import {RecruitmentCases} from "./cases/RecruitmentCases.sol";

/// @title FairLedger: verifiable recruitment records for fair international recruitment.
/// @notice One deployment holds governance, agency licences, anchored records and recruitment cases.
/// They share one contract so that anchoring checks the anchorer's licence without an external call.
/// Only commitments live here (hashes, addresses, enums, amounts): never personal data.
contract FairLedger is RecruitmentCases {
    /// @param adminTransferDelay Seconds a consortium-admin hand-over must wait before it can be accepted.
    /// @param admin Initial consortium admin.
    constructor(
        uint48 adminTransferDelay,
        address admin
    ) ConsortiumGovernance(adminTransferDelay, admin) EIP712("FairLedger", "1") {}
}
