/** Types of anvil.mjs (plain JavaScript, so that the test runner can use it before anything compiles). */
export declare const ANVIL_BINARY: string;
export declare function freeLoopbackPort(): Promise<number>;
export declare function rpcAnswers(url: string): Promise<boolean>;
export interface RunningAnvil {
  url: string;
  /** Private key of account 0 of this run's mnemonic. */
  deployerKey: string;
  deployerAddress: string;
  stop(): Promise<void>;
}
export declare function startAnvil(options: {
  accounts: number;
  extraArgs?: string[];
  stdio?: "inherit" | "ignore";
}): Promise<RunningAnvil>;
