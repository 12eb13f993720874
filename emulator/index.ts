/**
 * A local emulator of the Microsoft.AzureStack registration API (ARM) and of the Microsoft Entra token
 * endpoint it needs, for demos, tests and benchmarks that must never contact Azure. See docs/emulator.md.
 */
import { Emulator } from "./emulator.js";
import type { EmulatorOptions, RunningEmulator } from "./types.js";

export type {
    BucketOptions,
    Counters,
    EmulatorOptions,
    EmulatorSettings,
    FaultKind,
    FaultRule,
    PutResponseMode,
    RequestKind,
    RequestLogEntry,
    RunningEmulator,
    ThrottlingOptions,
    TrafficRecord,
} from "./types.js";
export { MINIMAL_SEED, FEDERATED_AUDIENCE } from "./seed.js";
export type {
    EmulatorSeed,
    SeedClient,
    SeedCustomerSubscription,
    SeedFederatedCredential,
    SeedLock,
    SeedMapping,
    SeedRegistration,
    SeedSubscription,
    StateData,
} from "./seed.js";
export { loadSeedFile, normaliseSeed, SeedError } from "./seedLoader.js";
export type { RegistrationRef, SubscriptionIdMatching } from "./state.js";
export type { RegistrationPatch, StateApi } from "./stateApi.js";
export type { MintFederatedTokenOptions } from "./identity.js";
export { API_VERSIONS } from "./platform.js";
export { ERROR_STATUS } from "./errors.js";
export { DEFAULT_THROTTLING } from "./faults.js";

/** Starts an emulator: its certificates, keys, state and both servers; on failure, whatever did start is stopped. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
    const emulator = new Emulator(options);
    try {
        await emulator.start();
    } catch (err) {
        await emulator.stop(); // close whatever did start, remove the work directory
        throw err;
    }
    return emulator;
}
