/**
 * A local emulator of the Microsoft.AzureStack registration API (ARM) and of the Microsoft Entra token
 * endpoint it needs, for demos, tests and benchmarks that must never contact Azure. See docs/emulator.md.
 */
export { startEmulator } from "./emulator.js";
export type { RunningEmulator } from "./runningEmulator.js";
export type { EmulatorSettings } from "./settings.js";
export type {
    BucketOptions,
    Counters,
    EmulatorOptions,
    FaultKind,
    FaultRule,
    PutResponseMode,
    RequestKind,
    RequestLogEntry,
    SubscriptionIdMatching,
    ThrottlingOptions,
    TrafficRecord,
} from "./types.js";
export { loadSeedFile, normaliseSeed, SeedError, MINIMAL_SEED, FEDERATED_AUDIENCE } from "./seed.js";
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
export type { RegistrationPatch, RegistrationRef, StateApi } from "./state.js";
export type { MintFederatedTokenOptions } from "./identity.js";
export { API_VERSIONS } from "./arm.js";
export { ERROR_STATUS } from "./errors.js";
export { DEFAULT_THROTTLING } from "./throttle.js";
